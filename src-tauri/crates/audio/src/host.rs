//! Reaching the platform's audio system through cpal without its panicking `default_host()`: ALSA on Linux,
//! CoreAudio on macOS, WASAPI on Windows (no other cpal host is compiled in, see decision 0018).

use crate::error::AudioError;

/// The first audio system that opens, in cpal's order of preference.
pub(crate) fn open_host() -> Result<cpal::Host, AudioError> {
    let mut last = String::from("cpal knows no audio system on this platform");
    for id in cpal::available_hosts() {
        match cpal::host_from_id(id) {
            Ok(host) => return Ok(host),
            Err(error) => last = format!("{id:?}: {error}"),
        }
    }
    Err(AudioError::NoHost(last))
}

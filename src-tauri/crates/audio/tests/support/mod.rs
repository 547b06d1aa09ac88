//! Real ALSA devices without sound hardware, for the device tests: a sandbox process whose alsa-lib reads only
//! our configuration file, which defines a "Locus Test Headset" (microphone and speaker) and "Locus Built-in
//! Audio" (the default) out of ALSA's own `file` and `null` plugins. Microphones read a tone from a raw file,
//! speakers write what they play to one; a pacer process at the other end of each plugin's pipe makes them run
//! at real time, as a sound card would. Unplugging is rewriting the configuration without the headset (alsa-lib
//! re-reads a changed file) and, for a stream that fails mid-call, stopping its pacer (the plugin's next write
//! fails, the stream reports an I/O error).

mod lab;
mod listen;
mod pacer;
mod sandbox;

#[allow(unused_imports)]
pub use lab::{BUILTIN, BUILTIN_TONE, HEADSET, HEADSET_TONE, Lab, Speaker};
#[allow(unused_imports)]
pub use listen::{Player, speaker_windows_with, wait_for_event, wait_for_tone};
pub use pacer::pacer;
pub use sandbox::{rerun_in_sandbox, sandbox};

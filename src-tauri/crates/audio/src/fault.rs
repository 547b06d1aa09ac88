//! What a stream's error means for the call: nothing (a glitch), a reason to look at the devices now (the
//! system moved the default), or a broken stream to replace. cpal has no device-change events; these error
//! callbacks plus the periodic device check are how a hot-plug is noticed.

use std::sync::mpsc::Sender;

use crate::device::Direction;

/// How serious a stream error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultClass {
    /// A glitch (under- or overrun, no real-time priority, briefly busy): audio goes on.
    Glitch,
    /// The system rerouted the stream (its default changed): check the devices now.
    Rerouted,
    /// The stream is dead (device unplugged, stream invalidated, I/O error): replace it.
    Broken,
}

/// The class of a cpal error kind. Unknown kinds count as broken: a stream that keeps running is only
/// reopened, while a dead one left alone would be silence for the rest of the call.
pub(crate) fn classify(kind: cpal::ErrorKind) -> FaultClass {
    match kind {
        cpal::ErrorKind::Xrun | cpal::ErrorKind::RealtimeDenied | cpal::ErrorKind::DeviceBusy => FaultClass::Glitch,
        cpal::ErrorKind::DeviceChanged => FaultClass::Rerouted,
        _ => FaultClass::Broken,
    }
}

/// A stream error reported to the audio thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    /// The stream's direction.
    pub(crate) direction: Direction,
    /// Which stream of that direction (errors of a stream already replaced are ignored).
    pub(crate) generation: u64,
    /// Rerouted or broken.
    pub(crate) class: FaultClass,
    /// cpal's description.
    pub(crate) message: String,
}

/// The error callback of one stream: forwards the first `Broken` error and every `Rerouted` one, logs glitches.
pub(crate) fn error_callback(
    faults: Sender<Fault>,
    direction: Direction,
    generation: u64,
) -> impl FnMut(cpal::Error) + Send + 'static {
    let mut broken_reported = false;
    move |error: cpal::Error| {
        let class = classify(error.kind());
        match class {
            FaultClass::Glitch => tracing::debug!(%direction, %error, "audio glitch"),
            FaultClass::Broken if broken_reported => {}
            FaultClass::Broken | FaultClass::Rerouted => {
                broken_reported |= class == FaultClass::Broken;
                tracing::warn!(%direction, %error, "audio stream error");
                let _ = faults.send(Fault { direction, generation, class, message: error.to_string() });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glitches_are_not_reasons_to_switch() {
        for kind in [cpal::ErrorKind::Xrun, cpal::ErrorKind::RealtimeDenied, cpal::ErrorKind::DeviceBusy] {
            assert_eq!(classify(kind), FaultClass::Glitch, "{kind:?}");
        }
        assert_eq!(classify(cpal::ErrorKind::DeviceChanged), FaultClass::Rerouted);
    }

    #[test]
    fn unplugging_and_io_errors_break_the_stream() {
        for kind in [
            cpal::ErrorKind::DeviceNotAvailable,
            cpal::ErrorKind::StreamInvalidated,
            cpal::ErrorKind::BackendError,
            cpal::ErrorKind::Other,
        ] {
            assert_eq!(classify(kind), FaultClass::Broken, "{kind:?}");
        }
    }

    #[test]
    fn a_broken_stream_is_reported_once_and_glitches_not_at_all() {
        let (sender, receiver) = std::sync::mpsc::channel();
        let mut callback = error_callback(sender, Direction::Input, 7);
        callback(cpal::ErrorKind::Xrun.into());
        callback(cpal::Error::with_message(cpal::ErrorKind::BackendError, "Input/output error"));
        callback(cpal::ErrorKind::DeviceNotAvailable.into());
        callback(cpal::ErrorKind::DeviceChanged.into());
        let faults: Vec<Fault> = receiver.try_iter().collect();
        assert_eq!(faults.len(), 2, "{faults:?}");
        assert_eq!(
            (faults[0].class, faults[0].generation, faults[0].direction),
            (FaultClass::Broken, 7, Direction::Input)
        );
        assert!(faults[0].message.contains("Input/output error"), "{}", faults[0].message);
        assert_eq!(faults[1].class, FaultClass::Rerouted);
    }
}

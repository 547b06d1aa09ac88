//! The one error type of the crate.

use crate::device::Direction;

/// What can go wrong with audio devices.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    /// No audio system could be reached (no ALSA, CoreAudio or WASAPI).
    #[error("no audio system is available: {0}")]
    NoHost(String),
    /// The audio system would not list its devices.
    #[error("cannot list audio devices: {0}")]
    Devices(String),
    /// No device with this id or name is listed.
    #[error("no {direction} device named {wanted:?}")]
    NoSuchDevice {
        /// Input or output.
        direction: Direction,
        /// The id or name asked for.
        wanted: String,
    },
    /// The device offers no configuration we can use.
    #[error("{device} offers no usable {direction} configuration: {reason}")]
    NoConfig {
        /// The device's name.
        device: String,
        /// Input or output.
        direction: Direction,
        /// Why.
        reason: String,
    },
    /// The device was found but its stream would not open or start.
    #[error("cannot open {device} for {direction}: {reason}")]
    Open {
        /// The device's name.
        device: String,
        /// Input or output.
        direction: Direction,
        /// Why.
        reason: String,
    },
    /// The audio thread could not be started.
    #[error("cannot start the audio thread: {0}")]
    Thread(#[source] std::io::Error),
    /// The audio thread ended before answering.
    #[error("the audio thread stopped unexpectedly")]
    Stopped,
}

//! What the audio thread reports while a call runs: a device lost, audio moved to another device, or no device
//! at all for a while. Plain data, for the call window and the log.

use crate::device::Direction;

/// A device audio runs through.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ActiveDevice {
    /// Its [`crate::AudioDevice::id`].
    pub id: String,
    /// Its name for people.
    pub name: String,
    /// The person's chosen device (`false`: the system default, chosen or as a fallback).
    pub is_chosen: bool,
}

/// Why audio moved to a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SwitchReason {
    /// The chosen device failed or disappeared; the system default took over.
    Fallback,
    /// The chosen device is present again (or appeared after the call started); audio went back to it.
    ChosenBack,
    /// The same device was reopened after its stream failed.
    Reopened,
    /// The system default changed and audio follows it.
    DefaultChanged,
    /// A different device was chosen during the call.
    NewChoice,
    /// A device opened after none could.
    Recovered,
}

/// A change in where a call's audio goes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum AudioEvent {
    /// The device in use stopped working or is no longer listed.
    DeviceLost {
        /// Input or output.
        direction: Direction,
        /// The device that was in use.
        device: ActiveDevice,
        /// The stream error, or that the device is no longer listed.
        reason: String,
    },
    /// Audio now runs through `device`.
    SwitchedTo {
        /// Input or output.
        direction: Direction,
        /// The device now in use.
        device: ActiveDevice,
        /// Why.
        reason: SwitchReason,
    },
    /// No device could be opened; the audio thread keeps trying at each device check.
    NoDevice {
        /// Input or output.
        direction: Direction,
        /// The last error.
        error: String,
    },
}

//! The Sound settings as the window sees them: the microphones and speakers present now, which ones the person
//! chose, and a plain note when a chosen one is not connected (calls then use the system default). Pure
//! conversions from the audio crate's device list.

use crate::AudioConfig;
use locus_audio::{AudioDevice, DefaultReason, Direction, Resolution};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One microphone or speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AudioDeviceView {
    /// What the choice stores.
    pub id: String,
    /// What people see.
    pub name: String,
    /// The system's default for its direction.
    pub is_default: bool,
}

/// The Sound settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AudioDevicesView {
    /// Microphones present now.
    pub inputs: Vec<AudioDeviceView>,
    /// Speakers and headsets present now.
    pub outputs: Vec<AudioDeviceView>,
    /// The saved choice (`null` = the system default).
    pub chosen: AudioConfig,
    /// When the chosen microphone is not connected: what calls use instead.
    pub input_note: Option<String>,
    /// When the chosen speaker is not connected: what calls use instead.
    pub output_note: Option<String>,
    /// When the device list could not be read at all (no sound system).
    pub error: Option<String>,
}

impl AudioDevicesView {
    /// The view of `devices` (or the error reading them) with the saved `chosen` devices.
    pub fn new(devices: Result<Vec<AudioDevice>, String>, chosen: AudioConfig) -> Self {
        let (devices, error) = match devices {
            Ok(devices) => (devices, None),
            Err(error) => (Vec::new(), Some(error)),
        };
        let settings = chosen.settings();
        let note = |direction| match settings.resolve(direction, &devices) {
            Resolution::Default(DefaultReason::NotFound { wanted }) => {
                Some(format!("\"{wanted}\" is not connected; calls use the system default until it is back"))
            }
            _ => None,
        };
        let (input_note, output_note) = (note(Direction::Input), note(Direction::Output));
        let of = |direction| {
            devices
                .iter()
                .filter(|d| d.direction == direction)
                .map(|d| AudioDeviceView { id: d.id.clone(), name: d.name.clone(), is_default: d.is_default })
                .collect()
        };
        Self { inputs: of(Direction::Input), outputs: of(Direction::Output), chosen, input_note, output_note, error }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(id: &str, direction: Direction, is_default: bool) -> AudioDevice {
        AudioDevice { id: id.into(), name: format!("{id} name"), direction, is_default }
    }

    #[test]
    fn devices_are_split_by_direction_and_a_missing_choice_is_explained() {
        let devices =
            vec![device("builtin-mic", Direction::Input, true), device("builtin-speaker", Direction::Output, true)];
        let chosen = AudioConfig { input: Some("usb-headset".into()), output: None };
        let view = AudioDevicesView::new(Ok(devices), chosen);
        assert_eq!(view.inputs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["builtin-mic"]);
        assert_eq!(view.outputs.len(), 1);
        assert!(view.input_note.as_deref().is_some_and(|n| n.contains("usb-headset") && n.contains("default")));
        assert_eq!((view.output_note, view.error), (None, None));
    }

    #[test]
    fn no_sound_system_is_an_error_not_an_empty_list() {
        let view = AudioDevicesView::new(Err("ALSA is not available".into()), AudioConfig::default());
        assert_eq!(view.error.as_deref(), Some("ALSA is not available"));
        assert!(view.inputs.is_empty() && view.outputs.is_empty());
    }
}

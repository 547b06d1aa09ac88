//! The remembered device choice: which input and output the person picked, saved in the app config and
//! resolved against the devices present now. A choice that is not present means the system default, with the
//! reason, and is kept: when the device comes back, calls use it again.

use crate::device::{AudioDevice, Direction};

/// The devices the person chose; `None` follows the system default.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct AudioSettings {
    /// The microphone: an [`AudioDevice::id`] (what [`AudioSettings::choose`] stores) or, hand-written, its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// The speaker or headset, the same way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

impl AudioSettings {
    /// Remembers `device` for its direction (by id, which survives restarts and renames).
    pub fn choose(&mut self, device: &AudioDevice) {
        *self.slot(device.direction) = Some(device.id.clone());
    }

    /// Goes back to the system default for `direction`.
    pub fn use_default(&mut self, direction: Direction) {
        *self.slot(direction) = None;
    }

    /// The saved id or name for `direction`.
    pub fn wanted(&self, direction: Direction) -> Option<&str> {
        match direction {
            Direction::Input => self.input.as_deref(),
            Direction::Output => self.output.as_deref(),
        }
    }

    /// The saved choice for `direction` looked up in `devices` (from [`crate::list_devices`]).
    pub fn resolve(&self, direction: Direction, devices: &[AudioDevice]) -> Resolution {
        resolve(self.wanted(direction), direction, devices)
    }

    fn slot(&mut self, direction: Direction) -> &mut Option<String> {
        match direction {
            Direction::Input => &mut self.input,
            Direction::Output => &mut self.output,
        }
    }
}

/// Where a saved choice leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The chosen device is present.
    Chosen(AudioDevice),
    /// The system default is used, for this reason.
    Default(DefaultReason),
}

/// Why the system default is used.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum DefaultReason {
    /// Nothing was chosen.
    NotChosen,
    /// The chosen device is not present (unplugged, or renamed by the system).
    NotFound {
        /// The saved id or name.
        wanted: String,
    },
}

impl std::fmt::Display for DefaultReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DefaultReason::NotChosen => f.write_str("no device was chosen"),
            DefaultReason::NotFound { wanted } => write!(f, "the chosen device {wanted:?} is not present"),
        }
    }
}

/// Looks `wanted` up among the `direction` devices: by id, then by name (exactly, then ignoring case and
/// surrounding spaces). The first match wins when names repeat.
pub fn resolve(wanted: Option<&str>, direction: Direction, devices: &[AudioDevice]) -> Resolution {
    let Some(wanted) = wanted else { return Resolution::Default(DefaultReason::NotChosen) };
    let candidates = || devices.iter().filter(|device| device.direction == direction);
    let loose = |name: &str| name.trim().to_lowercase();
    candidates()
        .find(|device| device.id == wanted)
        .or_else(|| candidates().find(|device| device.name == wanted))
        .or_else(|| candidates().find(|device| loose(&device.name) == loose(wanted)))
        .map_or_else(
            || Resolution::Default(DefaultReason::NotFound { wanted: wanted.to_owned() }),
            |device| Resolution::Chosen(device.clone()),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(id: &str, name: &str, direction: Direction, is_default: bool) -> AudioDevice {
        AudioDevice { id: id.into(), name: name.into(), direction, is_default }
    }

    fn devices() -> Vec<AudioDevice> {
        vec![
            device("alsa:default", "Default", Direction::Input, true),
            device("alsa:default", "Default", Direction::Output, true),
            device("alsa:plughw:CARD=Headset,DEV=0", "USB Headset", Direction::Input, false),
            device("alsa:plughw:CARD=Headset,DEV=0", "USB Headset", Direction::Output, false),
            device("alsa:plughw:CARD=PCH,DEV=0", "Built-in Audio", Direction::Output, false),
        ]
    }

    #[test]
    fn nothing_chosen_is_the_default() {
        let settings = AudioSettings::default();
        assert_eq!(settings.resolve(Direction::Input, &devices()), Resolution::Default(DefaultReason::NotChosen));
    }

    #[test]
    fn a_saved_id_resolves_to_its_device_in_that_direction() {
        let mut settings = AudioSettings::default();
        let headset_out = devices()[3].clone();
        settings.choose(&headset_out);
        assert_eq!(settings.output.as_deref(), Some("alsa:plughw:CARD=Headset,DEV=0"));
        assert_eq!(settings.input, None, "choosing an output leaves the input alone");
        assert_eq!(settings.resolve(Direction::Output, &devices()), Resolution::Chosen(headset_out));
    }

    #[test]
    fn a_hand_written_name_resolves_exactly_then_loosely() {
        let exact = resolve(Some("USB Headset"), Direction::Input, &devices());
        assert_eq!(exact, Resolution::Chosen(devices()[2].clone()));
        let loose = resolve(Some("  usb headset "), Direction::Input, &devices());
        assert_eq!(loose, Resolution::Chosen(devices()[2].clone()));
    }

    #[test]
    fn a_missing_device_falls_back_to_the_default_with_the_reason() {
        let missing = resolve(Some("alsa:plughw:CARD=Gone,DEV=0"), Direction::Output, &devices());
        let reason = DefaultReason::NotFound { wanted: "alsa:plughw:CARD=Gone,DEV=0".into() };
        assert_eq!(missing, Resolution::Default(reason.clone()));
        assert_eq!(reason.to_string(), "the chosen device \"alsa:plughw:CARD=Gone,DEV=0\" is not present");
    }

    #[test]
    fn a_device_of_the_other_direction_does_not_match() {
        let speaker_as_mic = resolve(Some("Built-in Audio"), Direction::Input, &devices());
        assert!(matches!(speaker_as_mic, Resolution::Default(DefaultReason::NotFound { .. })));
    }

    #[test]
    fn settings_round_trip_through_json_and_omit_unset_choices() {
        let settings = AudioSettings { input: Some("alsa:default".into()), output: None };
        let json = serde_json::to_string(&settings).expect("serialize");
        assert_eq!(json, r#"{"input":"alsa:default"}"#);
        assert_eq!(serde_json::from_str::<AudioSettings>(&json).expect("deserialize"), settings);
        assert_eq!(serde_json::from_str::<AudioSettings>("{}").expect("empty"), AudioSettings::default());
    }

    #[test]
    fn use_default_forgets_the_choice() {
        let mut settings = AudioSettings { input: Some("x".into()), output: Some("y".into()) };
        settings.use_default(Direction::Output);
        assert_eq!(settings, AudioSettings { input: Some("x".into()), output: None });
    }
}

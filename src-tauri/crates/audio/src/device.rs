//! The audio devices the system offers, as plain data: what the settings screen lists and what a saved choice
//! is resolved against.

use cpal::traits::{DeviceTrait, HostTrait};

use crate::alsa_names::hidden_alsa_pcm;
use crate::error::AudioError;
use crate::host::open_host;

/// Which way audio flows through a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// A microphone: audio into the call.
    Input,
    /// A speaker or headset: audio out of the call.
    Output,
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Direction::Input => "input",
            Direction::Output => "output",
        })
    }
}

/// One device, one direction (a headset is listed twice: its microphone and its speaker).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AudioDevice {
    /// Stable across restarts: the audio system's own id with its name in front (`alsa:plughw:CARD=Headset,DEV=0`,
    /// `coreaudio:<UID>`, `wasapi:<endpoint id>`). What [`crate::AudioSettings`] stores.
    pub id: String,
    /// What people read (`USB Headset`); not unique, may be translated.
    pub name: String,
    /// Input or output.
    pub direction: Direction,
    /// The system's default device for this direction.
    pub is_default: bool,
}

/// Every input and output device of the default audio system, the defaults included.
pub fn list_devices() -> Result<Vec<AudioDevice>, AudioError> {
    list_on(&open_host()?)
}

/// [`list_devices`] on a host already open: inputs, then outputs, each with the system default first.
pub(crate) fn list_on(host: &cpal::Host) -> Result<Vec<AudioDevice>, AudioError> {
    let mut all = Vec::new();
    for device in host.devices().map_err(|e| AudioError::Devices(e.to_string()))? {
        let Some(id) = device_id(&device) else { continue };
        if hidden_alsa_pcm(&id) {
            continue;
        }
        let name = device_name(&device).unwrap_or_else(|| id.clone());
        all.push((id, name, device.supports_input(), device.supports_output()));
    }
    let mut devices = Vec::with_capacity(all.len() + 2);
    for direction in [Direction::Input, Direction::Output] {
        let default = default_device(host, direction);
        let default_id = default.as_ref().and_then(device_id);
        let start = devices.len();
        for (id, name, input, output) in &all {
            let supports = match direction {
                Direction::Input => *input,
                Direction::Output => *output,
            };
            if supports {
                let is_default = default_id.as_deref() == Some(id.as_str());
                devices.push(AudioDevice { id: id.clone(), name: name.clone(), direction, is_default });
            }
        }
        match devices[start..].iter().position(|device| device.is_default) {
            Some(at) => devices[start..=start + at].rotate_right(1),
            // ALSA's `default` is a configuration entry, not always among the hints: list it anyway.
            None => {
                if let (Some(default), Some(id)) = (default.as_ref(), default_id) {
                    let name = device_name(default).unwrap_or_else(|| id.clone());
                    devices.insert(start, AudioDevice { id, name, direction, is_default: true });
                }
            }
        }
    }
    Ok(devices)
}

/// The system default device for `direction`.
pub(crate) fn default_device(host: &cpal::Host, direction: Direction) -> Option<cpal::Device> {
    match direction {
        Direction::Input => host.default_input_device(),
        Direction::Output => host.default_output_device(),
    }
}

/// The device listed with `id` that works in `direction`.
pub(crate) fn find_device(host: &cpal::Host, id: &str, direction: Direction) -> Option<cpal::Device> {
    if let Some(default) = default_device(host, direction)
        && device_id(&default).as_deref() == Some(id)
    {
        return Some(default);
    }
    host.devices().ok()?.find(|device| {
        let supports = match direction {
            Direction::Input => device.supports_input(),
            Direction::Output => device.supports_output(),
        };
        supports && device_id(device).as_deref() == Some(id)
    })
}

/// A device's id as we store it.
pub(crate) fn device_id(device: &cpal::Device) -> Option<String> {
    device.id().ok().map(|id| id.to_string())
}

/// A device's name for people.
pub(crate) fn device_name(device: &cpal::Device) -> Option<String> {
    device.description().ok().map(|description| description.name().to_owned())
}

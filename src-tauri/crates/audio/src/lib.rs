//! Locus audio devices: lists microphones and speakers, remembers the person's choice, and runs a call's audio
//! through them, converting to and from 20 ms frames of 8 kHz mono, G.711's rate. Devices come and go (a USB
//! headset unplugged mid-call): audio falls back to the system default and returns to the chosen device when it
//! is back. cpal inside (ALSA, CoreAudio, WASAPI); no Tauri. See docs/decisions/0018-audio-devices.md.

mod alsa_names;
mod chain;
mod config;
mod device;
mod engine;
mod error;
mod event;
mod fault;
mod frame;
mod host;
mod io;
pub mod level;
mod plan;
mod resample;
mod ring;
mod settings;
mod stream;

pub use device::{AudioDevice, Direction, list_devices};
pub use error::AudioError;
pub use event::{ActiveDevice, AudioEvent, SwitchReason};
pub use frame::{CALL_RATE, FRAME_SAMPLES, Frame};
pub use io::{AudioControl, AudioIo, AudioOptions, AudioSink, AudioStatus};
pub use settings::{AudioSettings, DefaultReason, Resolution, resolve};

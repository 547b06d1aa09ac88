//! The Sound settings behind the window: which microphones and speakers there are, and the person's choice of
//! them, saved in `config.json` and used from the next call on (a call in progress keeps its devices; the audio
//! crate still moves it to the default if one is unplugged).

use super::LocusService;
use crate::audio_view::AudioDevicesView;
use crate::{AudioConfig, Config, CoreError};
use std::sync::PoisonError;

impl LocusService {
    /// The devices present now and the saved choice.
    pub async fn audio_devices(&self) -> Result<AudioDevicesView, CoreError> {
        let devices = tokio::task::spawn_blocking(|| locus_audio::list_devices().map_err(|e| e.to_string()))
            .await
            .map_err(|e| CoreError::Internal(format!("the device list could not be read: {e}")))?;
        Ok(AudioDevicesView::new(devices, self.audio_choice()))
    }

    /// Saves `choice` (device ids; `null` for the system default) and uses it from the next call. Refused, with
    /// nothing changed, when policy locks the setting or `config.json` has errors of its own to fix first.
    pub async fn choose_audio_devices(&self, choice: AudioConfig) -> Result<AudioDevicesView, CoreError> {
        let locked = &self.policy.policy.locked_settings;
        if let Some(field) = ["audio.input", "audio.output", "audio"].iter().find(|f| locked.iter().any(|l| l == *f)) {
            return Err(CoreError::Locked(format!(
                "your organisation's policy sets {field}; it cannot be changed here"
            )));
        }
        let on_disk = Config::load(&self.paths)?;
        if !on_disk.errors.is_empty() {
            // Saving would overwrite the person's file with the last good settings: they fix it first (S6).
            return Err(CoreError::ConfigInvalid {
                path: self.paths.config_file().display().to_string(),
                errors: on_disk.errors,
            });
        }
        let mut config = on_disk.config;
        config.audio = AudioConfig {
            input: choice.input.filter(|id| !id.trim().is_empty()),
            output: choice.output.filter(|id| !id.trim().is_empty()),
        };
        config.save(&self.paths)?;
        *self.audio_choice.write().unwrap_or_else(PoisonError::into_inner) = config.audio.clone();
        tracing::info!(input = ?config.audio.input, output = ?config.audio.output, "sound devices chosen");
        self.audio_devices().await
    }

    /// The devices calls use now.
    pub(crate) fn audio_choice(&self) -> AudioConfig {
        self.audio_choice.read().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

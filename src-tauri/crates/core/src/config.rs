//! User configuration (`config.json` in the config directory). A bad file is never fatal and never destroys
//! good state (invariant S6): every problem is reported with its field, and the last good configuration (or
//! the defaults, the first time) stays in force. The bad file is left untouched for the user to fix.

use crate::{CoreError, LocusPaths};
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// Settings a user may change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Network observation settings.
    pub network: NetworkConfig,
    /// Window behaviour.
    pub ui: UiConfig,
    /// What happens to calls to us: do-not-disturb and forwarding.
    pub calls: CallsConfig,
    /// The microphone and speaker calls use.
    pub audio: AudioConfig,
}

/// The sound devices the person chose; the system's defaults while unset or unplugged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct AudioConfig {
    /// The microphone's id (or name) as the device list gives it; `null` for the system default.
    pub input: Option<String>,
    /// The speaker's or headset's id (or name); `null` for the system default.
    pub output: Option<String>,
}

impl AudioConfig {
    /// The audio crate's form of the choice.
    pub(crate) fn settings(&self) -> locus_audio::AudioSettings {
        locus_audio::AudioSettings { input: self.input.clone(), output: self.output.clone() }
    }
}

/// What happens to calls to us. Neither applies inside the PSAP callback window after a 911 call (policy
/// `emergency.callback_window_minutes`): then every incoming call rings, loudly.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct CallsConfig {
    /// Refuse incoming calls as busy (486).
    pub do_not_disturb: bool,
    /// Send incoming calls here instead (302): a number (`+13125550142`, at the account's domain) or a `sip:`,
    /// `sips:` or `tel:` URI. Takes precedence over do-not-disturb.
    pub forward_to: Option<String>,
}

/// Network observation settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct NetworkConfig {
    /// How often, in seconds, the network is re-read when the OS sends no change event (1–3600). A safety net:
    /// 10 s by default on Linux, 60 s on macOS and Windows, whose OS change notifications are the main signal.
    pub refresh_seconds: u32,
    /// Quiet time, in milliseconds, after the last OS network notification before re-reading (0–5000).
    pub debounce_ms: u32,
    /// STUN server (`host:port`) used to learn the public egress IP, which trust-gates subnet and SSID rules.
    /// Off (`null`) by default: no traffic leaves for it unless configured.
    pub public_ip_stun: Option<String>,
    /// HTTPS endpoint answering with the caller's public IP (plain text or `{"ip": "…"}`), tried before STUN when
    /// both are set. Off (`null`) by default.
    pub public_ip_https: Option<String>,
}

/// Window behaviour.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    /// Start in the tray without showing the main window.
    pub start_hidden: bool,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        let refresh_seconds = u32::try_from(locus_netprobe::watch::DEFAULT_POLL_EVERY.as_secs()).unwrap_or(10);
        Self { refresh_seconds, debounce_ms: 300, public_ip_stun: None, public_ip_https: None }
    }
}

/// One problem in a configuration, map or address, with the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldError {
    /// Dotted path to the field, e.g. `network.refresh_seconds`; `.` for the document itself.
    pub field: String,
    /// What is wrong and what would be right.
    pub message: String,
}

/// Where the configuration in force came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConfigSource {
    /// The user's `config.json`.
    File,
    /// `config.json` was invalid; the last good copy is in force.
    LastGood,
    /// No usable file; built-in defaults are in force.
    Defaults,
}

/// The outcome of loading the configuration: what is in force, where it came from, and any problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConfigLoad {
    /// The configuration in force.
    pub config: Config,
    /// Where it came from.
    pub source: ConfigSource,
    /// Problems found in `config.json`, each with its field. Empty when it was valid or absent.
    pub errors: Vec<FieldError>,
}

impl Config {
    /// Parses and validates a configuration document, collecting every problem with its field.
    pub fn parse(text: &str) -> Result<Self, Vec<FieldError>> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let config: Config = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
            let path = err.path().to_string();
            let inner = err.into_inner();
            vec![FieldError { field: path, message: describe_json_error(&inner) }]
        })?;
        let errors = config.validate();
        if errors.is_empty() { Ok(config) } else { Err(errors) }
    }

    /// Range checks that types alone cannot express.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if !(1..=3600).contains(&self.network.refresh_seconds) {
            errors.push(FieldError {
                field: "network.refresh_seconds".into(),
                message: format!("must be between 1 and 3600 seconds, not {}", self.network.refresh_seconds),
            });
        }
        if self.network.debounce_ms > 5000 {
            errors.push(FieldError {
                field: "network.debounce_ms".into(),
                message: format!("must be at most 5000 milliseconds, not {}", self.network.debounce_ms),
            });
        }
        if let Some(server) = &self.network.public_ip_stun
            && server.rsplit_once(':').is_none_or(|(host, port)| host.is_empty() || port.parse::<u16>().is_err())
        {
            errors.push(FieldError {
                field: "network.public_ip_stun".into(),
                message: format!("must be host:port (e.g. stun.example.com:3478), not \"{server}\""),
            });
        }
        if let Some(url) = &self.network.public_ip_https
            && let Err(message) = locus_netprobe::public_ip::check_https_endpoint(url)
        {
            errors.push(FieldError { field: "network.public_ip_https".into(), message });
        }
        if let Some(target) = &self.calls.forward_to
            && let Some(message) = forward_target_problem(target)
        {
            errors.push(FieldError { field: "calls.forward_to".into(), message });
        }
        errors
    }

    /// Loads `config.json`, falling back to the last good copy, then to defaults; never fails on bad content.
    pub fn load(paths: &LocusPaths) -> Result<ConfigLoad, CoreError> {
        let file = paths.config_file();
        let last_good = paths.config_dir.join("config.last-good.json");
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ConfigLoad { config: Config::default(), source: ConfigSource::Defaults, errors: vec![] });
            }
            Err(source) => {
                return Err(CoreError::Io { action: "could not read", path: file.display().to_string(), source });
            }
        };
        match Config::parse(&text) {
            Ok(config) => {
                write_file(&last_good, &text)?;
                Ok(ConfigLoad { config, source: ConfigSource::File, errors: vec![] })
            }
            Err(errors) => {
                tracing::warn!(path = %file.display(), ?errors, "config.json is invalid; keeping the last good configuration");
                let fallback = std::fs::read_to_string(&last_good).ok().and_then(|t| Config::parse(&t).ok());
                Ok(match fallback {
                    Some(config) => ConfigLoad { config, source: ConfigSource::LastGood, errors },
                    None => ConfigLoad { config: Config::default(), source: ConfigSource::Defaults, errors },
                })
            }
        }
    }

    /// Validates and writes the configuration; an invalid one is refused and nothing on disk changes.
    pub fn save(&self, paths: &LocusPaths) -> Result<(), CoreError> {
        let errors = self.validate();
        if !errors.is_empty() {
            return Err(CoreError::ConfigInvalid { path: paths.config_file().display().to_string(), errors });
        }
        let text = serde_json::to_string_pretty(self).map_err(|e| CoreError::Internal(e.to_string()))?;
        write_file(&paths.config_file(), &text)?;
        write_file(&paths.config_dir.join("config.last-good.json"), &text)
    }
}

/// Why `target` cannot be forwarded to: it must be a `sip:`, `sips:` or `tel:` URI, or a phone number.
fn forward_target_problem(target: &str) -> Option<String> {
    let target = target.trim();
    let uri_rest = ["sip:", "sips:", "tel:"].iter().find_map(|scheme| target.strip_prefix(scheme));
    let valid = match uri_rest {
        Some(rest) => !rest.is_empty() && !rest.contains(char::is_whitespace),
        None => {
            let digits = target.strip_prefix('+').unwrap_or(target);
            digits.chars().filter(char::is_ascii_digit).count() >= 3
                && digits.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.'))
        }
    };
    (!valid).then(|| {
        format!("must be a phone number (e.g. +13125550142) or a sip:, sips: or tel: address, not \"{target}\"")
    })
}

fn describe_json_error(err: &serde_json::Error) -> String {
    format!("{err}").replace(" at line", " (line").replace(" column", ", column")
        + if err.line() > 0 { ")" } else { "" }
}

/// Writes through a temporary file and a rename, so a crash never leaves half a file.
pub(crate) fn write_file(path: &Path, text: &str) -> Result<(), CoreError> {
    let tmp = path.with_extension("json.tmp");
    let io = |action, source| CoreError::Io { action, path: path.display().to_string(), source };
    std::fs::write(&tmp, text).map_err(|e| io("could not write", e))?;
    std::fs::rename(&tmp, path).map_err(|e| io("could not replace", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_field_is_named() {
        let errors = Config::parse(r#"{"network": {"refresh_secs": 3}}"#).expect_err("must fail");
        assert_eq!(errors[0].field, "network.refresh_secs");
        assert!(errors[0].message.contains("refresh_secs"), "{errors:?}");
    }

    #[test]
    fn a_public_ip_endpoint_must_be_https() {
        let errors = Config::parse(r#"{"network": {"public_ip_https": "http://ip.example.com/"}}"#).expect_err("http");
        assert_eq!(errors[0].field, "network.public_ip_https");
        let config = Config::parse(r#"{"network": {"public_ip_https": "https://ip.example.com/"}}"#).expect("https");
        assert_eq!(config.network.public_ip_https.as_deref(), Some("https://ip.example.com/"));
    }

    #[test]
    fn a_wrong_type_is_named_with_its_path() {
        let errors = Config::parse(r#"{"network": {"refresh_seconds": "fast"}}"#).expect_err("must fail");
        assert_eq!(errors[0].field, "network.refresh_seconds");
    }

    #[test]
    fn an_out_of_range_value_is_named() {
        let errors = Config::parse(r#"{"network": {"refresh_seconds": 0}}"#).expect_err("must fail");
        assert_eq!(
            errors,
            vec![FieldError {
                field: "network.refresh_seconds".into(),
                message: "must be between 1 and 3600 seconds, not 0".into()
            }]
        );
    }

    #[test]
    fn a_forwarding_target_must_be_a_number_or_an_address() {
        for good in ["+1 (312) 555-0142", "sip:bob@example.com", "tel:+13125550142"] {
            let text = format!(r#"{{"calls": {{"forward_to": "{good}", "do_not_disturb": true}}}}"#);
            assert_eq!(Config::parse(&text).expect(good).calls.forward_to.as_deref(), Some(good));
        }
        for bad in ["", "bob", "sip:", "12"] {
            let text = format!(r#"{{"calls": {{"forward_to": "{bad}"}}}}"#);
            let errors = Config::parse(&text).expect_err(bad);
            assert_eq!(errors[0].field, "calls.forward_to", "{bad}: {errors:?}");
        }
    }

    #[test]
    fn missing_fields_take_defaults() {
        assert_eq!(Config::parse("{}").expect("parse"), Config::default());
    }

    #[test]
    fn a_bad_file_keeps_the_last_good_configuration() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = LocusPaths::under(dir.path());
        paths.create_all().expect("dirs");
        std::fs::write(paths.config_file(), r#"{"network": {"refresh_seconds": 42}}"#).expect("write");
        assert_eq!(Config::load(&paths).expect("load").config.network.refresh_seconds, 42);

        std::fs::write(paths.config_file(), r#"{"network": {"refresh_seconds": -1}}"#).expect("write");
        let load = Config::load(&paths).expect("load");
        assert_eq!(load.source, ConfigSource::LastGood);
        assert_eq!(load.config.network.refresh_seconds, 42);
        assert_eq!(load.errors[0].field, "network.refresh_seconds");
        let on_disk = std::fs::read_to_string(paths.config_file()).expect("read");
        assert!(on_disk.contains("-1"), "the bad file must be left for the user to fix");
    }

    #[test]
    fn saving_an_invalid_config_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = LocusPaths::under(dir.path());
        paths.create_all().expect("dirs");
        Config::default().save(&paths).expect("save");
        let mut bad = Config::default();
        bad.network.refresh_seconds = 99_999;
        let err = bad.save(&paths).expect_err("must refuse");
        assert!(matches!(err, CoreError::ConfigInvalid { .. }));
        assert_eq!(Config::load(&paths).expect("load").config, Config::default());
    }
}

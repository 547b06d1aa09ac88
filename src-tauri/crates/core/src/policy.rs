//! The managed policy: what IT sets and the user cannot (`/etc/locus/policy.json` on Linux,
//! `/Library/Application Support/Locus/policy.json` on macOS, `%ProgramData%\Locus\policy.json` on Windows, or
//! `$LOCUS_HOME/policy/policy.json`). Map sources, pinned signing keys, notification targets, dial prefixes and
//! locked settings. A bad policy is reported field by field and nothing from it is used: no map can be applied
//! without valid pinned keys, so the map in force stays (S6).

mod notifications;

use crate::{FieldError, LocusPaths};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

pub use notifications::{
    NotificationSecret, NotificationTargets, PolicyWebhook, SmtpRelay, secret_ref_problem, store_notification_secret,
};

/// The managed policy document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct ManagedPolicy {
    /// Where IT maps come from.
    pub maps: MapDelivery,
    /// minisign public keys (the `RW…` line of a `.pub` file) that may sign maps.
    pub trusted_keys: Vec<String>,
    /// Who is told about 911 calls (Kari's Law): desktop, signed webhooks, emails.
    pub notifications: NotificationTargets,
    /// Dial plan settings.
    pub dial: DialPolicy,
    /// Names of user settings the user may not change (e.g. `network.public_ip_stun`).
    pub locked_settings: Vec<String>,
    /// What follows an emergency call on this machine.
    pub emergency: EmergencyPolicy,
}

/// What follows an emergency call on this machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct EmergencyPolicy {
    /// Minutes after a 911 call during which every incoming call may be the PSAP calling back: it ignores
    /// do-not-disturb and forwarding, rings loudly and is labelled (0 turns this off; at most 1440).
    pub callback_window_minutes: u32,
}

impl Default for EmergencyPolicy {
    fn default() -> Self {
        Self { callback_window_minutes: locus_emergency::CallbackWindow::default().minutes }
    }
}

impl EmergencyPolicy {
    /// The PSAP callback window this policy sets.
    pub fn callback_window(&self) -> locus_emergency::CallbackWindow {
        locus_emergency::CallbackWindow { minutes: self.callback_window_minutes }
    }
}

/// Map delivery settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct MapDelivery {
    /// HTTPS URLs of the map; the signature is fetched from the same URL with `.minisig` appended.
    pub urls: Vec<MapUrl>,
    /// A folder watched for `map.json` and `map.json.minisig` (software distribution drops them there).
    pub drop_folder: Option<PathBuf>,
    /// Minutes between checks of each URL (1–1440; each wait is jittered by ±10 %).
    pub poll_minutes: u32,
    /// Seconds a whole download may take, body included (1–600).
    pub timeout_seconds: u32,
    /// Largest map accepted, in bytes.
    #[ts(type = "number")]
    pub max_bytes: u64,
}

/// One map URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MapUrl {
    /// `https://…` address of the map.
    pub url: String,
    /// A PEM CA certificate trusted for this URL in addition to the OS trust store (private PKI).
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
}

/// Dial plan settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct DialPolicy {
    /// Outside-line prefixes (e.g. `9`): 9911 is an emergency call too (Kari's Law).
    pub outside_line_prefixes: Vec<String>,
    /// Only emergency calls (911 and the readback test) may be placed: for kiosks and for accounts the
    /// organisation keeps for 911 alone. Emergency calls are never restricted (S1).
    pub emergency_only: bool,
}

impl Default for MapDelivery {
    fn default() -> Self {
        Self {
            urls: vec![],
            drop_folder: None,
            poll_minutes: 15,
            timeout_seconds: 30,
            max_bytes: locus_itmap::DEFAULT_MAX_MAP_BYTES,
        }
    }
}

/// Where the policy in force came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PolicySource {
    /// No policy file: no IT maps, nothing locked.
    None,
    /// The policy file.
    File,
    /// The file is invalid; nothing from it is used.
    Invalid,
}

/// The outcome of loading the managed policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PolicyLoad {
    /// The policy in force (the default when absent or invalid).
    pub policy: ManagedPolicy,
    /// The file read.
    pub path: PathBuf,
    /// Where the policy came from.
    pub source: PolicySource,
    /// Every problem, with its field.
    pub errors: Vec<FieldError>,
    /// True when the current user could change the file (it should be writable by administrators only).
    pub user_writable: bool,
}

impl ManagedPolicy {
    /// Parses and validates a policy document, collecting every problem with its field.
    pub fn parse(text: &str) -> Result<Self, Vec<FieldError>> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let policy: ManagedPolicy = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
            let field = err.path().to_string();
            vec![FieldError { field, message: err.into_inner().to_string() }]
        })?;
        let errors = policy.validate();
        if errors.is_empty() { Ok(policy) } else { Err(errors) }
    }

    /// Checks that types alone cannot express.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut error = |field: String, message: String| errors.push(FieldError { field, message });
        for (i, source) in self.maps.urls.iter().enumerate() {
            if !source.url.starts_with("https://") || source.url.len() <= "https://".len() {
                error(format!("maps.urls[{i}].url"), format!("\"{}\" must be an https:// URL", source.url));
            }
        }
        if !(1..=1440).contains(&self.maps.poll_minutes) {
            error("maps.poll_minutes".into(), format!("must be 1 to 1440 minutes, not {}", self.maps.poll_minutes));
        }
        if !(1..=600).contains(&self.maps.timeout_seconds) {
            error(
                "maps.timeout_seconds".into(),
                format!("must be 1 to 600 seconds, not {}", self.maps.timeout_seconds),
            );
        }
        if self.maps.max_bytes < 1024 {
            error("maps.max_bytes".into(), format!("must be at least 1024 bytes, not {}", self.maps.max_bytes));
        }
        if let Some(folder) = &self.maps.drop_folder
            && !folder.is_absolute()
        {
            error("maps.drop_folder".into(), format!("\"{}\" must be an absolute path", folder.display()));
        }
        for (i, key) in self.trusted_keys.iter().enumerate() {
            if let Err(err) = locus_itmap::signature::TrustedKey::parse(key) {
                error(format!("trusted_keys[{i}]"), err.to_string());
            }
        }
        let has_sources = !self.maps.urls.is_empty() || self.maps.drop_folder.is_some();
        if has_sources && self.trusted_keys.is_empty() {
            error("trusted_keys".into(), "map sources are configured but no signing key is trusted".into());
        }
        for (i, prefix) in self.dial.outside_line_prefixes.iter().enumerate() {
            if prefix.is_empty() || prefix.len() > 3 || !prefix.chars().all(|c| c.is_ascii_digit()) {
                error(format!("dial.outside_line_prefixes[{i}]"), format!("\"{prefix}\" must be 1 to 3 digits"));
            }
        }
        if self.emergency.callback_window_minutes > 1440 {
            let minutes = self.emergency.callback_window_minutes;
            error("emergency.callback_window_minutes".into(), format!("must be 0 to 1440 minutes, not {minutes}"));
        }
        errors.extend(self.notifications.problems());
        errors
    }

    /// The pinned keys (only valid ones; `validate` reports the others).
    pub fn keys(&self) -> Vec<locus_itmap::signature::TrustedKey> {
        self.trusted_keys.iter().filter_map(|k| locus_itmap::signature::TrustedKey::parse(k).ok()).collect()
    }

    /// Loads the policy file for `paths`. Absent → no policy; invalid → reported, and the default (empty) policy
    /// is used, so no new map can be applied while the map in force stays.
    pub fn load(paths: &LocusPaths) -> PolicyLoad {
        let path = paths.policy_file.clone();
        let user_writable = is_user_writable(&path);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return PolicyLoad {
                    policy: ManagedPolicy::default(),
                    path,
                    source: PolicySource::None,
                    errors: vec![],
                    user_writable,
                };
            }
            Err(err) => {
                let errors = vec![FieldError { field: ".".into(), message: format!("could not read: {err}") }];
                return PolicyLoad {
                    policy: ManagedPolicy::default(),
                    path,
                    source: PolicySource::Invalid,
                    errors,
                    user_writable,
                };
            }
        };
        match ManagedPolicy::parse(&text) {
            Ok(policy) => PolicyLoad { policy, path, source: PolicySource::File, errors: vec![], user_writable },
            Err(errors) => {
                tracing::error!(path = %path.display(), ?errors, "the managed policy is invalid; no IT map will be applied");
                PolicyLoad {
                    policy: ManagedPolicy::default(),
                    path,
                    source: PolicySource::Invalid,
                    errors,
                    user_writable,
                }
            }
        }
    }
}

/// The OS-standard policy file.
pub(crate) fn os_policy_file() -> PathBuf {
    if cfg!(target_os = "macos") {
        PathBuf::from("/Library/Application Support/Locus/policy.json")
    } else if cfg!(windows) {
        let program_data = std::env::var_os("ProgramData").unwrap_or_else(|| "C:\\ProgramData".into());
        Path::new(&program_data).join("Locus").join("policy.json")
    } else {
        PathBuf::from("/etc/locus/policy.json")
    }
}

/// Whether the current user may write `path` (or create it, when absent). Root may write anything, so this only
/// flags a policy an ordinary user could tamper with.
fn is_user_writable(path: &Path) -> bool {
    let target =
        if path.exists() { path.to_path_buf() } else { path.parent().map(Path::to_path_buf).unwrap_or_default() };
    std::fs::metadata(&target).map(|m| !m.permissions().readonly() && owned_by_current_user(&m)).unwrap_or(false)
}

#[cfg(unix)]
fn owned_by_current_user(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // The owner can always chmod; anyone else is blocked by the mode bits we checked (readonly = no write bit).
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .is_some_and(|uid: u32| uid == metadata.uid())
}

#[cfg(not(unix))]
fn owned_by_current_user(_metadata: &std::fs::Metadata) -> bool {
    // Windows: ProgramData is writable by administrators only by default; ACLs are not inspected here.
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_psap_callback_window_defaults_to_an_hour_and_is_bounded() {
        assert_eq!(ManagedPolicy::default().emergency.callback_window().minutes, 60);
        let ten = ManagedPolicy::parse(r#"{"emergency": {"callback_window_minutes": 10}}"#).expect("valid");
        assert_eq!(ten.emergency.callback_window_minutes, 10);
        let errors = ManagedPolicy::parse(r#"{"emergency": {"callback_window_minutes": 2000}}"#).expect_err("bounded");
        assert_eq!(errors[0].field, "emergency.callback_window_minutes");
    }

    #[test]
    fn an_empty_policy_is_valid_and_has_no_sources() {
        let policy = ManagedPolicy::parse("{}").expect("parse");
        assert!(policy.maps.urls.is_empty());
        assert_eq!(policy.maps.poll_minutes, 15);
    }

    #[test]
    fn emergency_only_is_off_unless_set_and_a_wrong_type_names_its_field() {
        assert!(!ManagedPolicy::parse("{}").expect("parse").dial.emergency_only);
        let on = ManagedPolicy::parse(r#"{"dial": {"emergency_only": true}}"#).expect("parse");
        assert!(on.dial.emergency_only);
        let errors = ManagedPolicy::parse(r#"{"dial": {"emergency_only": "yes"}}"#).expect_err("a string");
        assert_eq!(errors[0].field, "dial.emergency_only");
    }

    #[test]
    fn every_bad_field_is_named() {
        let errors = ManagedPolicy::parse(
            r#"{"maps": {"urls": [{"url": "http://maps.example.com/m.json"}], "poll_minutes": 0,
                "drop_folder": "relative/dir"}, "trusted_keys": ["RWnotakey"],
                "dial": {"outside_line_prefixes": ["9x"]}}"#,
        )
        .expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "maps.urls[0].url",
                "maps.poll_minutes",
                "maps.drop_folder",
                "trusted_keys[0]",
                "dial.outside_line_prefixes[0]"
            ]
        );
    }

    #[test]
    fn sources_without_keys_are_refused() {
        let errors = ManagedPolicy::parse(r#"{"maps": {"drop_folder": "/var/lib/locus/maps"}}"#).expect_err("no keys");
        assert_eq!(errors[0].field, "trusted_keys");
    }

    #[test]
    fn an_unknown_field_is_named() {
        let errors = ManagedPolicy::parse(r#"{"maps": {"url": "https://x"}}"#).expect_err("typo");
        assert_eq!(errors[0].field, "maps.url");
    }
}

//! Where SIP passwords, carrier API keys and notification secrets (webhook signing secrets, the SMTP password)
//! live: the OS keychain (invariant S7). Keychain Services on macOS, the Credential Manager on Windows, the Secret
//! Service (gnome-keyring, KWallet) over D-Bus on Linux. There is no plain-text fallback: when the keychain is
//! locked or missing, every call fails with [`CoreError::Keychain`], whose message says how to fix it. See
//! docs/decisions/0009-os-keychain.md.
//!
//! Every call blocks: it talks to another process (on Linux over D-Bus) and the keychain may show an unlock
//! prompt. Async code runs it on the blocking pool; [`OsKeychain`] is a cheap `Clone` for that:
//!
//! ```no_run
//! # async fn example() -> Result<(), locus_core::CoreError> {
//! use locus_core::secrets::{OsKeychain, SecretKey, SecretStore};
//! let keychain = OsKeychain::new();
//! let key = SecretKey::sip_password("work");
//! let password = tokio::task::spawn_blocking(move || keychain.get(&key))
//!     .await
//!     .map_err(|e| locus_core::CoreError::Internal(e.to_string()))??;
//! # let _ = password;
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use keyring_core::api::CredentialStore;
use keyring_core::{Entry, Error as KeyringError};

use crate::CoreError;

/// The keychain "service" every Locus secret is filed under.
pub const KEYCHAIN_SERVICE: &str = "org.locus.Locus";

/// What a secret is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretKind {
    /// The password of a SIP account.
    SipPassword,
    /// The API key of a carrier (emergency-call provisioning).
    CarrierApiKey,
    /// The signing secret of a Kari's Law notification webhook, named by the policy's `secret_ref`.
    NotifyWebhookSecret,
    /// The password of the SMTP relay for Kari's Law notification emails.
    NotifySmtpPassword,
}

impl SecretKind {
    /// The prefix of the keychain account name: `sip`, `carrier`, `notify-webhook` or `notify-smtp`.
    fn prefix(self) -> &'static str {
        match self {
            SecretKind::SipPassword => "sip",
            SecretKind::CarrierApiKey => "carrier",
            SecretKind::NotifyWebhookSecret => "notify-webhook",
            SecretKind::NotifySmtpPassword => "notify-smtp",
        }
    }
}

/// Names one secret: its kind and the id of the SIP account or carrier it belongs to. It never holds the secret,
/// so it can be logged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretKey {
    kind: SecretKind,
    id: String,
}

impl SecretKey {
    /// The password of the SIP account `account_id`.
    pub fn sip_password(account_id: impl Into<String>) -> Self {
        Self { kind: SecretKind::SipPassword, id: account_id.into() }
    }

    /// The API key of the carrier `carrier_id`.
    pub fn carrier_api_key(carrier_id: impl Into<String>) -> Self {
        Self { kind: SecretKind::CarrierApiKey, id: carrier_id.into() }
    }

    /// The signing secret of the notification webhook whose policy entry says `"secret_ref": secret_ref`.
    pub fn notify_webhook_secret(secret_ref: impl Into<String>) -> Self {
        Self { kind: SecretKind::NotifyWebhookSecret, id: secret_ref.into() }
    }

    /// The password of the notification SMTP relay (there is one relay per policy).
    pub fn notify_smtp_password() -> Self {
        Self { kind: SecretKind::NotifySmtpPassword, id: String::new() }
    }

    /// What the secret is for.
    pub fn kind(&self) -> SecretKind {
        self.kind
    }

    /// The account or carrier id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The keychain account ("user") name under [`KEYCHAIN_SERVICE`]: `sip:<account id>`, `carrier:<carrier id>`,
    /// `notify-webhook:<secret_ref>`, or `notify-smtp` for the one secret without an id.
    pub fn account(&self) -> String {
        if self.id.is_empty() { self.kind.prefix().to_owned() } else { format!("{}:{}", self.kind.prefix(), self.id) }
    }

    /// The label keychain managers show for the entry.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    fn label(&self) -> String {
        match self.kind {
            SecretKind::SipPassword => format!("Locus SIP password ({})", self.id),
            SecretKind::CarrierApiKey => format!("Locus carrier API key ({})", self.id),
            SecretKind::NotifyWebhookSecret => format!("Locus notification webhook secret ({})", self.id),
            SecretKind::NotifySmtpPassword => "Locus notification SMTP password".to_owned(),
        }
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.account())
    }
}

/// Somewhere secrets can be kept. Every method blocks (see the module docs).
pub trait SecretStore: Send + Sync {
    /// Stores `secret` under `key`, replacing any secret already there.
    fn set(&self, key: &SecretKey, secret: &str) -> Result<(), CoreError>;
    /// The secret under `key`, or `None` if there is none.
    fn get(&self, key: &SecretKey) -> Result<Option<String>, CoreError>;
    /// Removes the secret under `key`. Removing a secret that is not there succeeds.
    fn delete(&self, key: &SecretKey) -> Result<(), CoreError>;
}

/// Runs a keychain call on the blocking pool (it may wait for D-Bus or an unlock prompt).
pub(crate) async fn blocking<T: Send + 'static>(
    secrets: Arc<dyn SecretStore>,
    call: impl FnOnce(&dyn SecretStore) -> Result<T, CoreError> + Send + 'static,
) -> Result<T, CoreError> {
    tokio::task::spawn_blocking(move || call(secrets.as_ref()))
        .await
        .map_err(|e| CoreError::Internal(format!("keychain task failed: {e}")))?
}

/// The OS keychain. Creating one does no I/O; the first call connects (on Linux: opens a Secret Service session
/// over D-Bus). A failed connection is not remembered, so a keychain started or unlocked later is picked up by the
/// next call.
#[derive(Clone, Default)]
pub struct OsKeychain {
    store: Arc<Mutex<Option<Arc<CredentialStore>>>>,
}

impl fmt::Debug for OsKeychain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OsKeychain").field("service", &KEYCHAIN_SERVICE).finish_non_exhaustive()
    }
}

impl OsKeychain {
    /// The keychain of the user running Locus.
    pub fn new() -> Self {
        Self::default()
    }

    /// The keychain entry for `key`, connecting to the keychain first if needed.
    fn entry(&self, key: &SecretKey) -> Result<Entry, CoreError> {
        let store = {
            let mut cached = self.store.lock().unwrap_or_else(PoisonError::into_inner);
            match cached.as_ref() {
                Some(store) => store.clone(),
                None => {
                    let store = platform::open().map_err(|e| keychain_error(key, &e))?;
                    *cached = Some(store.clone());
                    store
                }
            }
        };
        platform::build(&store, key).map_err(|e| keychain_error(key, &e))
    }

    /// Converts a keychain failure, and forgets the connection if the keychain itself failed (it may have been
    /// restarted), so the next call reconnects.
    fn fail(&self, key: &SecretKey, error: &KeyringError) -> CoreError {
        if matches!(error, KeyringError::PlatformFailure(_)) {
            *self.store.lock().unwrap_or_else(PoisonError::into_inner) = None;
        }
        keychain_error(key, error)
    }
}

impl SecretStore for OsKeychain {
    fn set(&self, key: &SecretKey, secret: &str) -> Result<(), CoreError> {
        self.entry(key)?.set_password(secret).map_err(|e| self.fail(key, &e))
    }

    fn get(&self, key: &SecretKey) -> Result<Option<String>, CoreError> {
        match self.entry(key)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(self.fail(key, &e)),
        }
    }

    fn delete(&self, key: &SecretKey) -> Result<(), CoreError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(self.fail(key, &e)),
        }
    }
}

/// A message for people. It never includes secret bytes: `BadEncoding` and `BadDataFormat` carry the stored
/// secret, so only their kind is reported (and keyring errors are never `Debug`-formatted).
fn keychain_error(key: &SecretKey, error: &KeyringError) -> CoreError {
    let message = match error {
        KeyringError::NoStorageAccess(cause) => {
            format!("the {} is locked or refused access ({cause}); {}", platform::NAME, platform::UNLOCK_HINT)
        }
        KeyringError::PlatformFailure(cause) => {
            format!("the {} is not available ({cause}); {}", platform::NAME, platform::AVAILABLE_HINT)
        }
        KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(..) => format!(
            "the {} entry {KEYCHAIN_SERVICE} / {key} is not a text secret; delete it there and enter the secret \
             again in Locus",
            platform::NAME
        ),
        KeyringError::Ambiguous(entries) => format!(
            "the {} holds {} entries for {KEYCHAIN_SERVICE} / {key}; delete the extra ones there",
            platform::NAME,
            entries.len()
        ),
        KeyringError::TooLong(field, limit) => {
            format!("the {} allows at most {limit} characters in {field} (for {key})", platform::NAME)
        }
        other => format!("the {} failed for {key}: {other}", platform::NAME),
    };
    CoreError::Keychain(message)
}

#[cfg(target_os = "linux")]
mod platform {
    use std::collections::HashMap;
    use std::sync::Arc;

    use keyring_core::api::CredentialStore;
    use keyring_core::{Entry, Result};

    use super::{KEYCHAIN_SERVICE, SecretKey};

    pub(super) const NAME: &str = "keyring (Secret Service)";
    pub(super) const UNLOCK_HINT: &str =
        "unlock your login keyring (for example in Passwords and Keys / Seahorse, or KWallet) and try again";
    pub(super) const AVAILABLE_HINT: &str = "Locus keeps passwords only in a Secret Service keyring such as \
        gnome-keyring or KWallet: install one and make sure it runs in your desktop session";

    pub(super) fn open() -> Result<Arc<CredentialStore>> {
        Ok(zbus_secret_service_keyring_store::Store::new()?)
    }

    pub(super) fn build(store: &Arc<CredentialStore>, key: &SecretKey) -> Result<Entry> {
        let label = key.label();
        let modifiers = HashMap::from([("label", label.as_str())]);
        store.build(KEYCHAIN_SERVICE, &key.account(), Some(&modifiers))
    }
}

#[cfg(target_os = "macos")]
mod platform {
    use std::sync::Arc;

    use keyring_core::api::CredentialStore;
    use keyring_core::{Entry, Result};

    use super::{KEYCHAIN_SERVICE, SecretKey};

    pub(super) const NAME: &str = "macOS keychain";
    pub(super) const UNLOCK_HINT: &str =
        "unlock your login keychain in Keychain Access and allow Locus to use it, then try again";
    pub(super) const AVAILABLE_HINT: &str = "check your login keychain in Keychain Access (First Aid) and try again";

    pub(super) fn open() -> Result<Arc<CredentialStore>> {
        Ok(apple_native_keyring_store::keychain::Store::new()?)
    }

    pub(super) fn build(store: &Arc<CredentialStore>, key: &SecretKey) -> Result<Entry> {
        store.build(KEYCHAIN_SERVICE, &key.account(), None)
    }
}

#[cfg(windows)]
mod platform {
    use std::sync::Arc;

    use keyring_core::api::CredentialStore;
    use keyring_core::{Entry, Result};

    use super::{KEYCHAIN_SERVICE, SecretKey};

    pub(super) const NAME: &str = "Windows Credential Manager";
    pub(super) const UNLOCK_HINT: &str = "sign in to Windows with your own account and try again";
    pub(super) const AVAILABLE_HINT: &str =
        "make sure the Credential Manager service (VaultSvc) is running and try again";

    pub(super) fn open() -> Result<Arc<CredentialStore>> {
        Ok(windows_native_keyring_store::Store::new()?)
    }

    pub(super) fn build(store: &Arc<CredentialStore>, key: &SecretKey) -> Result<Entry> {
        store.build(KEYCHAIN_SERVICE, &key.account(), None)
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
mod platform {
    use std::sync::Arc;

    use keyring_core::api::CredentialStore;
    use keyring_core::{Entry, Error, Result};

    use super::SecretKey;

    pub(super) const NAME: &str = "OS keychain";
    pub(super) const UNLOCK_HINT: &str = "unlock it and try again";
    pub(super) const AVAILABLE_HINT: &str = "Locus supports the keychains of Linux, macOS and Windows only";

    pub(super) fn open() -> Result<Arc<CredentialStore>> {
        Err(Error::PlatformFailure("no keychain support for this operating system".into()))
    }

    pub(super) fn build(_store: &Arc<CredentialStore>, _key: &SecretKey) -> Result<Entry> {
        Err(Error::NotSupportedByStore("no keychain support for this operating system".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_their_kind_and_id() {
        assert_eq!(SecretKey::sip_password("work").account(), "sip:work");
        assert_eq!(SecretKey::carrier_api_key("bandwidth").to_string(), "carrier:bandwidth");
        assert_ne!(SecretKey::sip_password("x"), SecretKey::carrier_api_key("x"));
        assert_eq!(SecretKey::notify_webhook_secret("security-desk").account(), "notify-webhook:security-desk");
        assert_eq!(SecretKey::notify_smtp_password().to_string(), "notify-smtp");
    }

    #[test]
    fn errors_never_carry_the_secret() {
        let error = keychain_error(&SecretKey::sip_password("work"), &KeyringError::BadEncoding(b"hunter2".to_vec()));
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("hunter2") && !shown.contains("104, 117"), "{shown}");
        assert!(shown.contains("sip:work"), "{shown}");
    }
}

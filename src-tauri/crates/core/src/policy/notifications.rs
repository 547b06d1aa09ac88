//! The managed policy's Kari's Law targets: whether this machine shows a desktop notification after a 911 call,
//! the webhooks (each a URL and the *name* of its signing secret), email recipients and the SMTP relay that
//! reaches them — checked field by field like the rest of the policy. No secret is ever in the policy file (S7):
//! a webhook names its signing secret with `secret_ref`, and the relay's password is one keychain entry;
//! [`store_notification_secret`] puts either in the OS keychain (`locusctl notify secret`). Nothing here sends
//! anything: the service notifies after the emergency INVITE has left (S4).

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::secrets::{SecretKey, SecretStore, blocking};
use crate::{CoreError, FieldError};

/// The SMTP submission port, the default relay port.
const SUBMISSION_PORT: u16 = 587;

/// Longest `secret_ref`.
const MAX_SECRET_REF: usize = 64;

/// Who is told about emergency calls (Kari's Law).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct NotificationTargets {
    /// Show a desktop notification on this machine after a 911 call.
    pub desktop: bool,
    /// Webhooks the signed JSON notice is POSTed to.
    pub webhooks: Vec<PolicyWebhook>,
    /// Email recipients; each gets its own message through `smtp`.
    pub emails: Vec<String>,
    /// The relay that sends `emails`; required when any email is listed.
    pub smtp: Option<SmtpRelay>,
}

impl Default for NotificationTargets {
    fn default() -> Self {
        Self { desktop: true, webhooks: Vec::new(), emails: Vec::new(), smtp: None }
    }
}

/// One webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PolicyWebhook {
    /// `https://…`, or `http://` to a loopback address only.
    pub url: String,
    /// The name of its HMAC-SHA256 signing secret in the OS keychain (`locusctl notify secret --webhook NAME`).
    pub secret_ref: String,
}

/// The SMTP relay for notification emails (submission with STARTTLS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SmtpRelay {
    /// Host name (the name its certificate must carry).
    pub host: String,
    /// Port; 587 when absent.
    #[serde(default = "submission_port")]
    pub port: u16,
    /// Login; empty for a relay that does not authenticate. The password is in the OS keychain
    /// (`locusctl notify secret --smtp`).
    #[serde(default)]
    pub username: String,
    /// The `From:` mailbox (`locus@example.com` or `Locus <locus@example.com>`).
    pub from: String,
    /// Send nothing, not even the login, to a relay that does not offer STARTTLS (default true).
    #[serde(default = "yes")]
    pub starttls_required: bool,
    /// A PEM CA certificate trusted for the relay in addition to the OS trust store (private PKI).
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
}

fn submission_port() -> u16 {
    SUBMISSION_PORT
}

fn yes() -> bool {
    true
}

impl NotificationTargets {
    /// Every problem, each with its field under `notifications.`; empty when valid.
    pub(crate) fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut error = |field: String, message: String| errors.push(FieldError { field, message });
        for (i, webhook) in self.webhooks.iter().enumerate() {
            if let Some(problem) = locus_emergency::notifier::webhook_url_problem(&webhook.url) {
                error(format!("notifications.webhooks[{i}].url"), format!("\"{}\": {problem}", webhook.url));
            }
            if let Some(problem) = secret_ref_problem(&webhook.secret_ref) {
                error(format!("notifications.webhooks[{i}].secret_ref"), problem);
            }
        }
        for (i, email) in self.emails.iter().enumerate() {
            if !is_address(email) {
                error(format!("notifications.emails[{i}]"), format!("\"{email}\" is not an email address"));
            }
        }
        match &self.smtp {
            None if !self.emails.is_empty() => {
                error("notifications.smtp".into(), "emails are listed but no SMTP relay is configured".into());
            }
            None => {}
            Some(relay) => {
                let host = relay.host.trim();
                if host.is_empty() || host.contains(char::is_whitespace) || host.contains('/') {
                    error("notifications.smtp.host".into(), format!("\"{}\" is not a host name", relay.host));
                }
                if relay.port == 0 {
                    error("notifications.smtp.port".into(), "must be 1 to 65535, not 0".into());
                }
                if !is_mailbox(&relay.from) {
                    error("notifications.smtp.from".into(), format!("\"{}\" is not an email address", relay.from));
                }
                if let Some(ca_file) = &relay.ca_file
                    && !ca_file.is_absolute()
                {
                    error(
                        "notifications.smtp.ca_file".into(),
                        format!("\"{}\" must be an absolute path", ca_file.display()),
                    );
                }
            }
        }
        errors
    }
}

/// Why `name` cannot name a webhook secret, or `None`.
pub fn secret_ref_problem(name: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if name.is_empty() || name.len() > MAX_SECRET_REF || !name.chars().all(allowed) {
        Some(format!("\"{name}\" is not a secret name: 1 to {MAX_SECRET_REF} letters, digits, '-', '_' or '.'"))
    } else {
        None
    }
}

/// `local@domain`, without spaces or angle brackets.
fn is_address(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            let plain = |part: &str| {
                !part.is_empty() && !part.contains(['@', '<', '>', ',', ';']) && !part.contains(char::is_whitespace)
            };
            plain(local) && plain(domain) && !domain.starts_with('.') && !domain.ends_with('.')
        }
        None => false,
    }
}

/// An address, or `Display Name <address>`.
fn is_mailbox(text: &str) -> bool {
    let text = text.trim();
    match (text.rfind('<'), text.strip_suffix('>')) {
        (Some(open), Some(inner)) => is_address(&inner[open + 1..]),
        _ => is_address(text),
    }
}

/// Which notification secret to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotificationSecret {
    /// The signing secret a policy webhook names with `secret_ref`.
    Webhook {
        /// The policy's `secret_ref`.
        secret_ref: String,
    },
    /// The SMTP relay's password.
    SmtpPassword,
}

impl NotificationSecret {
    /// Where it lives in the keychain.
    pub fn key(&self) -> SecretKey {
        match self {
            NotificationSecret::Webhook { secret_ref } => SecretKey::notify_webhook_secret(secret_ref.clone()),
            NotificationSecret::SmtpPassword => SecretKey::notify_smtp_password(),
        }
    }
}

/// Stores `secret` in the OS keychain as `which` (replacing any secret there). Returns the key it was stored
/// under. Refuses an empty secret and a `secret_ref` the policy could not name.
pub async fn store_notification_secret(
    secrets: Arc<dyn SecretStore>,
    which: &NotificationSecret,
    secret: String,
) -> Result<SecretKey, CoreError> {
    if let NotificationSecret::Webhook { secret_ref } = which
        && let Some(problem) = secret_ref_problem(secret_ref)
    {
        return Err(CoreError::Refused(problem));
    }
    if secret.is_empty() {
        return Err(CoreError::Refused("the secret is empty".into()));
    }
    let key = which.key();
    blocking(secrets, {
        let key = key.clone();
        move |store| store.set(&key, &secret)
    })
    .await?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ManagedPolicy;

    fn fields(policy: &str) -> Vec<String> {
        match ManagedPolicy::parse(policy) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.field).collect(),
        }
    }

    #[test]
    fn absent_notifications_mean_the_desktop_only() {
        let policy = ManagedPolicy::parse("{}").expect("parse");
        assert_eq!(policy.notifications, NotificationTargets::default());
        assert!(policy.notifications.desktop);
        let quiet = ManagedPolicy::parse(r#"{"notifications": {"desktop": false}}"#).expect("parse");
        assert!(!quiet.notifications.desktop);
    }

    #[test]
    fn a_full_policy_parses_with_its_defaults() {
        let policy = ManagedPolicy::parse(
            r#"{"notifications": {
                "webhooks": [{"url": "https://security.example.com/hooks/911", "secret_ref": "security-desk"},
                             {"url": "http://127.0.0.1:8080/hook", "secret_ref": "local.relay_1"}],
                "emails": ["security@example.com"],
                "smtp": {"host": "smtp.example.com", "username": "locus", "from": "Locus <locus@example.com>",
                         "ca_file": "/etc/locus/smtp-ca.pem"}}}"#,
        )
        .expect("valid");
        let targets = &policy.notifications;
        assert_eq!(targets.webhooks[1].secret_ref, "local.relay_1");
        let relay = targets.smtp.as_ref().expect("relay");
        assert_eq!((relay.port, relay.starttls_required), (587, true));
        assert_eq!(relay.ca_file.as_deref(), Some(std::path::Path::new("/etc/locus/smtp-ca.pem")));
    }

    #[test]
    fn every_bad_notification_field_is_named() {
        let errors = fields(
            r#"{"notifications": {
                "webhooks": [{"url": "http://hooks.example.com/911", "secret_ref": "has space"},
                             {"url": "https://ok.example.com/911", "secret_ref": ""}],
                "emails": ["security@example.com", "not-an-address"],
                "smtp": {"host": "", "port": 0, "from": "nobody", "ca_file": "relative.pem"}}}"#,
        );
        assert_eq!(
            errors,
            [
                "notifications.webhooks[0].url",
                "notifications.webhooks[0].secret_ref",
                "notifications.webhooks[1].secret_ref",
                "notifications.emails[1]",
                "notifications.smtp.host",
                "notifications.smtp.port",
                "notifications.smtp.from",
                "notifications.smtp.ca_file",
            ]
        );
    }

    #[test]
    fn emails_need_a_relay() {
        assert_eq!(fields(r#"{"notifications": {"emails": ["security@example.com"]}}"#), ["notifications.smtp"]);
    }

    #[test]
    fn a_webhook_is_an_object_with_a_secret_name_and_nothing_else() {
        // The old form (a bare URL) cannot say which secret signs it.
        assert_eq!(
            fields(r#"{"notifications": {"webhooks": ["https://x.example.com/911"]}}"#),
            ["notifications.webhooks[0]"]
        );
        // A secret in the policy file is refused by name (S7).
        let errors = ManagedPolicy::parse(
            r#"{"notifications": {"webhooks": [{"url": "https://x.example.com", "secret_ref": "a", "secret": "s"}]}}"#,
        )
        .expect_err("unknown field");
        assert_eq!(errors[0].field, "notifications.webhooks[0].secret");
        assert!(errors[0].message.contains("unknown field"), "{}", errors[0].message);
        assert_eq!(
            fields(r#"{"notifications": {"smtp": {"host": "h", "from": "a@b.c", "password": "p"}}}"#),
            ["notifications.smtp.password"]
        );
    }

    #[test]
    fn secret_names_are_plain() {
        assert_eq!(secret_ref_problem("security-desk_1.v2"), None);
        assert!(secret_ref_problem("../etc").is_some());
        assert!(secret_ref_problem(&"x".repeat(65)).is_some());
        assert_eq!(NotificationSecret::SmtpPassword.key().account(), "notify-smtp");
    }
}

//! Where Kari's Law notifications go, as the managed policy lists them: the desktop, signed webhooks and email
//! recipients with the SMTP relay that reaches them. Plain data; nothing here connects anywhere.

use std::fmt;

use super::secret::NotifierSecret;

/// Every target of one emergency call's notifications.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotificationTargets {
    /// Show a desktop notification on this machine.
    pub desktop: bool,
    /// Webhooks to POST the notice to.
    pub webhooks: Vec<WebhookTarget>,
    /// Email recipients (each gets its own message, retried on its own).
    pub emails: Vec<String>,
    /// The relay for `emails`; without it every email delivery fails at once, loudly.
    pub smtp: Option<SmtpSettings>,
}

/// One webhook: `https://` (or `http://` to a loopback address) and the HMAC-SHA256 signing secret.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookTarget {
    /// Where the JSON notice is POSTed.
    pub url: String,
    /// The shared signing secret.
    pub secret: NotifierSecret,
}

impl fmt::Debug for WebhookTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookTarget")
            .field("url", &super::webhook::redacted_url(&self.url))
            .field("secret", &self.secret)
            .finish()
    }
}

/// The SMTP relay for email notifications (submission with STARTTLS, usually port 587).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// Relay host name (also the name its certificate must carry).
    pub host: String,
    /// Relay port.
    pub port: u16,
    /// Login; empty for a relay that does not authenticate.
    pub username: String,
    /// Password (never in `Debug` or errors).
    pub password: NotifierSecret,
    /// The `From:` mailbox.
    pub from: String,
    /// Refuse to send when the relay does not offer STARTTLS (otherwise it is used when offered).
    pub starttls_required: bool,
    /// An extra root CA (PEM) to trust besides the OS store, for a relay with a private CA.
    pub extra_root_ca_pem: Option<String>,
}

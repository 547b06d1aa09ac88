//! What each delivery attempt reports: which channel and target, which attempt, whether it worked, and whether
//! it is the last word for that target. The core turns these into `NotificationDelivered`/`NotificationFailed`
//! events and audit entries; this module only describes them.

use serde::Serialize;

/// A notification channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The desktop notification on this machine.
    Desktop,
    /// A signed webhook.
    Webhook,
    /// An email to one recipient.
    Email,
}

impl Channel {
    /// `"desktop"`, `"webhook"` or `"email"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Desktop => "desktop",
            Channel::Webhook => "webhook",
            Channel::Email => "email",
        }
    }
}

/// The result of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryOutcome {
    /// The channel.
    pub channel: Channel,
    /// Who: `"desktop"`, the webhook URL without query or credentials, or the email address.
    pub target: String,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// `None` when delivered; otherwise why not (never contains a secret).
    pub error: Option<String>,
    /// True when no further attempt follows for this target: it was delivered, or it failed for good.
    #[serde(rename = "final")]
    pub final_: bool,
}

impl DeliveryOutcome {
    /// Delivered.
    pub fn delivered(&self) -> bool {
        self.error.is_none()
    }
}

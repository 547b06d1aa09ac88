//! The managed policy's notification targets made concrete for one delivery: each webhook with its signing
//! secret and the SMTP relay with its password and CA, read from the OS keychain and the disk. Runs only inside
//! a notification task, after the INVITE (S4). A target that cannot be used — its secret is not stored, the
//! keychain is locked, the CA file is unreadable — is not attempted; it comes back as a final failed outcome
//! that says why (never with the secret, S7), so the audit log and the UI show it like any other failure.

use crate::policy::{NotificationTargets, PolicyWebhook, SmtpRelay};
use crate::secrets::{SecretKey, SecretStore, blocking};
use locus_emergency::notifier::{
    self, Channel, DeliveryOutcome, NotifierSecret, SmtpSettings, WebhookTarget, redacted_url,
};
use std::sync::Arc;

/// Every target of `policy`, and a failed outcome for each one that cannot be used.
pub(super) async fn resolve(
    policy: &NotificationTargets,
    secrets: Arc<dyn SecretStore>,
) -> (notifier::NotificationTargets, Vec<DeliveryOutcome>) {
    let (webhooks, mut unusable) = resolve_webhooks(&policy.webhooks, Arc::clone(&secrets)).await;
    let mut emails = policy.emails.clone();
    let smtp = match &policy.smtp {
        Some(relay) if !emails.is_empty() => match relay_settings(relay, secrets).await {
            Ok(settings) => Some(settings),
            Err(problem) => {
                unusable.extend(emails.drain(..).map(|to| failed(Channel::Email, to, problem.clone())));
                None
            }
        },
        _ => None,
    };
    (notifier::NotificationTargets { desktop: policy.desktop, webhooks, emails, smtp }, unusable)
}

/// Each webhook of the policy with its signing secret, and a failed outcome for each whose secret is missing.
pub(super) async fn resolve_webhooks(
    webhooks: &[PolicyWebhook],
    secrets: Arc<dyn SecretStore>,
) -> (Vec<WebhookTarget>, Vec<DeliveryOutcome>) {
    let (mut usable, mut unusable) = (Vec::new(), Vec::new());
    for webhook in webhooks {
        let key = SecretKey::notify_webhook_secret(webhook.secret_ref.clone());
        let hint = format!("store it with `locusctl notify secret --webhook {}`", webhook.secret_ref);
        match read(&secrets, key, &hint).await {
            Ok(secret) => usable.push(WebhookTarget { url: webhook.url.clone(), secret: NotifierSecret::new(secret) }),
            Err(problem) => unusable.push(failed(Channel::Webhook, redacted_url(&webhook.url), problem)),
        }
    }
    (usable, unusable)
}

/// The relay with its password (when it logs in) and extra CA (when the policy names one).
async fn relay_settings(relay: &SmtpRelay, secrets: Arc<dyn SecretStore>) -> Result<SmtpSettings, String> {
    let password = if relay.username.is_empty() {
        String::new()
    } else {
        read(&secrets, SecretKey::notify_smtp_password(), "store it with `locusctl notify secret --smtp`").await?
    };
    let extra_root_ca_pem = match &relay.ca_file {
        Some(path) => Some(
            tokio::fs::read_to_string(path)
                .await
                .map_err(|e| format!("could not read the SMTP relay's CA file {}: {e}", path.display()))?,
        ),
        None => None,
    };
    Ok(SmtpSettings {
        host: relay.host.clone(),
        port: relay.port,
        username: relay.username.clone(),
        password: NotifierSecret::new(password),
        from: relay.from.clone(),
        starttls_required: relay.starttls_required,
        extra_root_ca_pem,
    })
}

/// The secret under `key`, or why there is none (`hint` says how to store it).
async fn read(secrets: &Arc<dyn SecretStore>, key: SecretKey, hint: &str) -> Result<String, String> {
    let name = key.to_string();
    match blocking(Arc::clone(secrets), move |store| store.get(&key)).await {
        Ok(Some(secret)) if !secret.is_empty() => Ok(secret),
        Ok(_) => Err(format!("no secret {name} is in the OS keychain; {hint}")),
        Err(err) => Err(err.to_string()),
    }
}

/// A target given up on before its first attempt.
fn failed(channel: Channel, target: String, error: String) -> DeliveryOutcome {
    DeliveryOutcome { channel, target, attempt: 1, error: Some(error), final_: true }
}

//! Kari's Law notifications: after an emergency INVITE has left (never before, S4), tell the people the
//! managed policy names — a desktop notification, signed webhooks, emails — that a 911 call was made, with the
//! callback number and the location sent. Every target runs concurrently and is retried with back-off on its
//! own; every attempt is reported as a [`DeliveryOutcome`] for the core to turn into events and audit entries
//! (S5). Secrets stay inside the requests (S7).
//!
//! This module does the I/O (HTTP, SMTP) but owns no runtime, clock or state: the caller spawns
//! [`notify_all`], passes a [`Sleeper`] and receives outcomes through a callback. [`post_to_webhooks`] sends any
//! other JSON report (a 933 test result) to the same webhooks, signed and retried the same way.

mod desktop;
mod email;
mod notice;
mod outcome;
mod retry;
mod secret;
mod targets;
mod webhook;

use std::future::Future;
use std::pin::Pin;

use futures_util::future::join_all;

pub use desktop::DesktopNotifier;
pub use notice::{EmergencyNotice, NOTICE_VERSION, NoticeLocation};
pub use outcome::{Channel, DeliveryOutcome};
pub use retry::{BoxFuture, RetrySchedule, Sleeper, TokioSleeper};
pub use secret::NotifierSecret;
pub use targets::{NotificationTargets, SmtpSettings, WebhookTarget};
pub use webhook::{SIGNATURE_HEADER, TIMESTAMP_HEADER, notice_signature, redacted_url, webhook_url_problem};

use email::EmailSender;
use retry::{AttemptError, RetryContext, deliver};
use webhook::WebhookEndpoint;

type Job<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// Delivers `notice` to every target in `targets` concurrently, each retried per `schedule` (waiting through
/// `sleeper`), and calls `on_outcome` after every attempt. Returns when every target has a final outcome.
/// `on_outcome` must be quick (send into a channel); it runs on the notifier's task.
pub async fn notify_all(
    notice: &EmergencyNotice,
    targets: &NotificationTargets,
    desktop: &dyn DesktopNotifier,
    schedule: RetrySchedule,
    sleeper: &dyn Sleeper,
    on_outcome: impl Fn(DeliveryOutcome) + Send + Sync,
) {
    let context = RetryContext { schedule: &schedule, sleeper, report: &on_outcome };
    let body = notice.to_json();
    let endpoints = webhook_endpoints(&targets.webhooks, &schedule);
    let sender =
        (!targets.emails.is_empty()).then(|| EmailSender::new(targets.smtp.as_ref(), notice, schedule.attempt_timeout));
    let mut jobs: Vec<Job<'_>> = Vec::new();
    if targets.desktop {
        jobs.push(Box::pin(deliver(context, Channel::Desktop, "desktop".to_owned(), move || {
            desktop::show(desktop, notice)
        })));
    }
    jobs.extend(webhook_jobs(context, &endpoints, &body));
    if let Some(sender) = &sender {
        for recipient in &targets.emails {
            jobs.push(Box::pin(deliver(context, Channel::Email, recipient.clone(), move || async move {
                match sender {
                    Ok(sender) => sender.send(recipient).await,
                    Err(error) => Err::<(), AttemptError>(error.clone()),
                }
            })));
        }
    }
    join_all(jobs).await;
}

/// POSTs `json` to every webhook in `webhooks`, signed exactly like the notice ([`notice_signature`]), each retried
/// per `schedule` and reported through `on_outcome` as channel [`Channel::Webhook`]. Returns when every webhook
/// has a final outcome. For reports that follow an emergency call, such as a 933 readback test result.
pub async fn post_to_webhooks(
    json: &str,
    webhooks: &[WebhookTarget],
    schedule: RetrySchedule,
    sleeper: &dyn Sleeper,
    on_outcome: impl Fn(DeliveryOutcome) + Send + Sync,
) {
    let context = RetryContext { schedule: &schedule, sleeper, report: &on_outcome };
    let endpoints = webhook_endpoints(webhooks, &schedule);
    join_all(webhook_jobs(context, &endpoints, json)).await;
}

type Endpoint<'a> = (&'a WebhookTarget, Result<WebhookEndpoint, AttemptError>);

/// Each webhook with its checked endpoint (or why it cannot be one).
fn webhook_endpoints<'a>(webhooks: &'a [WebhookTarget], schedule: &RetrySchedule) -> Vec<Endpoint<'a>> {
    webhooks
        .iter()
        .map(|target| (target, WebhookEndpoint::new(&target.url, &target.secret, schedule.attempt_timeout)))
        .collect()
}

/// One retried delivery of `body` per endpoint.
fn webhook_jobs<'a>(context: RetryContext<'a>, endpoints: &'a [Endpoint<'a>], body: &'a str) -> Vec<Job<'a>> {
    endpoints
        .iter()
        .map(|(target, endpoint)| -> Job<'a> {
            Box::pin(deliver(context, Channel::Webhook, redacted_url(&target.url), move || async move {
                match endpoint {
                    Ok(endpoint) => endpoint.post(&target.secret, body).await,
                    Err(error) => Err(error.clone()),
                }
            }))
        })
        .collect()
}

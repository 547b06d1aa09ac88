//! Where notification outcomes go: each attempt is appended to the audit log first and only then, for Kari's
//! Law notices, told to the host as `NotificationDelivered` or `NotificationFailed` (S5). Also counts the
//! notification jobs still running, so a short-lived host can wait for them. It sends nothing itself.

use crate::Host;
use crate::events::{Event, NotificationRef};
use locus_emergency::notifier::DeliveryOutcome;
use locus_location::{AuditLog, NewAuditEntry};
use std::future::Future;
use std::sync::Arc;
use time::OffsetDateTime;
use tokio::sync::{mpsc, watch};

/// Records the outcomes of one notification job.
pub(super) struct Ledger {
    audit: AuditLog,
    host: Arc<dyn Host>,
    kind: &'static str,
    /// What every entry of this job repeats (the call id, the number dialed).
    context: serde_json::Value,
    /// Tell the host too (Kari's Law notices), not only the audit log.
    emit: bool,
}

impl Ledger {
    pub(super) fn new(
        audit: AuditLog,
        host: Arc<dyn Host>,
        kind: &'static str,
        context: serde_json::Value,
        emit: bool,
    ) -> Self {
        Self { audit, host, kind, context, emit }
    }

    /// Records `settled` (targets that failed before any attempt), then runs `deliver` — given the callback the
    /// notifier reports through — recording each outcome as it comes, until `deliver` is done and all are in.
    pub(super) async fn follow<F, Fut>(&self, settled: Vec<DeliveryOutcome>, deliver: F)
    where
        F: FnOnce(Box<dyn Fn(DeliveryOutcome) + Send + Sync>) -> Fut,
        Fut: Future<Output = ()>,
    {
        let (tx, mut outcomes) = mpsc::unbounded_channel();
        for outcome in settled {
            let _ = tx.send(outcome);
        }
        let report: Box<dyn Fn(DeliveryOutcome) + Send + Sync> = Box::new(move |outcome| {
            let _ = tx.send(outcome);
        });
        let record = async {
            while let Some(outcome) = outcomes.recv().await {
                self.record(outcome).await;
            }
        };
        // The callback (and with it the sender) is dropped when `deliver` finishes, which ends `record`.
        tokio::join!(deliver(report), record);
    }

    async fn record(&self, outcome: DeliveryOutcome) {
        let mut payload = self.context.clone();
        if let Some(fields) = payload.as_object_mut() {
            fields.insert("channel".into(), outcome.channel.as_str().into());
            fields.insert("target".into(), outcome.target.clone().into());
            fields.insert("attempt".into(), outcome.attempt.into());
            fields.insert("delivered".into(), outcome.delivered().into());
            fields.insert("error".into(), outcome.error.clone().into());
            fields.insert("final".into(), outcome.final_.into());
        }
        let entry = NewAuditEntry { kind: self.kind.into(), actor: "system".into(), payload };
        if let Err(err) = self.audit.append(entry, OffsetDateTime::now_utc()).await {
            tracing::error!(%err, kind = self.kind, "a notification outcome could not be written to the audit log");
        }
        match &outcome.error {
            None => {
                tracing::info!(channel = outcome.channel.as_str(), target = %outcome.target, attempt = outcome.attempt, "notification delivered")
            }
            Some(error) => {
                tracing::warn!(channel = outcome.channel.as_str(), target = %outcome.target, attempt = outcome.attempt, final_ = outcome.final_, %error, "notification not delivered")
            }
        }
        if self.emit {
            let delivered = outcome.delivered();
            let reference = NotificationRef {
                channel: outcome.channel.as_str().to_owned(),
                target: outcome.target,
                attempt: outcome.attempt,
                error: outcome.error,
            };
            let event =
                if delivered { Event::NotificationDelivered(reference) } else { Event::NotificationFailed(reference) };
            self.host.emit(&event);
        }
    }
}

/// How many notification jobs are running.
#[derive(Debug)]
pub(crate) struct PendingNotifications {
    running: watch::Sender<usize>,
}

impl Default for PendingNotifications {
    fn default() -> Self {
        Self { running: watch::Sender::new(0) }
    }
}

/// One running job; dropping it (the job ended or was cancelled) counts it out.
pub(super) struct Running(watch::Sender<usize>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.send_modify(|running| *running = running.saturating_sub(1));
    }
}

impl PendingNotifications {
    /// Counts a job in until the returned guard is dropped.
    pub(super) fn start(&self) -> Running {
        self.running.send_modify(|running| *running += 1);
        Running(self.running.clone())
    }

    /// How many jobs are running.
    pub(super) fn running(&self) -> usize {
        *self.running.borrow()
    }

    /// Resolves when no job is running.
    pub(super) async fn settled(&self) {
        let mut running = self.running.subscribe();
        let _ = running.wait_for(|running| *running == 0).await;
    }
}

//! Kari's Law in the running service: after a 911 INVITE has left, tell the people the managed policy names —
//! this machine's desktop, signed webhooks, emails — who called, the callback number and the location sent.
//! 933 and carrier test calls notify nobody. Everything runs on its own tokio task, so `dial` never waits for
//! it, and nothing of it starts before the INVITE (S4). The webhook signing secrets, the SMTP password and the
//! relay's CA file are read inside that task — after the INVITE, never between dial and INVITE (S1, S4) — each
//! time a call is made, so a secret stored or rotated with `locusctl notify secret` counts from the next call
//! without a restart. Every attempt becomes an `emergency.notification` audit entry first, then a
//! `NotificationDelivered` or `NotificationFailed` event (S5); neither ever holds a secret (S7).
//!
//! Reports that follow a call (the 933 readback result) reach the same webhooks through
//! [`LocusService::post_test_result_to_it`], signed and retried the same way.

mod ledger;
mod targets;

use super::LocusService;
use crate::Host;
use ledger::Ledger;
use locus_emergency::notifier::{
    BoxFuture, DesktopNotifier, EmergencyNotice, NoticeLocation, RetrySchedule, TokioSleeper, notify_all,
    post_to_webhooks,
};
use locus_emergency::{ConveyedBy, DialClassification, EmergencyPlan, same_dispatch_address};
use locus_sip::Account;
use std::sync::Arc;
use time::OffsetDateTime;

pub(crate) use ledger::PendingNotifications;

/// The audit kind of a Kari's Law notification attempt.
const NOTIFICATION_KIND: &str = "emergency.notification";

/// The audit kind of an attempt to deliver a 933 test result to IT.
const TEST_RESULT_KIND: &str = "emergency.test_result.notification";

impl LocusService {
    /// Starts the Kari's Law notifications for the emergency call whose INVITE just left: `call_id` placed on
    /// `account` with `plan` — or, with `not_placed`, for a 911 dial that could not send its INVITE, and why.
    /// Returns at once; test calls are not notified. Call it only after the INVITE (or its failure).
    pub(crate) fn notify_after_emergency_invite(
        &self,
        classification: &DialClassification,
        call_id: &str,
        account: &Account,
        plan: &EmergencyPlan,
        not_placed: Option<String>,
    ) {
        let DialClassification::Emergency { target, outside_line_prefix } = classification else { return };
        let dialed = format!("{}{target}", outside_line_prefix.as_deref().unwrap_or_default());
        let caller_name = if account.display_name.trim().is_empty() { &account.user } else { &account.display_name };
        let notice = EmergencyNotice {
            dialed,
            call_id: call_id.to_owned(),
            caller_name: caller_name.clone(),
            callback_did: plan.caller_id().to_owned(),
            location: notice_location(plan),
            at: OffsetDateTime::now_utc(),
            machine: String::new(),
            not_placed,
        };
        let context = serde_json::json!({ "call_id": notice.call_id, "dialed": notice.dialed });
        let ledger = Ledger::new(self.audit.clone(), Arc::clone(&self.host), NOTIFICATION_KIND, context, true);
        let policy = self.policy.policy.notifications.clone();
        let (secrets, desktop) = (Arc::clone(&self.secrets), HostDesktop(Arc::clone(&self.host)));
        let running = self.kari.start();
        tokio::spawn(async move {
            let _running = running;
            let notice = EmergencyNotice { machine: machine_name(), ..notice };
            let (targets, unusable) = targets::resolve(&policy, secrets).await;
            let schedule = RetrySchedule::default();
            ledger
                .follow(unusable, |report| notify_all(&notice, &targets, &desktop, schedule, &TokioSleeper, report))
                .await;
        });
    }

    /// POSTs `payload` (a 933 readback test result) to every webhook in the managed policy, signed like the
    /// Kari's Law notice and retried on the same schedule, each attempt recorded as an
    /// `emergency.test_result.notification` audit entry. Returns at once; await the handle to wait for the final
    /// outcomes (at most about ten minutes).
    pub fn post_test_result_to_it(&self, payload: serde_json::Value) -> tokio::task::JoinHandle<()> {
        let context = serde_json::json!({ "call_id": payload.get("call_id").cloned().unwrap_or_default() });
        let ledger = Ledger::new(self.audit.clone(), Arc::clone(&self.host), TEST_RESULT_KIND, context, false);
        let webhooks = self.policy.policy.notifications.webhooks.clone();
        let secrets = Arc::clone(&self.secrets);
        let running = self.kari.start();
        tokio::spawn(async move {
            let _running = running;
            let (webhooks, unusable) = targets::resolve_webhooks(&webhooks, secrets).await;
            let body = payload.to_string();
            let schedule = RetrySchedule::default();
            ledger.follow(unusable, |report| post_to_webhooks(&body, &webhooks, schedule, &TokioSleeper, report)).await;
        })
    }

    /// Waits until every notification started so far has its final outcome in the audit log. A short-lived host
    /// (`locusctl call`) calls it before exiting, so the notifications are not cut off.
    pub async fn notifications_settled(&self) {
        self.kari.settled().await;
    }

    /// How many notification jobs are still running.
    pub fn notifications_running(&self) -> usize {
        self.kari.running()
    }
}

/// The location the PSAP was sent, and how this machine knew it: by value it is the confirmed place; a
/// carrier's record counts as obtained here only when it is the same dispatch address as the confirmed place.
fn notice_location(plan: &EmergencyPlan) -> Option<NoticeLocation> {
    let conveyed = plan.conveyed_location()?;
    let how_obtained = plan
        .location()
        .filter(|here| conveyed.by == ConveyedBy::ByValue || same_dispatch_address(&here.address, &conveyed.address))
        .map(|here| here.how_obtained);
    Some(NoticeLocation { address: conveyed.address.clone(), how_obtained, conveyed_by: conveyed.by })
}

/// This machine's host name, or a plain placeholder.
fn machine_name() -> String {
    hostname::get()
        .ok()
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "unknown machine".to_owned())
}

/// The host's desktop as the notifier sees it; the host's call may block, so it runs on the blocking pool.
struct HostDesktop(Arc<dyn Host>);

impl DesktopNotifier for HostDesktop {
    fn show<'a>(&'a self, title: &'a str, body: &'a str) -> BoxFuture<'a, Result<(), String>> {
        let host = Arc::clone(&self.0);
        let (title, body) = (title.to_owned(), body.to_owned());
        Box::pin(async move {
            tokio::task::spawn_blocking(move || host.show_emergency_notification(&title, &body))
                .await
                .map_err(|e| format!("the desktop notification task failed: {e}"))?
        })
    }
}

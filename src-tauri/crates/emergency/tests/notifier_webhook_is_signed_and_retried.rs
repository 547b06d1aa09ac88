//! Kari's Law, webhook: the notice is POSTed as JSON with a signature the receiver can check with its own HMAC,
//! a failing receiver is retried on the back-off schedule, and every attempt is reported.

mod support;

use std::time::Duration;

use locus_emergency::notifier::{
    Channel, NotificationTargets, NotifierSecret, RetrySchedule, WebhookTarget, notify_all,
};
use support::http::{Behaviour, WebhookServer};
use support::*;

#[tokio::test]
async fn a_failing_receiver_gets_the_signed_notice_on_the_third_attempt() {
    let server = WebhookServer::start(WEBHOOK_SECRET, Behaviour { fail_first: 2, ..Behaviour::default() }).await;
    let targets = NotificationTargets {
        webhooks: vec![WebhookTarget { url: server.url.clone(), secret: NotifierSecret::new(WEBHOOK_SECRET) }],
        ..NotificationTargets::default()
    };
    let (outcomes, sleeper, desktop) = (Outcomes::default(), RecordingSleeper::default(), RecordingDesktop::default());

    notify_all(&notice(), &targets, &desktop, RetrySchedule::default(), &sleeper, outcomes.recorder()).await;

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.signature_ok), "every request carries a valid signature");
    assert!(requests.iter().all(|r| r.path == "/hooks/e911"));
    assert_eq!(requests[0].headers.get("content-type").map(String::as_str), Some("application/json"));
    let body: serde_json::Value = serde_json::from_str(&requests[2].body).expect("JSON body");
    assert_eq!(body["event"], "emergency_call");
    assert_eq!(body["callback_number"], CALLBACK_DID);
    assert_eq!(body["caller_name"], "Dana Reyes");
    assert_eq!(body["location"]["civic"], OFFICE_LINE);
    assert_eq!(body["location"]["address"]["hno"], "233");
    assert_eq!(body["location"]["how_obtained"], "wiremap");
    assert_eq!(body["time"], "2025-03-01T18:00:05Z");
    assert_eq!(body["machine"], "dana-laptop");
    assert_eq!(body["call_id"], "call-7f3a@locus");

    let reported = outcomes.all();
    let summary: Vec<_> = reported.iter().map(|o| (o.channel, o.attempt, o.delivered(), o.final_)).collect();
    assert_eq!(
        summary,
        [(Channel::Webhook, 1, false, false), (Channel::Webhook, 2, false, false), (Channel::Webhook, 3, true, true)]
    );
    assert_eq!(reported[0].error.as_deref(), Some("webhook answered HTTP 500"));
    assert!(reported.iter().all(|o| o.target == server.url));
    assert_eq!(*sleeper.delays.lock().expect("lock"), [Duration::from_secs(5), Duration::from_secs(10)]);
    assert!(desktop.shown.lock().expect("lock").is_empty(), "desktop was not a target");
}

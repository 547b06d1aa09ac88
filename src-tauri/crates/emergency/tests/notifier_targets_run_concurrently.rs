//! Kari's Law: every target runs at once. A webhook that never answers does not delay the email or the desktop
//! notification; it is reported as failed when its attempt times out.

mod support;

use std::time::{Duration, Instant};

use locus_emergency::notifier::{
    Channel, NotificationTargets, NotifierSecret, RetrySchedule, SmtpSettings, TokioSleeper, WebhookTarget, notify_all,
};
use support::http::{Behaviour, WebhookServer};
use support::smtp::SmtpServer;
use support::*;

#[tokio::test]
async fn a_hanging_webhook_does_not_delay_the_email() {
    let hanging = WebhookServer::start(WEBHOOK_SECRET, Behaviour { hang: true, ..Behaviour::default() }).await;
    let relay = SmtpServer::start(true).await;
    let targets = NotificationTargets {
        desktop: true,
        webhooks: vec![WebhookTarget { url: hanging.url.clone(), secret: NotifierSecret::new(WEBHOOK_SECRET) }],
        emails: vec!["security@acme.test".into()],
        smtp: Some(SmtpSettings {
            host: "127.0.0.1".into(),
            port: relay.port,
            username: String::new(),
            password: NotifierSecret::default(),
            from: "locus@acme.test".into(),
            starttls_required: true,
            extra_root_ca_pem: Some(relay.ca_pem.clone()),
        }),
    };
    // One attempt each, three seconds long at most: the webhook's only attempt ends by timing out.
    let schedule =
        RetrySchedule { budget: Duration::ZERO, attempt_timeout: Duration::from_secs(3), ..RetrySchedule::default() };
    let (outcomes, desktop) = (Outcomes::default(), RecordingDesktop::default());
    let started = Instant::now();

    notify_all(&notice(), &targets, &desktop, schedule, &TokioSleeper, outcomes.recorder()).await;

    let timed = outcomes.timed();
    let at = |channel: Channel| {
        timed.iter().find(|(_, o)| o.channel == channel).map(|(t, o)| (t.duration_since(started), o.clone()))
    };
    let (email_at, email) = at(Channel::Email).expect("email outcome");
    let (desktop_at, shown) = at(Channel::Desktop).expect("desktop outcome");
    let (webhook_at, webhook) = at(Channel::Webhook).expect("webhook outcome");
    assert!(email.delivered() && shown.delivered(), "{email:?} {shown:?}");
    assert!(email_at < Duration::from_secs(2), "email took {email_at:?}");
    assert!(desktop_at < Duration::from_secs(1), "desktop took {desktop_at:?}");
    assert!(webhook_at >= Duration::from_secs(3), "webhook reported after its timeout, at {webhook_at:?}");
    assert!(!webhook.delivered() && webhook.final_, "{webhook:?}");
    assert_eq!(relay.mails().len(), 1);
    assert_eq!(hanging.requests().len(), 1, "the webhook did receive the request");
    let shown = desktop.shown.lock().expect("lock").clone();
    assert_eq!(shown.len(), 1);
    assert!(shown[0].1.contains(CALLBACK_DID) && shown[0].1.contains("233 N Wacker Dr"), "{shown:?}");
}

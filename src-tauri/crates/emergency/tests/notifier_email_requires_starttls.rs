//! Kari's Law, email: with `starttls_required`, a relay that does not offer STARTTLS gets neither the login
//! nor the message, and the delivery ends in a reported failure.

mod support;

use locus_emergency::notifier::{
    Channel, NotificationTargets, NotifierSecret, RetrySchedule, SmtpSettings, notify_all,
};
use support::smtp::SmtpServer;
use support::*;

#[tokio::test]
async fn a_relay_without_starttls_gets_nothing_and_delivery_fails() {
    let server = SmtpServer::start(false).await;
    let targets = NotificationTargets {
        emails: vec!["security@acme.test".into()],
        smtp: Some(SmtpSettings {
            host: "127.0.0.1".into(),
            port: server.port,
            username: "locus-notifier".into(),
            password: NotifierSecret::new(SMTP_PASSWORD),
            from: "locus@acme.test".into(),
            starttls_required: true,
            extra_root_ca_pem: Some(server.ca_pem.clone()),
        }),
        ..NotificationTargets::default()
    };
    let (outcomes, sleeper, desktop) = (Outcomes::default(), RecordingSleeper::default(), RecordingDesktop::default());

    notify_all(&notice(), &targets, &desktop, RetrySchedule::default(), &sleeper, outcomes.recorder()).await;

    assert!(server.mails().is_empty());
    assert_eq!(server.mail_commands(), 0);
    assert!(server.logins().is_empty(), "the password never crossed a plain connection");
    let reported = outcomes.of("email");
    assert!(!reported.is_empty());
    assert!(reported.iter().all(|o| o.channel == Channel::Email && !o.delivered()));
    let last = reported.last().expect("an outcome");
    assert!(last.final_, "{last:?}");
    assert!(reported[..reported.len() - 1].iter().all(|o| !o.final_));
    let error = last.error.clone().unwrap_or_default();
    assert!(error.to_ascii_lowercase().contains("starttls"), "{error}");
    assert!(!error.contains(SMTP_PASSWORD));
}

//! Kari's Law, email: the message reaches a real SMTP relay on loopback only after STARTTLS (the relay's
//! certificate checked against the policy's extra CA), after logging in, and names the callback number and the
//! address that was sent.

mod support;

use locus_emergency::notifier::{
    Channel, NotificationTargets, NotifierSecret, RetrySchedule, SmtpSettings, notify_all,
};
use support::smtp::SmtpServer;
use support::*;

fn settings(server: &SmtpServer, starttls_required: bool) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port: server.port,
        username: "locus-notifier".into(),
        password: NotifierSecret::new(SMTP_PASSWORD),
        from: "Locus <locus@acme.test>".into(),
        starttls_required,
        extra_root_ca_pem: Some(server.ca_pem.clone()),
    }
}

#[tokio::test]
async fn the_email_is_sent_under_tls_with_the_callback_number_and_address() {
    let server = SmtpServer::start(true).await;
    let targets = NotificationTargets {
        emails: vec!["security@acme.test".into(), "facilities@acme.test".into()],
        smtp: Some(settings(&server, true)),
        ..NotificationTargets::default()
    };
    let (outcomes, sleeper, desktop) = (Outcomes::default(), RecordingSleeper::default(), RecordingDesktop::default());

    notify_all(&notice(), &targets, &desktop, RetrySchedule::default(), &sleeper, outcomes.recorder()).await;

    let reported = outcomes.all();
    assert_eq!(reported.len(), 2, "{reported:?}");
    assert!(reported.iter().all(|o| o.channel == Channel::Email && o.delivered() && o.final_ && o.attempt == 1));
    let mut mails = server.mails();
    mails.sort_by(|a, b| a.rcpt.cmp(&b.rcpt));
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[0].rcpt, ["<facilities@acme.test>"]);
    assert_eq!(mails[1].rcpt, ["<security@acme.test>"]);
    for mail in &mails {
        assert!(mail.secure, "DATA only after STARTTLS");
        assert_eq!(mail.from, "<locus@acme.test>");
        let text = mail.data.replace("=\r\n", "");
        assert!(text.contains("Subject: 911 call from Dana Reyes on dana-laptop"), "{text}");
        assert!(text.contains(CALLBACK_DID), "{text}");
        assert!(text.contains(OFFICE_LINE), "{text}");
        assert!(text.contains("wiremap"), "{text}");
        assert!(text.contains("2025-03-01T18:00:05Z"), "{text}");
        assert!(text.contains("call-7f3a@locus"), "{text}");
    }
    let logins = server.logins();
    assert!(!logins.is_empty());
    assert!(logins.iter().all(|l| l.secure && l.user == "locus-notifier" && l.password == SMTP_PASSWORD));
    assert!(reported.iter().all(|o| !format!("{o:?}").contains(SMTP_PASSWORD)));
}

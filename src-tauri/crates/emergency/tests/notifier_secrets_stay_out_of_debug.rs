//! S7 for the notifier: the policy's targets print without the SMTP password, the webhook secret or the
//! webhook URL's credentials and query.

mod support;

use locus_emergency::notifier::{NotificationTargets, NotifierSecret, SmtpSettings, WebhookTarget};
use support::*;

#[test]
fn targets_print_without_secrets() {
    let targets = NotificationTargets {
        desktop: true,
        webhooks: vec![WebhookTarget {
            url: "https://ops:pa55@hooks.acme.test/e911?token=tok-123".into(),
            secret: NotifierSecret::new(WEBHOOK_SECRET),
        }],
        emails: vec!["security@acme.test".into()],
        smtp: Some(SmtpSettings {
            host: "smtp.acme.test".into(),
            port: 587,
            username: "locus".into(),
            password: NotifierSecret::new(SMTP_PASSWORD),
            from: "locus@acme.test".into(),
            starttls_required: true,
            extra_root_ca_pem: None,
        }),
    };
    let printed = format!("{targets:?} {targets:#?}");
    for secret in [WEBHOOK_SECRET, SMTP_PASSWORD, "pa55", "tok-123"] {
        assert!(!printed.contains(secret), "{secret} leaked: {printed}");
    }
    assert!(printed.contains("https://hooks.acme.test/e911"));
}

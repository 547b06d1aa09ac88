//! S7: the API password and the webhook secret are handed in from the keychain and never come out again — not
//! in `Debug` output, not in error messages — and they are only ever sent over HTTPS or to this computer.

mod support;

use std::time::Duration;

use locus_carrier::{Secret, VoipMsCarrier, VoipMsSettings, WebhookCarrier, WebhookSettings};
use support::voipms::{API_PASSWORD, FakeVoipMs};

#[tokio::test]
async fn debug_output_of_the_carriers_has_no_secret() {
    let voipms = FakeVoipMs::start().await;
    let shown = format!("{:?}", voipms.carrier());
    assert!(shown.contains("alex@example.test"), "the user name may show: {shown}");
    assert!(!shown.contains(API_PASSWORD), "{shown}");

    let webhook = WebhookCarrier::new(
        WebhookSettings {
            submit_url: "https://e911.example.test/submit".into(),
            status_url: "https://e911.example.test/status".into(),
            timeout: Duration::from_secs(5),
        },
        Secret::new("webhook-signing-secret"),
    )
    .expect("webhook");
    let shown = format!("{webhook:?}");
    assert!(shown.contains("e911.example.test/submit") && !shown.contains("webhook-signing-secret"), "{shown}");
}

#[test]
fn credentials_are_not_sent_in_clear_text_to_another_machine() {
    let mut settings = VoipMsSettings::new("alex@example.test", "e911@example.test");
    settings.base_url = "http://voip.ms/api/v1/rest.php".into();
    let err = VoipMsCarrier::new(settings, Secret::new(API_PASSWORD)).expect_err("plain http refused");
    assert_eq!(err.code(), "invalid_settings");
    assert!(err.to_string().contains("https://"), "{err}");
}

#[test]
fn empty_credentials_are_refused_up_front() {
    let settings = VoipMsSettings::new("alex@example.test", "e911@example.test");
    let err = VoipMsCarrier::new(settings, Secret::new("")).expect_err("empty password");
    assert_eq!(err.code(), "invalid_settings");
    let err = VoipMsCarrier::new(VoipMsSettings::new(" ", "e911@example.test"), Secret::new("x")).expect_err("user");
    assert_eq!(err.code(), "invalid_settings");
}

#[test]
fn the_default_endpoint_is_the_documented_one() {
    let settings = VoipMsSettings::new("alex@example.test", "e911@example.test");
    assert_eq!(settings.base_url, "https://voip.ms/api/v1/rest.php");
    assert!(VoipMsCarrier::new(settings, Secret::new("x")).is_ok());
}

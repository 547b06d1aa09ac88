//! DTMF against SIPp on loopback. A far end that answers with telephone-event gets the digits as RFC 4733 events
//! in our RTP: SIPp echoes every packet back, and our receiver reads the same digits out of the echo (so both
//! our sending and our receiving are exercised through a real peer). A far end that answers without it gets SIP
//! INFO (`application/dtmf-relay`), one per digit, in order — SIPp's scenario fails the call otherwise. Digits
//! that are not on a keypad are refused and nothing is sent.

mod support;

use locus_sip::{Call, CallEnd, CallEvent, CallOptions, CallRequest, SipError, Transport, place_call};
use std::time::Duration;
use support::audio::tone;
use support::sip_account::loopback_account;
use support::sipp::{Sipp, body, header};

async fn next(call: &mut Call) -> CallEvent {
    tokio::time::timeout(Duration::from_secs(10), call.next_event())
        .await
        .expect("a call event within 10 s")
        .expect("the call reports until it ends")
}

/// Calls SIPp running `scenario`, waits for the answer, sends `digits`, waits `settle`, hangs up and returns
/// what our media received.
async fn call_and_press(sipp: &Sipp, digits: &str, settle: Duration) -> locus_sip::media::MediaReport {
    let request = CallRequest { target: "3125550199".into(), play: tone(440.0, 20.0), ..CallRequest::default() };
    let account = loopback_account(sipp.port, Transport::Udp);
    let mut call = place_call(&account, "unused", request, CallOptions::default()).await.expect("INVITE");
    let control = call.control();
    while !matches!(next(&mut call).await, CallEvent::Established { .. }) {}
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(matches!(control.send_dtmf("12x"), Err(SipError::NotKeypadDigits(_))), "x is not a keypad digit");
    control.send_dtmf(digits).expect("keypad digits are taken");
    tokio::time::sleep(settle).await;
    call.hang_up();
    loop {
        if let CallEvent::Ended { end, media } = next(&mut call).await {
            assert_eq!(end, CallEnd::HungUp);
            assert!(matches!(control.send_dtmf("1"), Err(SipError::CallOver)), "no DTMF after the end");
            return media;
        }
    }
}

#[tokio::test]
async fn digits_go_as_rfc_4733_events_when_the_far_end_takes_them() {
    let mut sipp = Sipp::start("sipp-answer-dtmf-echo.xml");
    // Each digit takes 100 ms and a 40 ms pause: 12 digits in under 2 s.
    let media = call_and_press(&sipp, "0123456789*#", Duration::from_millis(2500)).await;
    assert!(sipp.finished_ok(Duration::from_secs(5)), "{}", sipp.errors());
    assert_eq!(media.received.dtmf, "0123456789*#", "the echo carried every digit once, in order");
    assert!(sipp.request("INFO").is_none(), "no INFO when telephone-event was answered");
}

#[tokio::test]
async fn digits_go_as_sip_info_when_the_far_end_does_not_take_events() {
    let mut sipp = Sipp::start("sipp-answer-expect-dtmf-info.xml");
    let media = call_and_press(&sipp, "159#", Duration::from_millis(1500)).await;
    assert!(sipp.finished_ok(Duration::from_secs(5)), "SIPp checked 1, 5, 9, # as INFO: {}", sipp.errors());
    let infos: Vec<String> = sipp.received().into_iter().filter(|m| m.starts_with("INFO ")).collect();
    let signals: Vec<String> =
        infos.iter().map(|info| body(info).lines().next().unwrap_or_default().to_owned()).collect();
    assert_eq!(signals, ["Signal=1", "Signal=5", "Signal=9", "Signal=#"]);
    assert!(infos.iter().all(|info| header(info, "Content-Type").as_deref() == Some("application/dtmf-relay")));
    assert!(media.received.dtmf.is_empty(), "no telephone events came back: {:?}", media.received.dtmf);
}

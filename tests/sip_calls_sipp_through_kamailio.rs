//! A call through a real Kamailio proxy to SIPp (which does not register; Kamailio relays calls for `echo` to
//! it, record-routing): the INVITE goes through the proxy, SIPp answers and echoes our RTP, the 440 Hz tone we
//! send comes back into our recording, and our BYE follows the route set through the proxy and ends SIPp's
//! scenario cleanly.

mod support;

use locus_sip::{CallEnd, CallEvent, CallOptions, CallRequest, Transport, place_call};
use std::time::Duration;
use support::audio::{power_at, tone};
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::sip_account::loopback_account;
use support::sipp::Sipp;

#[tokio::test]
async fn a_call_through_kamailio_reaches_sipp_and_carries_audio_both_ways() {
    let mut sipp = Sipp::start("sipp-answer-behind-proxy.xml");
    let kamailio = Kamailio::start_routing(Digest::Md5, "echo", sipp.port);
    let account = loopback_account(kamailio.port, Transport::Udp);
    let request = CallRequest { target: "echo".into(), play: tone(440.0, 5.0), ..CallRequest::default() };
    let mut call = place_call(&account, PASSWORD, request, CallOptions::default()).await.expect("INVITE");
    loop {
        let event = tokio::time::timeout(Duration::from_secs(10), call.next_event()).await;
        let Ok(Some(event)) = event else {
            panic!("no answer: SIPp {}\n{}\nKamailio {}", sipp.errors(), sipp.log(), kamailio.log_text());
        };
        match event {
            CallEvent::Established { .. } => break,
            CallEvent::Ended { end, .. } => panic!("ended before an answer: {end:?}\n{}", kamailio.log_text()),
            _ => {}
        }
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    call.hang_up();
    let media = loop {
        let event = tokio::time::timeout(Duration::from_secs(10), call.next_event()).await;
        let Ok(Some(event)) = event else {
            panic!("no end: SIPp {}\n{}\nKamailio {}", sipp.errors(), sipp.log(), kamailio.log_text());
        };
        if let CallEvent::Ended { end, media } = event {
            assert_eq!(end, CallEnd::HungUp);
            break media;
        }
    };
    assert!(sipp.finished_ok(Duration::from_secs(5)), "SIPp saw the whole call: {}", sipp.errors());
    assert!(
        kamailio.log_text().contains("LOCUS-CALL INVITE for echo relayed to the static peer"),
        "the INVITE went through Kamailio"
    );
    let invite = sipp.request("INVITE").expect("SIPp received the INVITE");
    assert!(invite.lines().filter(|l| l.starts_with("Via:")).count() >= 2, "Kamailio's Via is on it: {invite}");
    let bye = sipp.request("BYE").expect("SIPp received our BYE");
    assert!(bye.lines().filter(|l| l.starts_with("Via:")).count() >= 2, "the BYE followed the record-route: {bye}");
    let heard = &media.received.samples;
    assert!(media.received.packets >= 40, "received {}", media.received.packets);
    assert!(power_at(heard, 440.0) > 100.0 * power_at(heard, 1_000.0), "our 440 Hz came back through the echo");
}

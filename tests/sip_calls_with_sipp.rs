//! Calls against SIPp on loopback playing the far end: an answered call carries the caller identity and extra
//! headers we asked for and two-way G.711 audio (SIPp echoes our RTP: a 440 Hz tone we send comes back and is
//! recorded), our hang-up is a BYE; the far end's BYE ends the call; busy is busy; hanging up while it rings is
//! a CANCEL that follows the INVITE's route; a body wrapper's multipart body reaches the far end with our SDP inside.

mod support;

use locus_sip::{Account, Call, CallEnd, CallEvent, CallOptions, CallRequest, Transport, place_call};
use std::sync::Arc;
use std::time::Duration;
use support::audio::{power_at, tone};
use support::sip_account::loopback_account;
use support::sipp::{Sipp, body, header};

fn account(port: u16) -> Account {
    Account { display_name: "Alice Agent".into(), ..loopback_account(port, Transport::Udp) }
}

async fn next(call: &mut Call) -> CallEvent {
    tokio::time::timeout(Duration::from_secs(10), call.next_event())
        .await
        .expect("a call event within 10 s")
        .expect("the call reports until it ends")
}

async fn until_ended(call: &mut Call) -> (CallEnd, locus_sip::media::MediaReport) {
    loop {
        if let CallEvent::Ended { end, media } = next(call).await {
            return (end, media);
        }
    }
}

#[tokio::test]
async fn an_answered_call_carries_our_identity_headers_and_audio_both_ways_and_our_hang_up_is_a_bye() {
    let mut sipp = Sipp::start("sipp-answer.xml");
    let request = CallRequest {
        target: "3125550199".into(),
        caller_user: Some("3125550100".into()),
        asserted_identity: Some("3125550100".into()),
        headers: vec![("Priority".into(), "emergency".into())],
        play: tone(440.0, 1.0),
        ..CallRequest::default()
    };
    let mut call = place_call(&account(sipp.port), "unused", request, CallOptions::default()).await.expect("INVITE");
    assert!(matches!(next(&mut call).await, CallEvent::Ringing), "180 first");
    let CallEvent::Established { remote, codec } = next(&mut call).await else { panic!("then answered") };
    assert_eq!((remote.ip().to_string().as_str(), codec), ("127.0.0.1", locus_sip::media::G711::MuLaw));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    call.hang_up();
    let (end, media) = until_ended(&mut call).await;
    assert_eq!(end, CallEnd::HungUp);
    assert!(sipp.finished_ok(Duration::from_secs(5)), "SIPp saw the whole call: {}", sipp.errors());

    let invite = sipp.request("INVITE").expect("SIPp received the INVITE");
    assert!(invite.starts_with("INVITE sip:3125550199@locus.test SIP/2.0"), "{invite}");
    let from = header(&invite, "From").expect("From");
    assert!(from.contains("<sip:3125550100@locus.test>") && from.contains("Alice Agent"), "{from}");
    assert_eq!(header(&invite, "P-Asserted-Identity").as_deref(), Some("<sip:3125550100@locus.test>"));
    assert_eq!(header(&invite, "Priority").as_deref(), Some("emergency"));
    assert_eq!(header(&invite, "Content-Type").as_deref(), Some("application/sdp"));
    assert!(body(&invite).contains("m=audio "), "{invite}");
    assert!(sipp.request("BYE").is_some(), "our hang-up was a BYE");

    // 1.5 s at 50 packets a second each way; the echo carries our tone back.
    assert!(media.packets_sent >= 60, "sent {}", media.packets_sent);
    assert!(media.received.packets >= 40, "received {}", media.received.packets);
    let heard = &media.received.samples;
    let (tone_power, other_power) = (power_at(heard, 440.0), power_at(heard, 1000.0));
    assert!(tone_power > 100.0 * other_power, "440 Hz came back: {tone_power} vs {other_power} at 1 kHz");
}

#[tokio::test]
async fn the_far_end_hanging_up_ends_the_call() {
    let mut sipp = Sipp::start("sipp-answer-and-hang-up.xml");
    let request = CallRequest { target: "933".into(), ..CallRequest::default() };
    let mut call = place_call(&account(sipp.port), "unused", request, CallOptions::default()).await.expect("INVITE");
    let (end, media) = until_ended(&mut call).await;
    assert_eq!(end, CallEnd::RemoteHungUp, "{}", sipp.errors());
    assert!(media.packets_sent > 0);
    assert!(sipp.finished_ok(Duration::from_secs(5)), "SIPp got its 200 for the BYE: {}", sipp.errors());
    let from = header(&sipp.request("INVITE").expect("INVITE"), "From").expect("From");
    assert!(from.contains("<sip:alice@locus.test>"), "without a caller ID the user is the caller: {from}");
}

#[tokio::test]
async fn a_busy_line_is_busy() {
    let mut sipp = Sipp::start("sipp-busy.xml");
    let request = CallRequest { target: "3125550199".into(), ..CallRequest::default() };
    let mut call = place_call(&account(sipp.port), "unused", request, CallOptions::default()).await.expect("INVITE");
    let (end, _) = until_ended(&mut call).await;
    assert_eq!(end, CallEnd::Busy);
    assert!(sipp.finished_ok(Duration::from_secs(5)), "SIPp got the ACK for its 486: {}", sipp.errors());
}

#[tokio::test]
async fn hanging_up_while_it_rings_cancels_the_invite() {
    let mut sipp = Sipp::start("sipp-ring-until-cancel.xml");
    let request = CallRequest { target: "3125550199".into(), ..CallRequest::default() };
    let mut call = place_call(&account(sipp.port), "unused", request, CallOptions::default()).await.expect("INVITE");
    assert!(matches!(next(&mut call).await, CallEvent::Ringing));
    call.hang_up();
    let (end, media) = until_ended(&mut call).await;
    assert_eq!(end, CallEnd::Cancelled);
    assert_eq!(media.packets_sent, 0, "no audio before an answer");
    assert!(sipp.finished_ok(Duration::from_secs(5)), "SIPp saw CANCEL and the ACK for 487: {}", sipp.errors());
    let cancel = sipp.request("CANCEL").expect("a CANCEL");
    let invite = sipp.request("INVITE").expect("INVITE");
    assert_eq!(header(&cancel, "Call-ID"), header(&invite, "Call-ID"));
    // The next hop is a preloaded loose route, so the CANCEL follows the INVITE there (not to the domain).
    let route = format!("<sip:127.0.0.1:{};lr>", sipp.port);
    assert_eq!((header(&invite, "Route"), header(&cancel, "Route")), (Some(route.clone()), Some(route)));
}

#[tokio::test]
async fn a_body_wrapper_sends_a_multipart_body_with_our_sdp_inside() {
    let mut sipp = Sipp::start("sipp-answer.xml");
    let wrap: locus_sip::BodyWrapper = Arc::new(|sdp: &[u8]| {
        let mut body = b"--part\r\nContent-Type: application/sdp\r\n\r\n".to_vec();
        body.extend_from_slice(sdp);
        body.extend_from_slice(
            b"\r\n--part\r\nContent-Type: text/plain\r\nContent-ID: <note@locus.test>\r\n\r\nhi\r\n--part--\r\n",
        );
        ("multipart/mixed;boundary=part".to_owned(), body)
    });
    let request = CallRequest { target: "911".into(), wrap_body: Some(wrap), ..CallRequest::default() };
    let mut call = place_call(&account(sipp.port), "unused", request, CallOptions::default()).await.expect("INVITE");
    while !matches!(next(&mut call).await, CallEvent::Established { .. }) {}
    call.hang_up();
    let (end, _) = until_ended(&mut call).await;
    assert_eq!(end, CallEnd::HungUp);
    assert!(sipp.finished_ok(Duration::from_secs(5)), "{}", sipp.errors());
    let invite = sipp.request("INVITE").expect("INVITE");
    assert_eq!(header(&invite, "Content-Type").as_deref(), Some("multipart/mixed;boundary=part"));
    let sent = body(&invite);
    assert!(sent.contains("Content-Type: application/sdp") && sent.contains("m=audio "), "{sent}");
    assert!(sent.contains("Content-ID: <note@locus.test>") && sent.trim_end().ends_with("--part--"), "{sent}");
}

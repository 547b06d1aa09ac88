//! An emergency call's INVITE must not wait on a dead transport: with `failover_after` set, an INVITE nobody
//! answers (not even 100 Trying) goes out again over the next transport, with the same caller identity, headers
//! and body, and the call carries on there; so does an INVITE over a TCP connection the far end refuses (the
//! stack keeps retrying the connection without telling, so the same timer moves it on). Without the option, an
//! ordinary call stays on the account's transport. A TLS account's INVITE that fails over leaves SRTP behind with
//! TLS: over UDP its offer is plain RTP, without SDES keys, still wrapped the way the first one was (the PIDF-LO
//! multipart of a 911 call). And a gateway that refuses the location (424 Bad Location Information) gets the
//! INVITE again at once with the bare SDP and no Geolocation headers, and answers it. SIPp on loopback is the far
//! end.

mod support;

use locus_sip::{BodyWrapper, Call, CallEnd, CallEvent, CallOptions, CallRequest, Transport, place_call};
use std::sync::Arc;
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

async fn until_ended(call: &mut Call) -> (CallEnd, locus_sip::media::MediaReport) {
    loop {
        if let CallEvent::Ended { end, media } = next(call).await {
            return (end, media);
        }
    }
}

fn emergency_request() -> CallRequest {
    CallRequest {
        target: "911".into(),
        caller_user: Some("3125550100".into()),
        asserted_identity: Some("3125550100".into()),
        headers: vec![("Priority".into(), "emergency".into())],
        play: tone(440.0, 1.0),
        ..CallRequest::default()
    }
}

/// Wraps the SDP offer with a location, as a 911 call's PIDF-LO multipart does.
fn with_a_location() -> BodyWrapper {
    Arc::new(|sdp: &[u8]| {
        let mut body = b"--part\r\nContent-Type: application/sdp\r\n\r\n".to_vec();
        body.extend_from_slice(sdp);
        body.extend_from_slice(b"\r\n--part\r\nContent-Type: application/pidf+xml\r\n\r\n<presence/>\r\n--part--\r\n");
        ("multipart/mixed;boundary=part".to_owned(), body)
    })
}

fn failing_over_after(after: Duration) -> CallOptions {
    CallOptions { failover_after: Some(after), ..CallOptions::default() }
}

#[tokio::test]
async fn an_invite_nobody_hears_over_udp_goes_out_again_over_tcp_with_the_same_identity_and_is_answered() {
    // SIPp listens on TCP only; the account says UDP to the same port, where nothing listens.
    let mut sipp = Sipp::start_over_tcp("sipp-answer.xml");
    let account = loopback_account(sipp.port, Transport::Udp);
    let options = failing_over_after(Duration::from_secs(1));
    let mut call = place_call(&account, "unused", emergency_request(), options).await.expect("INVITE");
    assert_eq!(call.transport, Transport::Udp, "the first INVITE takes the account's transport");

    let CallEvent::TransportChanged { transport, call_id, sent_at } = next(&mut call).await else {
        panic!("the INVITE moves to the next transport first")
    };
    assert_eq!(transport, Transport::Tcp);
    let waited = sent_at.duration_since(call.invite_sent_at);
    assert!(waited >= Duration::from_millis(950) && waited < Duration::from_secs(3), "after {waited:?}");
    assert_ne!(call_id, call.call_id, "a new INVITE transaction");
    assert!(matches!(next(&mut call).await, CallEvent::Ringing));
    assert!(matches!(next(&mut call).await, CallEvent::Established { .. }));
    tokio::time::sleep(Duration::from_millis(800)).await;
    call.hang_up();
    let (end, media) = until_ended(&mut call).await;
    assert_eq!(end, CallEnd::HungUp);
    assert!(media.received.packets > 0, "audio flowed once the call moved to TCP");
    assert!(sipp.finished_ok(Duration::from_secs(5)), "SIPp saw the whole call over TCP: {}", sipp.errors());

    let invite = sipp.request("INVITE").expect("SIPp received the INVITE over TCP");
    assert!(header(&invite, "Via").expect("Via").starts_with("SIP/2.0/TCP "), "{invite}");
    assert_eq!(header(&invite, "Call-ID"), Some(call_id));
    assert!(header(&invite, "From").expect("From").contains("<sip:3125550100@locus.test>"), "{invite}");
    assert_eq!(header(&invite, "P-Asserted-Identity").as_deref(), Some("<sip:3125550100@locus.test>"));
    assert_eq!(header(&invite, "Priority").as_deref(), Some("emergency"));
    assert_eq!(header(&invite, "Content-Type").as_deref(), Some("application/sdp"));
    assert!(body(&invite).contains("m=audio "), "{invite}");
    assert!(sipp.request("BYE").is_some(), "our hang-up reached SIPp over TCP");
}

#[tokio::test]
async fn an_invite_over_a_refused_tcp_connection_moves_to_udp() {
    // The account says TCP, where nothing listens (connection refused); SIPp answers on UDP.
    let mut sipp = Sipp::start("sipp-answer.xml");
    let account = loopback_account(sipp.port, Transport::Tcp);
    let options = failing_over_after(Duration::from_secs(1));
    let mut call = place_call(&account, "unused", emergency_request(), options).await.expect("INVITE");
    assert_eq!(call.transport, Transport::Tcp);
    let CallEvent::TransportChanged { transport, sent_at, .. } = next(&mut call).await else {
        panic!("the refused INVITE moves to the next transport")
    };
    assert_eq!(transport, Transport::Udp);
    let waited = sent_at.duration_since(call.invite_sent_at);
    assert!(waited >= Duration::from_millis(950) && waited < Duration::from_secs(3), "after {waited:?}");
    while !matches!(next(&mut call).await, CallEvent::Established { .. }) {}
    call.hang_up();
    assert_eq!(until_ended(&mut call).await.0, CallEnd::HungUp);
    assert!(sipp.finished_ok(Duration::from_secs(5)), "{}", sipp.errors());
    let invite = sipp.request("INVITE").expect("INVITE over UDP");
    assert!(header(&invite, "Via").expect("Via").starts_with("SIP/2.0/UDP "), "{invite}");
    assert_eq!(header(&invite, "Priority").as_deref(), Some("emergency"));
}

#[tokio::test]
async fn a_tls_invite_nobody_hears_goes_out_over_udp_offering_plain_rtp_in_the_same_wrapping() {
    // SIPp answers on UDP only, with plain RTP; the account says TLS to the same port, where nothing listens.
    let mut sipp = Sipp::start("sipp-answer.xml");
    let account = loopback_account(sipp.port, Transport::Tls);
    let request = CallRequest { wrap_body: Some(with_a_location()), ..emergency_request() };
    let mut call =
        place_call(&account, "unused", request, failing_over_after(Duration::from_secs(1))).await.expect("INVITE");
    assert_eq!(call.transport, Transport::Tls, "the first INVITE takes the account's transport");
    let CallEvent::TransportChanged { transport, .. } = next(&mut call).await else {
        panic!("the INVITE moves to the next transport first")
    };
    assert_eq!(transport, Transport::Udp, "TLS fails over to UDP first");
    while !matches!(next(&mut call).await, CallEvent::Established { .. }) {}
    tokio::time::sleep(Duration::from_millis(800)).await;
    call.hang_up();
    let (end, media) = until_ended(&mut call).await;
    assert_eq!(end, CallEnd::HungUp, "the call was answered and carried plain RTP");
    assert!(media.received.packets > 0 && media.packets_sent > 0, "audio flowed both ways: {media:?}");
    assert!(sipp.finished_ok(Duration::from_secs(5)), "{}", sipp.errors());

    let invite = sipp.request("INVITE").expect("SIPp received the INVITE over UDP");
    assert!(header(&invite, "Via").expect("Via").starts_with("SIP/2.0/UDP "), "{invite}");
    assert_eq!(header(&invite, "Content-Type").as_deref(), Some("multipart/mixed;boundary=part"));
    let sent = body(&invite);
    assert!(sent.contains(" RTP/AVP ") && !sent.contains("RTP/SAVP"), "plain RTP offered over UDP: {sent}");
    assert!(!sent.contains("a=crypto"), "no SRTP keys in cleartext signalling: {sent}");
    assert!(sent.contains("<presence/>") && sent.trim_end().ends_with("--part--"), "still wrapped: {sent}");
}

#[tokio::test]
async fn a_refused_location_is_sent_again_without_it_and_the_call_goes_through() {
    let mut sipp = Sipp::start_for_calls("sipp-refuse-location-answer-without.xml", &[], 2);
    let account = loopback_account(sipp.port, Transport::Udp);
    let mut request = CallRequest { wrap_body: Some(with_a_location()), ..emergency_request() };
    request.headers.push(("Geolocation".into(), "<cid:loc@locus.test>".into()));
    request.headers.push(("Geolocation-Routing".into(), "yes".into()));
    let options = CallOptions { retry_without_location: true, ..CallOptions::default() };
    let mut call = place_call(&account, "unused", request, options).await.expect("INVITE");

    let CallEvent::LocationRefused { status, call_id } = next(&mut call).await else {
        panic!("the refusal is reported first")
    };
    assert_eq!(status, 424);
    assert_ne!(call_id, call.call_id, "a new INVITE transaction");
    while !matches!(next(&mut call).await, CallEvent::Established { .. }) {}
    call.hang_up();
    assert_eq!(until_ended(&mut call).await.0, CallEnd::HungUp, "the call went through without the location");
    assert!(sipp.finished_ok(Duration::from_secs(5)), "{}", sipp.errors());

    let invites: Vec<String> = sipp.received().into_iter().filter(|m| m.starts_with("INVITE ")).collect();
    assert_eq!(invites.len(), 2, "{invites:?}");
    assert_eq!(header(&invites[0], "Content-Type").as_deref(), Some("multipart/mixed;boundary=part"));
    assert!(header(&invites[0], "Geolocation").is_some());
    assert_eq!(header(&invites[1], "Content-Type").as_deref(), Some("application/sdp"), "{}", invites[1]);
    assert_eq!((header(&invites[1], "Geolocation"), header(&invites[1], "Geolocation-Routing")), (None, None));
    assert!(!body(&invites[1]).contains("<presence/>"), "{}", invites[1]);
    assert_eq!(header(&invites[1], "Priority").as_deref(), Some("emergency"), "the rest of the INVITE is the same");
    assert_eq!(header(&invites[1], "P-Asserted-Identity"), header(&invites[0], "P-Asserted-Identity"));
}

#[tokio::test]
async fn without_the_option_an_unheard_invite_stays_on_the_accounts_transport() {
    // SIPp on TCP would answer, but the call is ordinary: its INVITE keeps going to UDP, where a socket of ours
    // takes it and says nothing.
    let sipp = Sipp::start_over_tcp("sipp-answer.xml");
    let black_hole = tokio::net::UdpSocket::bind(("127.0.0.1", sipp.port)).await.expect("UDP on SIPp's port");
    let account = loopback_account(sipp.port, Transport::Udp);
    let mut call = place_call(&account, "unused", emergency_request(), CallOptions::default()).await.expect("INVITE");

    let mut invites = 0;
    let mut buffer = vec![0_u8; 65_536];
    let quiet_until = tokio::time::Instant::now() + Duration::from_millis(2500);
    loop {
        tokio::select! {
            event = call.next_event() => panic!("nothing happens to an unheard ordinary call: {event:?}"),
            received = black_hole.recv_from(&mut buffer) => {
                let (length, _) = received.expect("recv");
                assert!(buffer[..length].starts_with(b"INVITE sip:911@locus.test SIP/2.0"), "only INVITEs");
                invites += 1;
            }
            _ = tokio::time::sleep_until(quiet_until) => break,
        }
    }
    assert!(invites >= 2, "the INVITE and its UDP retransmissions kept coming: {invites}");
    assert!(sipp.received().is_empty(), "nothing went to TCP: {:?}", sipp.received());
    call.hang_up();
    let (end, media) = until_ended(&mut call).await;
    assert_eq!(end, CallEnd::Cancelled, "hanging up an unheard INVITE gives it up");
    assert_eq!(media.packets_sent, 0);
}

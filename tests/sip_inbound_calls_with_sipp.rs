//! Calls to us, with SIPp as the caller through a real Kamailio on loopback where we registered `alice`: the call
//! rings (SIPp sees 180) and arrives with the caller's name, number, asserted identity and codecs; answering
//! gives audio both ways (SIPp plays a 1 kHz tone we record, we send ours) until the caller's BYE ends it;
//! refusing is a 486 at the caller; forwarding is a 302 naming the new target; a caller who gives up before the
//! answer (CANCEL, 487) ends the ringing call here.

mod support;

use locus_sip::{CallEnd, CallEvent, IncomingCall};
use std::time::Duration;
use support::audio::{power_at, tone};
use support::kamailio::{Digest, Kamailio};
use support::pcap::rtp_pcap;
use support::sip_account::registered_alice;
use support::sipp::header;
use support::sipp_caller::SippCaller;
use tokio::sync::mpsc;

async fn ringing(calls: &mut mpsc::UnboundedReceiver<IncomingCall>, sipp: &SippCaller) -> IncomingCall {
    match tokio::time::timeout(Duration::from_secs(10), calls.recv()).await {
        Ok(Some(call)) => call,
        _ => panic!("no incoming call within 10 s: {}", sipp.explain()),
    }
}

/// What the caller says once answered (SIPp loads it with the scenario, so every call needs it): 1.5 s of 1 kHz.
fn callers_voice() -> Vec<u8> {
    rtp_pcap(&tone(1_000.0, 1.5))
}

/// Waits (without stalling the runtime) for SIPp to finish its scenario; true when it counted the call a success.
fn sipp_finished(sipp: &mut SippCaller) -> bool {
    tokio::task::block_in_place(|| sipp.finished_ok(Duration::from_secs(15)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answered_call_rings_first_carries_audio_both_ways_and_ends_with_the_callers_bye() {
    let kamailio = Kamailio::start(Digest::Md5);
    let (_registration, mut calls) = registered_alice(&kamailio, None).await;
    let mut sipp = SippCaller::call("sipp-call-us.xml", kamailio.port, "alice", &[("caller.pcap", &callers_voice())]);
    let incoming = ringing(&mut calls, &sipp).await;
    assert_eq!(incoming.caller.user, "+13125550199");
    assert_eq!(incoming.caller.display_name.as_deref(), Some("Bob Caller"));
    assert_eq!(incoming.caller.asserted_identity.as_deref(), Some("+13125550199"));
    assert_eq!(incoming.offered_codecs, ["PCMU", "PCMA", "telephone-event"]);
    assert!(!incoming.call_id.is_empty());

    let mut call = incoming.accept(tone(440.0, 3.0)).await.expect("answered");
    let first = tokio::time::timeout(Duration::from_secs(5), call.next_event()).await.expect("an event");
    assert!(matches!(first, Some(CallEvent::Established { .. })), "{first:?}");
    let (end, media) = loop {
        let next = tokio::time::timeout(Duration::from_secs(15), call.next_event()).await;
        match next.unwrap_or_else(|_| panic!("the call did not end within 15 s: {}", sipp.explain())) {
            Some(CallEvent::Ended { end, media }) => break (end, media),
            Some(_) => {}
            None => panic!("no end reported"),
        }
    };
    assert_eq!(end, CallEnd::RemoteHungUp, "{}", sipp.explain());
    assert!(sipp_finished(&mut sipp), "SIPp completed the call: {}", sipp.explain());
    assert!(sipp.response(180).is_some(), "the caller heard ringing first: {}", sipp.explain());
    let ok = sipp.response(200).expect("the caller got our answer");
    assert!(ok.contains("m=audio ") && ok.contains("a=rtpmap:0 PCMU/8000"), "{ok}");

    // About 2 s of call: we sent all along, and recorded the caller's 1 kHz tone.
    assert!(media.packets_sent >= 50, "sent {}", media.packets_sent);
    assert!(media.received.packets >= 40, "received {}", media.received.packets);
    let heard = &media.received.samples;
    let (tone_power, other_power) = (power_at(heard, 1_000.0), power_at(heard, 440.0));
    assert!(tone_power > 100.0 * other_power, "the caller's 1 kHz arrived: {tone_power} vs {other_power}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusing_a_call_is_busy_at_the_caller() {
    let kamailio = Kamailio::start(Digest::Md5);
    let (_registration, mut calls) = registered_alice(&kamailio, None).await;
    let mut sipp = SippCaller::call("sipp-call-us.xml", kamailio.port, "alice", &[("caller.pcap", &callers_voice())]);
    ringing(&mut calls, &sipp).await.reject(486);
    assert!(sipp_finished(&mut sipp), "SIPp completed the call: {}", sipp.explain());
    // The 180 may arrive after the 486 when the refusal is instant: only the final answer is checked here.
    assert!(sipp.response(486).is_some(), "486 Busy Here at the caller: {}", sipp.explain());
    assert!(sipp.response(200).is_none(), "never answered: {}", sipp.explain());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarding_a_call_is_a_redirect_to_the_new_target() {
    let kamailio = Kamailio::start(Digest::Md5);
    let (_registration, mut calls) = registered_alice(&kamailio, None).await;
    let mut sipp = SippCaller::call("sipp-call-us.xml", kamailio.port, "alice", &[("caller.pcap", &callers_voice())]);
    ringing(&mut calls, &sipp).await.redirect("sip:+13125550142@locus.test").expect("forwarded");
    assert!(sipp_finished(&mut sipp), "SIPp completed the call: {}", sipp.explain());
    let moved = sipp.response(302).unwrap_or_else(|| panic!("302 at the caller: {}", sipp.explain()));
    assert_eq!(header(&moved, "Contact").as_deref(), Some("<sip:+13125550142@locus.test>"), "{moved}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caller_who_gives_up_before_the_answer_ends_the_ringing_call() {
    let kamailio = Kamailio::start(Digest::Md5);
    let (_registration, mut calls) = registered_alice(&kamailio, None).await;
    let mut sipp = SippCaller::call("sipp-call-us-then-cancel.xml", kamailio.port, "alice", &[]);
    let mut incoming = ringing(&mut calls, &sipp).await;
    let end = tokio::time::timeout(Duration::from_secs(10), incoming.caller_gone()).await.expect("ringing stops");
    assert_eq!(end, CallEnd::RemoteHungUp);
    assert!(incoming.accept(Vec::new()).await.is_err(), "nothing left to answer");
    assert!(sipp_finished(&mut sipp), "SIPp completed the call: {}", sipp.explain());
    assert!(sipp.response(487).is_some(), "487 Request Terminated at the caller: {}", sipp.explain());
}

//! An answered incoming call has the same controls as one we placed, with SIPp calling `alice`, registered with
//! a real Kamailio: holding it is a re-INVITE in its dialog offering `a=sendonly` (the SDP
//! session of our answer, its version one higher), resuming one offering `a=sendrecv`, and a blind transfer holds
//! it again and sends a REFER naming the target at the domain the caller called and us as `Referred-By` — SIPp's
//! scenario checks each — then hangs up once the NOTIFYs say the target answered. That caller calls our
//! registered contact directly: a SIPp caller sends everything, its answers to our requests too, to the one
//! address it calls, and Kamailio (which does not record-route) would drop those answers. And an INVITE without
//! an SDP offer (a late offer, which we do not do), through Kamailio, is refused with 488 Not Acceptable Here and
//! never rings here.

mod support;

use locus_sip::{CallEnd, CallEvent};
use std::net::SocketAddr;
use std::time::Duration;
use support::audio::tone;
use support::kamailio::{Digest, Kamailio, free_port};
use support::sip_account::registered_alice;
use support::sipp::{body, header};
use support::sipp_caller::SippCaller;

/// Waits (without stalling the runtime) for SIPp to finish its scenario; true when it counted the call a success.
fn sipp_finished(sipp: &mut SippCaller) -> bool {
    tokio::task::block_in_place(|| sipp.finished_ok(Duration::from_secs(15)))
}

async fn next(call: &mut locus_sip::Call, sipp: &SippCaller) -> CallEvent {
    match tokio::time::timeout(Duration::from_secs(10), call.next_event()).await {
        Ok(Some(event)) => event,
        Ok(None) => panic!("the call stopped reporting before it ended"),
        Err(_) => panic!("no call event within 10 s: {}", sipp.explain()),
    }
}

/// The `o=` line's session id and version.
fn origin(sdp: &str) -> (u64, u64) {
    let line = sdp.lines().find(|l| l.starts_with("o=")).expect("an o= line");
    let fields: Vec<&str> = line.split_whitespace().collect();
    (fields[1].parse().expect("session id"), fields[2].parse().expect("session version"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answered_incoming_call_is_held_resumed_and_transferred_like_a_placed_one() {
    let kamailio = Kamailio::start(Digest::Md5);
    let ours = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let (_registration, mut calls) = registered_alice(&kamailio, Some(ours)).await;
    let mut sipp = SippCaller::call("sipp-call-us-hold-transfer.xml", ours.port(), "alice", &[]);
    let incoming = match tokio::time::timeout(Duration::from_secs(10), calls.recv()).await {
        Ok(Some(call)) => call,
        _ => panic!("no incoming call within 10 s: {}", sipp.explain()),
    };
    let mut call = incoming.accept(tone(440.0, 20.0)).await.expect("answered");
    let control = call.control();
    assert!(matches!(next(&mut call, &sipp).await, CallEvent::Established { .. }));
    tokio::time::sleep(Duration::from_millis(300)).await;

    control.hold().await.unwrap_or_else(|err| panic!("the caller accepts the hold: {err}\n{}", sipp.explain()));
    assert!(matches!(next(&mut call, &sipp).await, CallEvent::Held), "Held after the 200");
    control.resume().await.unwrap_or_else(|err| panic!("the caller accepts the resume: {err}\n{}", sipp.explain()));
    assert!(matches!(next(&mut call, &sipp).await, CallEvent::Resumed), "Resumed after the 200");

    control.transfer("3125550142").await.unwrap_or_else(|err| panic!("transferred: {err}\n{}", sipp.explain()));
    let mut events = Vec::new();
    let end = loop {
        match next(&mut call, &sipp).await {
            CallEvent::Ended { end, .. } => break end,
            event => events.push(event),
        }
    };
    assert!(
        matches!(
            events.as_slice(),
            [CallEvent::Transferring { target }, CallEvent::Held, CallEvent::Transferred]
                if target == "sip:3125550142@locus.test"
        ),
        "{events:?}"
    );
    assert_eq!(end, CallEnd::Transferred);
    assert!(sipp_finished(&mut sipp), "SIPp saw the holds, the resume, the REFER and our BYE: {}", sipp.explain());

    // Every re-INVITE is in the caller's dialog and offers the session of our answer, one version higher each.
    let received = sipp.received();
    let answer = sipp.response(200).expect("the caller got our answer");
    let reinvites: Vec<&String> = received.iter().filter(|m| m.starts_with("INVITE ")).collect();
    assert_eq!(reinvites.len(), 3, "hold, resume, hold for the transfer: {reinvites:#?}");
    let (session, version) = origin(&body(&answer));
    for (n, (reinvite, direction)) in reinvites.iter().zip(["a=sendonly", "a=sendrecv", "a=sendonly"]).enumerate() {
        assert_eq!(header(reinvite, "Call-ID"), header(&answer, "Call-ID"), "same dialog");
        assert!(body(reinvite).contains(direction), "re-INVITE {n} offers {direction}: {reinvite}");
        assert_eq!(origin(&body(reinvite)), (session, version + n as u64 + 1), "{reinvite}");
    }
    let refer = received.iter().find(|m| m.starts_with("REFER ")).expect("the REFER");
    assert_eq!(header(refer, "Call-ID"), header(&answer, "Call-ID"), "the REFER is in the caller's dialog");
    assert_eq!(header(refer, "Refer-To").as_deref(), Some("<sip:3125550142@locus.test>"));
    assert_eq!(header(refer, "Referred-By").as_deref(), Some("<sip:alice@locus.test>"));
    assert!(received.iter().any(|m| m.starts_with("BYE ")), "we hung up after the transfer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invite_without_an_offer_is_refused_with_488_and_never_rings() {
    let kamailio = Kamailio::start(Digest::Md5);
    let (_registration, mut calls) = registered_alice(&kamailio, None).await;
    let mut sipp = SippCaller::call("sipp-call-us-without-offer.xml", kamailio.port, "alice", &[]);
    assert!(sipp_finished(&mut sipp), "SIPp got 488 Not Acceptable Here: {}", sipp.explain());
    assert!(sipp.response(488).is_some(), "{}", sipp.explain());
    assert!(sipp.response(180).is_none() && sipp.response(200).is_none(), "never rung nor answered");
    assert!(calls.try_recv().is_err(), "nothing rang here");
}

//! Blind transfer (REFER) against SIPp on loopback, the flow of RFC 5589 §6.1: the answered call is put on hold
//! (re-INVITE offering `a=sendonly`), a REFER in the same dialog names the target in `Refer-To` (a number
//! dialled at the account's domain) and us in `Referred-By` — SIPp's scenario checks both — and the NOTIFYs'
//! `message/sipfrag` say how the new call goes. `SIP/2.0 200 OK` means it went through: we hang up (BYE) and the
//! call ends as transferred. `SIP/2.0 486 Busy Here`, or a REFER refused outright (405), leaves the call up and
//! takes it off hold again (re-INVITE offering `a=sendrecv`).

mod support;

use locus_sip::{Call, CallControl, CallEnd, CallEvent, CallOptions, CallRequest, SipError, Transport, place_call};
use std::time::Duration;
use support::audio::tone;
use support::sip_account::loopback_account;
use support::sipp::{Sipp, body, header};

async fn next(call: &mut Call, sipp: &Sipp) -> CallEvent {
    match tokio::time::timeout(Duration::from_secs(10), call.next_event()).await {
        Ok(Some(event)) => event,
        Ok(None) => panic!("the call stopped reporting before it ended"),
        Err(_) => panic!("no call event within 10 s: {}\n{}", sipp.errors(), sipp.log()),
    }
}

/// Calls SIPp, waits for the answer and returns the call and its control.
async fn answered_call(sipp: &Sipp) -> (Call, CallControl) {
    let request = CallRequest { target: "3125550199".into(), play: tone(440.0, 20.0), ..CallRequest::default() };
    let account = loopback_account(sipp.port, Transport::Udp);
    let mut call = place_call(&account, "unused", request, CallOptions::default()).await.expect("INVITE");
    let control = call.control();
    while !matches!(next(&mut call, sipp).await, CallEvent::Established { .. }) {}
    (call, control)
}

/// The events up to and including the next one `until` accepts, in order.
async fn events_until(call: &mut Call, sipp: &Sipp, until: impl Fn(&CallEvent) -> bool) -> Vec<CallEvent> {
    let mut seen = Vec::new();
    loop {
        let event = next(call, sipp).await;
        let done = until(&event);
        seen.push(event);
        if done {
            return seen;
        }
    }
}

/// Short names of the events, for comparing orders.
fn names(events: &[CallEvent]) -> Vec<&'static str> {
    events
        .iter()
        .map(|event| match event {
            CallEvent::Ringing => "Ringing",
            CallEvent::Established { .. } => "Established",
            CallEvent::TransportChanged { .. } => "TransportChanged",
            CallEvent::LocationRefused { .. } => "LocationRefused",
            CallEvent::Held => "Held",
            CallEvent::Resumed => "Resumed",
            CallEvent::Transferring { .. } => "Transferring",
            CallEvent::Transferred => "Transferred",
            CallEvent::TransferFailed { .. } => "TransferFailed",
            CallEvent::Ended { .. } => "Ended",
        })
        .collect()
}

/// The INVITEs SIPp received: the call, then each re-INVITE.
fn invites(sipp: &Sipp) -> Vec<String> {
    sipp.received().into_iter().filter(|m| m.starts_with("INVITE ")).collect()
}

#[tokio::test]
async fn a_transfer_the_target_answers_holds_refers_follows_the_notifies_and_hangs_up() {
    let mut sipp = Sipp::start("sipp-answer-accept-refer.xml");
    let (mut call, control) = answered_call(&sipp).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let transfer = tokio::spawn({
        let control = control.clone();
        async move { control.transfer("312-555-0142").await }
    });
    let events = events_until(&mut call, &sipp, |e| matches!(e, CallEvent::Ended { .. })).await;
    let outcome = tokio::time::timeout(Duration::from_secs(5), transfer).await.expect("answered").expect("task");
    outcome.unwrap_or_else(|err| panic!("the transfer went through: {err}\n{}", sipp.errors()));

    assert_eq!(names(&events), ["Transferring", "Held", "Transferred", "Ended"], "{events:?}");
    assert!(
        matches!(&events[0], CallEvent::Transferring { target } if target == "sip:3125550142@locus.test"),
        "{events:?}"
    );
    let Some(CallEvent::Ended { end, .. }) = events.last() else { unreachable!("the last event is Ended") };
    assert_eq!(*end, CallEnd::Transferred);
    assert_eq!(end.code(), "transferred");
    assert!(sipp.finished_ok(Duration::from_secs(5)), "SIPp saw the hold, the REFER and our BYE: {}", sipp.errors());

    // One REFER in the call's dialog, after the hold, naming the target and us; then our BYE.
    let received = sipp.received();
    let refer = sipp.request("REFER").expect("the REFER");
    let first = &invites(&sipp)[0];
    assert_eq!(header(&refer, "Call-ID"), header(first, "Call-ID"), "the REFER is in the call's dialog");
    assert_eq!(header(&refer, "Refer-To").as_deref(), Some("<sip:3125550142@locus.test>"));
    assert_eq!(header(&refer, "Referred-By").as_deref(), Some("<sip:alice@locus.test>"));
    let position = |start: &str| received.iter().position(|m| m.starts_with(start)).expect(start);
    assert!(position("REFER ") > position("ACK "), "the REFER follows the hold");
    assert!(body(&invites(&sipp)[1]).contains("a=sendonly"), "the call was held first");
    assert!(position("BYE ") > position("REFER "), "we hung up after the transfer");
    // Each NOTIFY was answered 200 OK, the last one before our BYE (SIPp's scenario insists on both).
    let notify_answers: Vec<String> = received
        .iter()
        .filter(|m| m.starts_with("SIP/2.0 200 "))
        .filter_map(|m| header(m, "CSeq"))
        .filter(|cseq| cseq.ends_with("NOTIFY"))
        .collect();
    assert_eq!(notify_answers, ["1 NOTIFY", "2 NOTIFY"], "{received:#?}");
    assert!(
        matches!(control.transfer("3125550142").await, Err(SipError::CallOver)),
        "nothing to transfer after the end"
    );
}

#[tokio::test]
async fn a_transfer_to_a_busy_target_fails_and_the_call_is_taken_off_hold() {
    let mut sipp = Sipp::start("sipp-answer-refer-target-busy.xml");
    let (mut call, control) = answered_call(&sipp).await;

    let transfer = tokio::spawn({
        let control = control.clone();
        async move { control.transfer("3125550142").await }
    });
    let events = events_until(&mut call, &sipp, |e| matches!(e, CallEvent::Resumed)).await;
    let outcome = tokio::time::timeout(Duration::from_secs(5), transfer).await.expect("answered").expect("task");
    assert!(
        matches!(&outcome, Err(SipError::TransferFailed(why)) if why == "486 Busy Here"),
        "the target was busy: {outcome:?}"
    );
    assert_eq!(names(&events), ["Transferring", "Held", "TransferFailed", "Resumed"], "{events:?}");
    assert!(
        matches!(&events[2], CallEvent::TransferFailed { reason } if reason.contains("486 Busy Here")),
        "{events:?}"
    );

    // The call is still up, and it is we who end it, with an ordinary BYE.
    tokio::time::sleep(Duration::from_millis(300)).await;
    call.hang_up();
    let events = events_until(&mut call, &sipp, |e| matches!(e, CallEvent::Ended { .. })).await;
    let Some(CallEvent::Ended { end, .. }) = events.last() else { unreachable!("the last event is Ended") };
    assert_eq!(*end, CallEnd::HungUp);
    assert!(sipp.finished_ok(Duration::from_secs(5)), "SIPp saw the resume and our BYE: {}", sipp.errors());
    let invites = invites(&sipp);
    assert_eq!(invites.len(), 3, "the call, the hold and the resume: {invites:#?}");
    assert!(body(&invites[2]).contains("a=sendrecv") && !body(&invites[2]).contains("a=sendonly"));
}

#[tokio::test]
async fn a_refused_refer_is_an_error_and_the_call_goes_on() {
    let mut sipp = Sipp::start("sipp-answer-refuse-refer.xml");
    let (mut call, control) = answered_call(&sipp).await;

    let outcome = control.transfer("3125550142").await;
    assert!(
        matches!(&outcome, Err(SipError::TransferRefused { status: 405, reason }) if reason == "Method Not Allowed"),
        "the REFER was refused: {outcome:?}"
    );
    let events = events_until(&mut call, &sipp, |e| matches!(e, CallEvent::Resumed)).await;
    assert_eq!(names(&events), ["Transferring", "Held", "TransferFailed", "Resumed"], "{events:?}");

    call.hang_up();
    let events = events_until(&mut call, &sipp, |e| matches!(e, CallEvent::Ended { .. })).await;
    let Some(CallEvent::Ended { end, .. }) = events.last() else { unreachable!("the last event is Ended") };
    assert_eq!(*end, CallEnd::HungUp);
    assert!(sipp.finished_ok(Duration::from_secs(5)), "SIPp saw the resume and our BYE: {}", sipp.errors());
    assert!(sipp.request("NOTIFY").is_none() && sipp.request("REFER").is_some());
}

#[tokio::test]
async fn a_transfer_needs_a_target_and_an_answered_call() {
    let mut sipp = Sipp::start("sipp-answer.xml");
    let account = loopback_account(sipp.port, Transport::Udp);
    let request = CallRequest { target: "3125550199".into(), ..CallRequest::default() };
    let mut call = place_call(&account, "unused", request, CallOptions::default()).await.expect("INVITE");
    // SIPp answers after 300 ms: a transfer before that is refused and sends nothing.
    assert!(matches!(call.transfer("3125550142").await, Err(SipError::NotAnswered)));
    while !matches!(next(&mut call, &sipp).await, CallEvent::Established { .. }) {}
    assert!(matches!(call.transfer("  ").await, Err(SipError::InvalidTransferTarget(_))));
    call.hang_up();
    events_until(&mut call, &sipp, |e| matches!(e, CallEvent::Ended { .. })).await;
    assert!(sipp.finished_ok(Duration::from_secs(5)), "{}", sipp.errors());
    assert!(sipp.request("REFER").is_none(), "no REFER went out");
    assert_eq!(invites(&sipp).len(), 1, "and no hold");
}

//! Hold and resume against SIPp on loopback: holding an answered call is a re-INVITE in the same dialog (same
//! Call-ID and From tag, higher CSeq) offering `a=sendonly` with the SDP version one higher, and our audio stops
//! while held; resuming is another re-INVITE offering `a=sendrecv`, version one higher again, and the audio comes
//! back. SIPp echoes our RTP, so a gap in what comes back shows exactly when we sent nothing.

mod support;

use locus_sip::{Call, CallEnd, CallEvent, CallOptions, CallRequest, SipError, Transport, place_call};
use std::time::{Duration, Instant};
use support::audio::{power_at, tone};
use support::sip_account::loopback_account;
use support::sipp::{Sipp, body, header};

async fn next(call: &mut Call) -> CallEvent {
    tokio::time::timeout(Duration::from_secs(10), call.next_event())
        .await
        .expect("a call event within 10 s")
        .expect("the call reports until it ends")
}

/// The `o=` line's session id and version.
fn origin(sdp: &str) -> (u64, u64) {
    let line = sdp.lines().find(|l| l.starts_with("o=")).expect("an o= line");
    let fields: Vec<&str> = line.split_whitespace().collect();
    (fields[1].parse().expect("session id"), fields[2].parse().expect("session version"))
}

fn cseq(message: &str) -> u32 {
    let value = header(message, "CSeq").expect("CSeq");
    assert!(value.ends_with("INVITE"), "{value}");
    value.split_whitespace().next().and_then(|n| n.parse().ok()).expect("CSeq number")
}

fn tag(from: &str) -> &str {
    from.split(";tag=").nth(1).expect("a From tag").split(';').next().expect("tag")
}

/// The longest run of exact zeros after the first sound (no packet came back for that stretch).
fn longest_silence(samples: &[i16]) -> (usize, usize) {
    let start = samples.iter().position(|&s| s != 0).unwrap_or(samples.len());
    let (mut best, mut best_end, mut run) = (0, 0, 0);
    for (i, &sample) in samples.iter().enumerate().skip(start) {
        run = if sample == 0 { run + 1 } else { 0 };
        if run > best {
            (best, best_end) = (run, i + 1);
        }
    }
    (best, best_end)
}

#[tokio::test]
async fn hold_is_a_sendonly_reinvite_that_silences_us_and_resume_a_sendrecv_one_that_brings_the_audio_back() {
    let mut sipp = Sipp::start("sipp-answer-hold-resume.xml");
    let request = CallRequest { target: "3125550199".into(), play: tone(440.0, 20.0), ..CallRequest::default() };
    let account = loopback_account(sipp.port, Transport::Udp);
    let mut call = place_call(&account, "unused", request, CallOptions::default()).await.expect("INVITE");
    let control = call.control();

    // SIPp answers after 300 ms: holding before that is refused and sends nothing.
    assert!(matches!(control.hold().await, Err(SipError::NotAnswered)), "no hold before the answer");
    while !matches!(next(&mut call).await, CallEvent::Established { .. }) {}
    let established_at = Instant::now();
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let hold_asked_at = Instant::now();
    control.hold().await.expect("the far end accepts the hold");
    assert!(matches!(next(&mut call).await, CallEvent::Held), "Held after the 200");
    assert!(control.hold().await.is_ok(), "holding a held call changes nothing");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    call.resume().await.expect("the far end accepts the resume");
    let resumed_at = Instant::now();
    assert!(matches!(next(&mut call).await, CallEvent::Resumed), "Resumed after the 200");
    tokio::time::sleep(Duration::from_millis(1500)).await;

    call.hang_up();
    let (end, media) = loop {
        if let CallEvent::Ended { end, media } = next(&mut call).await {
            break (end, media);
        }
    };
    let ended_at = Instant::now();
    assert_eq!(end, CallEnd::HungUp);
    assert!(matches!(control.resume().await, Err(SipError::CallOver)), "nothing to resume after the end");
    assert!(sipp.finished_ok(Duration::from_secs(5)), "SIPp saw sendonly then sendrecv: {}", sipp.errors());

    // The three INVITEs: the call, the hold, the resume — one dialog, CSeq going up, one SDP session.
    let invites: Vec<String> = sipp.received().into_iter().filter(|m| m.starts_with("INVITE ")).collect();
    assert_eq!(invites.len(), 3, "{invites:#?}");
    let (first, hold, resume) = (&invites[0], &invites[1], &invites[2]);
    for reinvite in [hold, resume] {
        assert_eq!(header(reinvite, "Call-ID"), header(first, "Call-ID"));
        let (from, first_from) = (header(reinvite, "From").expect("From"), header(first, "From").expect("From"));
        assert_eq!(tag(&from), tag(&first_from), "same From tag");
        assert!(tag(&header(reinvite, "To").expect("To")).contains("SIPpTag03"), "To carries SIPp's tag");
        assert_eq!(header(reinvite, "Content-Type").as_deref(), Some("application/sdp"));
    }
    assert!(cseq(first) < cseq(hold) && cseq(hold) < cseq(resume), "CSeq goes up");
    let (first_sdp, hold_sdp, resume_sdp) = (body(first), body(hold), body(resume));
    let (session, version) = origin(&first_sdp);
    assert_eq!(origin(&hold_sdp), (session, version + 1), "{hold_sdp}");
    assert_eq!(origin(&resume_sdp), (session, version + 2), "{resume_sdp}");
    assert!(first_sdp.contains("a=sendrecv"), "{first_sdp}");
    assert!(hold_sdp.contains("a=sendonly") && !hold_sdp.contains("a=sendrecv"), "{hold_sdp}");
    assert!(resume_sdp.contains("a=sendrecv") && !resume_sdp.contains("a=sendonly"), "{resume_sdp}");
    assert!(sipp.request("BYE").is_some());

    // Our audio stopped while held: the echo has a hole as long as the hold, and the tone is back after it.
    let held = resumed_at.duration_since(hold_asked_at).as_secs_f64();
    let (silence, silence_end) = longest_silence(&media.received.samples);
    let silence_seconds = silence as f64 / 8000.0;
    assert!(silence_seconds > held - 0.6, "nothing came back for {silence_seconds:.2} s of a {held:.2} s hold");
    assert!(silence_seconds < held + 0.6, "the hole ({silence_seconds:.2} s) is the hold ({held:.2} s), no longer");
    let before = &media.received.samples[..silence_end - silence];
    let after = &media.received.samples[silence_end..];
    for (name, part) in [("before the hold", before), ("after the resume", after)] {
        assert!(part.len() > 8000, "{name}: {} samples", part.len());
        let (tone_power, other_power) = (power_at(part, 440.0), power_at(part, 1000.0));
        assert!(tone_power > 100.0 * other_power, "440 Hz came back {name}: {tone_power} vs {other_power}");
    }
    // And we sent about 50 packets a second only while not held.
    let talking = ended_at.duration_since(established_at).as_secs_f64() - held;
    let sent = media.packets_sent as f64;
    assert!(sent < 50.0 * (talking + 0.5), "sent {sent} packets in {talking:.2} s of talking");
    assert!(sent > 50.0 * talking * 0.6, "sent {sent} packets in {talking:.2} s of talking");
}

//! Calls to a real baresip (another softphone) through a real Kamailio, both on loopback: baresip registers as
//! bob and answers by itself; the call carries audio both ways, checked by frequency: the 440 Hz tone we send is
//! in baresip's recording, and the 1 kHz tone baresip plays is in ours. Our hang-up ends it cleanly. From a TLS
//! account (Kamailio's certificate from a CA made here) the call is SRTP with SDES keys, which baresip, set to
//! require SRTP, accepts and decrypts; the same baresip refuses a plain-RTP call from a UDP account, and when it
//! calls us with SRTP we answer with SRTP and both sides decrypt. With a live microphone and speaker (a real-time
//! headless device) the far end's audio is played through the jitter buffer, and the microphone is heard there.

mod support;

use locus_sip::media::CallAudio;
use locus_sip::{
    Account, Call, CallEnd, CallEvent, CallOptions, CallRequest, Transport, place_call, place_call_with_audio,
};
use std::time::Duration;
use support::audio::{power_at, tone};
use support::baresip::{Baresip, Media};
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::paced_audio::paced_device;
use support::sip_account::{loopback_account, registered_alice};
use support::test_ca::TestCa;

async fn next(call: &mut Call) -> CallEvent {
    tokio::time::timeout(Duration::from_secs(10), call.next_event())
        .await
        .expect("a call event within 10 s")
        .expect("the call reports until it ends")
}

#[tokio::test]
async fn a_call_to_baresip_through_kamailio_carries_audio_both_ways() {
    let kamailio = Kamailio::start(Digest::Md5);
    let baresip = Baresip::start(&kamailio, &tone(1_000.0, 10.0), Media::Rtp);
    let account = loopback_account(kamailio.port, Transport::Udp);
    two_way_call(&account, &baresip).await;
}

#[tokio::test]
async fn a_tls_accounts_call_is_srtp_that_baresip_accepts_and_decrypts() {
    let dir = tempfile::tempdir().expect("dir");
    let ca = TestCa::new("Locus test PBX CA");
    let server = ca.server(&["127.0.0.1"]);
    let kamailio = Kamailio::start_tls(Digest::Md5, &server.certificate, &server.private_key);
    let baresip = Baresip::start(&kamailio, &tone(1_000.0, 10.0), Media::SdesRequired);
    let account = Account {
        tls_ca_file: ca.write_pem(dir.path()).to_str().expect("utf-8 path").to_owned(),
        ..loopback_account(kamailio.tls_port.expect("TLS port"), Transport::Tls)
    };
    let refused = two_way_call(&account, &baresip).await;
    // baresip takes only SRTP (the next test shows it refusing plain RTP), so its 1 kHz in our recording was
    // decrypted by us, and our 440 Hz in its recording by it.
    assert_eq!(refused, 0, "every SRTP packet from baresip passed its authentication check");
}

#[tokio::test]
async fn a_live_microphone_and_speaker_carry_the_call_through_the_jitter_buffer() {
    let kamailio = Kamailio::start(Digest::Md5);
    let baresip = Baresip::start(&kamailio, &tone(1_000.0, 10.0), Media::Rtp);
    let account = loopback_account(kamailio.port, Transport::Udp);
    let (device, heard) = paced_device(tone(440.0, 10.0));
    let request = CallRequest { target: "bob".into(), ..CallRequest::default() };
    let audio = CallAudio::Live(device);
    let mut call =
        place_call_with_audio(&account, PASSWORD, request, CallOptions::default(), audio).await.expect("INVITE");
    loop {
        match next(&mut call).await {
            CallEvent::Established { .. } => break,
            CallEvent::Ended { end, .. } => panic!("ended before an answer: {end:?}"),
            _ => {}
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    call.hang_up();
    let media = loop {
        if let CallEvent::Ended { media, .. } = next(&mut call).await {
            break media;
        }
    };

    // What the speaker played: baresip's 1 kHz, paced by the speaker and smoothed by the jitter buffer.
    let played = heard.lock().expect("heard").clone();
    assert!(played.len() >= 12_000, "about 2 s played: {} samples", played.len());
    let (wanted, other) = (power_at(&played, 1_000.0), power_at(&played, 440.0));
    assert!(wanted > 100.0 * other, "the speaker played baresip's 1 kHz: {wanted} vs {other} at 440 Hz");
    let playout = media.received.playout.expect("a live call reports its playout");
    assert!(playout.frames_played >= 75, "{playout:?}");
    // Loopback is clean, but a loaded CI machine can starve the playout task now and then: a quarter is the bound.
    assert!(
        playout.late_drops <= 5 && playout.frames_concealed * 4 <= playout.frames_played,
        "a clean loopback stream: {playout:?}"
    );
    assert!(media.received.samples.is_empty(), "a live call records nothing");

    // What the microphone said reached baresip.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let mut theirs = baresip.heard();
    while theirs.len() < 8_000 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        theirs = baresip.heard();
    }
    let (wanted, other) = (power_at(&theirs, 440.0), power_at(&theirs, 1_000.0));
    assert!(wanted > 100.0 * other, "the microphone's 440 Hz reached baresip: {wanted} vs {other} at 1 kHz");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn baresip_calling_us_with_srtp_is_answered_with_srtp_both_ways() {
    let kamailio = Kamailio::start(Digest::Md5);
    let baresip = Baresip::start(&kamailio, &tone(1_000.0, 10.0), Media::SdesRequired);
    let (handle, mut calls) = registered_alice(&kamailio, None).await;

    let dialled = baresip.command("dial", "sip:alice@locus.test");
    let incoming = tokio::time::timeout(Duration::from_secs(10), calls.recv())
        .await
        .unwrap_or_else(|_| panic!("no call from baresip ({dialled}): {}", baresip.log_text()))
        .expect("calls");
    let mut call = incoming.accept(tone(440.0, 10.0)).await.expect("answered with SRTP");
    tokio::time::sleep(Duration::from_secs(2)).await;
    call.hang_up();
    let media = loop {
        if let CallEvent::Ended { media, .. } = next(&mut call).await {
            break media;
        }
    };
    assert_eq!(media.received.refused, 0, "every SRTP packet from baresip opened");
    let ours = &media.received.samples;
    assert!(power_at(ours, 1_000.0) > 100.0 * power_at(ours, 440.0), "baresip's 1 kHz, decrypted");
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let mut theirs = baresip.heard();
    while theirs.len() < 8_000 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        theirs = baresip.heard();
    }
    assert!(power_at(&theirs, 440.0) > 100.0 * power_at(&theirs, 1_000.0), "our 440 Hz, decrypted by baresip");
    handle.stop().await;
}

#[tokio::test]
async fn baresip_requiring_srtp_refuses_a_plain_rtp_call() {
    let kamailio = Kamailio::start(Digest::Md5);
    let baresip = Baresip::start(&kamailio, &tone(1_000.0, 10.0), Media::SdesRequired);
    let account = loopback_account(kamailio.port, Transport::Udp);
    let request = CallRequest { target: "bob".into(), ..CallRequest::default() };
    let mut call = place_call(&account, PASSWORD, request, CallOptions::default()).await.expect("INVITE");
    loop {
        match next(&mut call).await {
            CallEvent::Established { .. } => panic!("a plain-RTP call reached a phone that requires SRTP"),
            CallEvent::Ended { end, .. } => {
                assert!(matches!(end, CallEnd::Failed(_) | CallEnd::Rejected { .. }), "{end:?}");
                break;
            }
            _ => {}
        }
    }
    drop(baresip);
}

/// Calls bob, sending 440 Hz for 2 s, and checks both directions by frequency; returns the SRTP packets refused.
async fn two_way_call(account: &Account, baresip: &Baresip) -> u64 {
    let request = CallRequest { target: "bob".into(), play: tone(440.0, 10.0), ..CallRequest::default() };

    let mut call = place_call(account, PASSWORD, request, CallOptions::default()).await.expect("INVITE");
    let codec = loop {
        match next(&mut call).await {
            CallEvent::Established { codec, .. } => break codec,
            CallEvent::Ended { end, .. } => panic!("ended before an answer: {end:?}\n{}", baresip.log_text()),
            _ => {}
        }
    };
    assert_eq!(codec, locus_sip::media::G711::MuLaw);
    tokio::time::sleep(Duration::from_secs(2)).await;
    call.hang_up();
    let media = loop {
        if let CallEvent::Ended { end, media } = next(&mut call).await {
            assert_eq!(end, CallEnd::HungUp);
            break media;
        }
    };

    let ours = &media.received.samples;
    assert!(media.received.packets >= 75, "2 s of baresip's audio: {} packets", media.received.packets);
    let (wanted, other) = (power_at(ours, 1_000.0), power_at(ours, 440.0));
    assert!(wanted > 100.0 * other, "baresip's 1 kHz reached our recording: {wanted} vs {other} at 440 Hz");

    // baresip closes its recording when the call ends.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let mut theirs = baresip.heard();
    while theirs.len() < 8_000 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        theirs = baresip.heard();
    }
    assert!(theirs.len() >= 8_000, "baresip recorded {} samples\n{}", theirs.len(), baresip.log_text());
    let (wanted, other) = (power_at(&theirs, 440.0), power_at(&theirs, 1_000.0));
    assert!(wanted > 100.0 * other, "our 440 Hz reached baresip: {wanted} vs {other} at 1 kHz");
    media.received.refused
}

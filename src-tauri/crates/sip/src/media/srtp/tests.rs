//! Whole packets through a sender and a receiver: known answers from libsrtp's self-test, tampering, replays,
//! sequence number wraps, both suites, SRTCP.

use super::test_support::hex;
use super::*;

/// The master key and salt of RFC 3711 Appendix B.3, which libsrtp's self-test also uses.
fn rfc_master_key() -> MasterKey {
    MasterKey::from_concatenated(&hex("E1F97A0D3E018BE0D64FA32C06DE4139 0EC675AD498AFEEBB6960B3AABE6"))
        .expect("30 bytes")
}

fn other_master_key() -> MasterKey {
    MasterKey::new([0x11; 16], [0x22; 14])
}

/// A G.711-sized RTP packet: version 2, payload type 0, SSRC 0xDEADBEEF.
fn rtp(sequence: u16) -> Vec<u8> {
    rtp_from(0xDEAD_BEEF, sequence)
}

fn rtp_from(ssrc: u32, sequence: u16) -> Vec<u8> {
    let mut packet = vec![0x80, 0x00];
    packet.extend_from_slice(&sequence.to_be_bytes());
    packet.extend_from_slice(&(u32::from(sequence) * 160).to_be_bytes());
    packet.extend_from_slice(&ssrc.to_be_bytes());
    packet.extend((0..160).map(|byte: u32| (byte as u8) ^ (sequence as u8)));
    packet
}

fn pair(suite: SrtpSuite) -> (SrtpSender, SrtpReceiver) {
    (SrtpSender::new(suite, &rfc_master_key()), SrtpReceiver::new(suite, &rfc_master_key()))
}

/// libsrtp's `srtp_validate` vector (AES_CM_128_HMAC_SHA1_80): sequence 0x1234, SSRC 0xCAFEBABE, 16 bytes of 0xAB.
#[test]
fn rtp_is_protected_exactly_as_libsrtp_does() {
    let (mut sender, mut receiver) = pair(SrtpSuite::AesCm128HmacSha1_80);
    let plain = hex("800F1234DECAFBADCAFEBABE ABABABABABABABABABABABABABABABAB");
    let expected = hex("800F1234DECAFBADCAFEBABE 4E55DC4CE79978D88CA4D215949D2402 B78D6ACC99EA179B8DBB");
    let protected = sender.protect_rtp(&plain).expect("protects");
    assert_eq!(protected, expected);
    assert_eq!(receiver.unprotect_rtp(&protected), Ok(plain));
}

/// libsrtp's `srtcp_validate` vector: a sender report body of 0xAB as SRTCP packet 1 (so our second packet).
#[test]
fn rtcp_is_protected_exactly_as_libsrtp_does() {
    let (mut sender, mut receiver) = pair(SrtpSuite::AesCm128HmacSha1_80);
    let plain = hex("81C8000BCAFEBABE ABABABABABABABABABABABABABABABAB");
    let expected = hex("81C8000BCAFEBABE 7128035BE487B9BDBEF89041F977A5A8 80000001 993E08CD54D6C1230798");
    let first = sender.protect_rtcp(&plain).expect("protects");
    assert_ne!(first, expected, "the first SRTCP packet has index 0");
    let second = sender.protect_rtcp(&plain).expect("protects");
    assert_eq!(second, expected);
    assert_eq!(receiver.unprotect_rtcp(&second), Ok(plain.clone()));
    assert_eq!(receiver.unprotect_rtcp(&first), Ok(plain));
    assert_eq!(receiver.unprotect_rtcp(&second), Err(SrtpError::Replayed { index: 1 }));
}

#[test]
fn csrcs_and_extensions_stay_readable_and_the_payload_does_not() {
    let (mut sender, mut receiver) = pair(SrtpSuite::AesCm128HmacSha1_80);
    let mut plain = vec![0x80 | 0x10 | 0x01, 0x08, 0, 7, 0, 0, 0, 0, 0, 0, 0, 9];
    plain.extend_from_slice(&[1, 2, 3, 4]); // one CSRC
    plain.extend_from_slice(&[0xBE, 0xDE, 0, 1, 0x10, 0xAA, 0, 0]); // a one-word extension
    let header_len = plain.len();
    plain.extend_from_slice(b"some audio that must not be readable on the wire");

    let protected = sender.protect_rtp(&plain).expect("protects");
    assert_eq!(protected.len(), plain.len() + 10);
    assert_eq!(protected[..header_len], plain[..header_len]);
    assert_ne!(protected[header_len..plain.len()], plain[header_len..]);
    assert_eq!(receiver.unprotect_rtp(&protected), Ok(plain));
}

#[test]
fn a_single_flipped_bit_anywhere_is_refused_and_changes_nothing() {
    let (mut sender, mut receiver) = pair(SrtpSuite::AesCm128HmacSha1_80);
    let protected = sender.protect_rtp(&rtp(1)).expect("protects");
    // Header, payload and tag; byte 0 is left alone since flipping it makes a malformed header instead.
    for position in [1, 3, 11, 12, 100, protected.len() - 10, protected.len() - 1] {
        let mut tampered = protected.clone();
        tampered[position] ^= 0x01;
        assert_eq!(receiver.unprotect_rtp(&tampered), Err(SrtpError::AuthenticationFailed), "byte {position}");
    }
    // The refused packets did not touch the replay window.
    assert_eq!(receiver.unprotect_rtp(&protected), Ok(rtp(1)));
}

#[test]
fn another_key_is_refused() {
    let mut sender = SrtpSender::new(SrtpSuite::AesCm128HmacSha1_80, &other_master_key());
    let mut receiver = SrtpReceiver::new(SrtpSuite::AesCm128HmacSha1_80, &rfc_master_key());
    let protected = sender.protect_rtp(&rtp(1)).expect("protects");
    assert_eq!(receiver.unprotect_rtp(&protected), Err(SrtpError::AuthenticationFailed));
}

#[test]
fn a_replayed_packet_is_refused_and_a_late_one_is_not() {
    let (mut sender, mut receiver) = pair(SrtpSuite::AesCm128HmacSha1_80);
    let packets: Vec<Vec<u8>> =
        (0..100).map(|sequence| sender.protect_rtp(&rtp(sequence)).expect("protects")).collect();
    for sequence in (1..100).filter(|sequence| sequence % 10 != 5) {
        assert_eq!(receiver.unprotect_rtp(&packets[sequence]), Ok(rtp(sequence as u16)));
    }
    assert_eq!(receiver.unprotect_rtp(&packets[99]), Err(SrtpError::Replayed { index: 99 }));
    assert_eq!(receiver.unprotect_rtp(&packets[50]), Err(SrtpError::Replayed { index: 50 }));
    // 95, 45 and 35 never arrived: 95 and 45 are late but inside the window, 35 is 64 behind 99 and so just out.
    assert_eq!(receiver.unprotect_rtp(&packets[95]), Ok(rtp(95)));
    assert_eq!(receiver.unprotect_rtp(&packets[45]), Ok(rtp(45)));
    assert_eq!(receiver.unprotect_rtp(&packets[35]), Err(SrtpError::TooOld { index: 35 }));
    assert_eq!(receiver.unprotect_rtp(&packets[0]), Err(SrtpError::TooOld { index: 0 }));
}

#[test]
fn the_rollover_counter_follows_the_sequence_number_through_its_wrap() {
    let (mut sender, mut receiver) = pair(SrtpSuite::AesCm128HmacSha1_80);
    let sequences = [65_533, 65_534, 65_535, 0, 1, 2];
    let packets: Vec<Vec<u8>> =
        sequences.iter().map(|&sequence| sender.protect_rtp(&rtp(sequence)).expect("protects")).collect();
    assert_eq!(receiver.unprotect_rtp(&packets[0]), Ok(rtp(65_533)));
    assert_eq!(receiver.unprotect_rtp(&packets[1]), Ok(rtp(65_534)));
    assert_eq!(receiver.unprotect_rtp(&packets[3]), Ok(rtp(0)));
    // 65535 arriving after 0 is a late packet of the old rollover, not one of the next.
    assert_eq!(receiver.unprotect_rtp(&packets[2]), Ok(rtp(65_535)));
    assert_eq!(receiver.unprotect_rtp(&packets[2]), Err(SrtpError::Replayed { index: 65_535 }));
    assert_eq!(receiver.unprotect_rtp(&packets[5]), Ok(rtp(2)));
    assert_eq!(receiver.unprotect_rtp(&packets[4]), Ok(rtp(1)));
    assert_eq!(receiver.unprotect_rtp(&packets[4]), Err(SrtpError::Replayed { index: (1 << 16) | 1 }));

    // The packets after the wrap were protected with rollover counter 1: a receiver that never saw the wrap
    // assumes 0, and so refuses them.
    let mut fresh_receiver = SrtpReceiver::new(SrtpSuite::AesCm128HmacSha1_80, &rfc_master_key());
    assert_eq!(fresh_receiver.unprotect_rtp(&packets[3]), Err(SrtpError::AuthenticationFailed));
}

#[test]
fn the_32_bit_suite_carries_a_4_byte_tag() {
    let (mut sender, mut receiver) = pair(SrtpSuite::AesCm128HmacSha1_32);
    let protected = sender.protect_rtp(&rtp(7)).expect("protects");
    assert_eq!(protected.len(), rtp(7).len() + 4);
    // Same keys and index as the 80-bit suite: the first 4 bytes of the same tag.
    let long =
        SrtpSender::new(SrtpSuite::AesCm128HmacSha1_80, &rfc_master_key()).protect_rtp(&rtp(7)).expect("protects");
    assert_eq!(protected[..], long[..long.len() - 6]);

    let mut tampered = protected.clone();
    *tampered.last_mut().expect("a tag") ^= 0x80;
    assert_eq!(receiver.unprotect_rtp(&tampered), Err(SrtpError::AuthenticationFailed));
    assert_eq!(receiver.unprotect_rtp(&protected), Ok(rtp(7)));
    let mut expecting_80 = SrtpReceiver::new(SrtpSuite::AesCm128HmacSha1_80, &rfc_master_key());
    assert_eq!(expecting_80.unprotect_rtp(&protected), Err(SrtpError::AuthenticationFailed));

    // SRTCP keeps its 80-bit tag in this suite.
    let rtcp = hex("81C8000BCAFEBABE ABABABABABABABABABABABABABABABAB");
    let srtcp = sender.protect_rtcp(&rtcp).expect("protects");
    assert_eq!(srtcp.len(), rtcp.len() + 4 + 10);
    assert_eq!(receiver.unprotect_rtcp(&srtcp), Ok(rtcp));
}

#[test]
fn each_ssrc_of_the_peer_has_its_own_rollover_and_window() {
    let (mut sender, mut receiver) = pair(SrtpSuite::AesCm128HmacSha1_80);
    let first = sender.protect_rtp(&rtp_from(1, 500)).expect("protects");
    let second = sender.protect_rtp(&rtp_from(2, 500)).expect("protects");
    assert_ne!(first[12..], second[12..], "the SSRC is part of the keystream");
    assert_eq!(receiver.unprotect_rtp(&first), Ok(rtp_from(1, 500)));
    assert_eq!(receiver.unprotect_rtp(&second), Ok(rtp_from(2, 500)));
    assert_eq!(receiver.unprotect_rtp(&second), Err(SrtpError::Replayed { index: 500 }));
}

#[test]
fn short_and_malformed_packets_say_so() {
    let (mut sender, mut receiver) = pair(SrtpSuite::AesCm128HmacSha1_80);
    assert_eq!(sender.protect_rtp(&[0x80; 5]), Err(SrtpError::TooShort { length: 5 }));
    assert_eq!(receiver.unprotect_rtp(&[0x80; 5]), Err(SrtpError::TooShort { length: 5 }));
    assert_eq!(receiver.unprotect_rtp(&[0x80; 21]), Err(SrtpError::TooShort { length: 21 }));
    assert_eq!(receiver.unprotect_rtp(&[0x00; 40]), Err(SrtpError::Malformed));
    assert_eq!(sender.protect_rtcp(&[0x80; 7]), Err(SrtpError::TooShort { length: 7 }));
    assert_eq!(receiver.unprotect_rtcp(&[0x80; 21]), Err(SrtpError::TooShort { length: 21 }));
    assert!(SrtpError::AuthenticationFailed.to_string().contains("authentication tag"));
}

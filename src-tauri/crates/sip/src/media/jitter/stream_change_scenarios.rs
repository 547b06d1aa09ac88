//! Scenario tests of the jitter buffer across stream changes: wrap-around of sequence numbers and timestamps, a
//! new SSRC, a jump in the sender's timeline, and a stray packet from nowhere.

use super::simulation::{Heard, Packet, StreamStart, USUAL_START, ms, run, stream};
use super::{FRAME_SAMPLES, FrameHeader, JitterBuffer, JitterConfig, PushOutcome};

fn adaptive() -> JitterBuffer {
    JitterBuffer::new(JitterConfig::default())
}

#[test]
fn sequence_numbers_and_timestamps_wrap_around_unnoticed() {
    // The sequence number wraps at frame 36, the timestamp at frame 50; frames 35 and 36 arrive swapped.
    let start = StreamStart { sequence: 65_500, timestamp: u32::MAX - 50 * 160 + 1, ..USUAL_START };
    let mut packets = stream(start, 200, |number| ms(if number == 35 { 51 } else { 30 }));
    assert_eq!((packets[36].header.sequence, packets[50].header.timestamp), (0, 0));
    packets.sort_by_key(|packet| packet.arrival);
    assert_eq!((packets[35].number, packets[36].number), (36, 35));
    let mut buffer = adaptive();
    let session = run(&mut buffer, &packets, ms(5), 203);
    assert_eq!(session.played(), (0..200).collect::<Vec<_>>());
    let stats = buffer.stats();
    assert_eq!(
        (stats.late_drops, stats.duplicates, stats.restarts, stats.off_timeline_drops, stats.frames_concealed),
        (0, 0, 0, 0, 0)
    );
}

#[test]
fn a_new_ssrc_restarts_the_buffer_on_the_new_stream() {
    // After a re-INVITE the far end sends a new stream: new SSRC, sequence numbers and timestamps.
    let old = stream(USUAL_START, 100, |_| ms(30));
    let new = stream(StreamStart { ssrc: 0xBEEF, sequence: 7, timestamp: 4_000_000_000, number: 100 }, 100, |_| ms(30));
    let packets: Vec<Packet> = old.into_iter().chain(new).collect();
    let mut buffer = adaptive();
    let session = run(&mut buffer, &packets, ms(10), 202);
    assert_eq!(session.outcome_of(100), Some(PushOutcome::Restarted));
    // The new stream's first frame arrives as the old one's last was due: that frame goes, the new stream
    // pre-buffers for one pop and then plays from its first frame.
    assert_eq!(session.heard[100..103], [Heard::Frame(98), Heard::Waiting, Heard::Frame(100)]);
    assert_eq!(session.played(), (0..99).chain(100..200).collect::<Vec<_>>());
    let stats = buffer.stats();
    assert_eq!((stats.restarts, stats.frames_played, stats.late_drops, stats.frames_concealed), (1, 199, 0, 0));
}

#[test]
fn a_timestamp_jump_with_the_sequence_running_on_restarts_the_buffer() {
    // Same SSRC and sequence numbers, but the timestamps jump 375 s ahead (a sender restarting its clock).
    let before = stream(USUAL_START, 100, |_| ms(30));
    let jumped = StreamStart { sequence: 1_100, timestamp: 90_000 + 100 * 160 + 3_000_000, number: 100, ..USUAL_START };
    let packets: Vec<Packet> = before.into_iter().chain(stream(jumped, 100, |_| ms(30))).collect();
    let mut buffer = adaptive();
    let session = run(&mut buffer, &packets, ms(10), 202);
    assert_eq!(session.outcome_of(100), Some(PushOutcome::Restarted));
    assert_eq!(session.played(), (0..99).chain(100..200).collect::<Vec<_>>());
    assert_eq!((buffer.stats().restarts, buffer.stats().off_timeline_drops), (1, 0));
}

#[test]
fn a_new_timeline_in_both_counters_restarts_once_a_second_packet_confirms_it() {
    // Same SSRC, but sequence numbers and timestamps both start over: the first such packet could be a stray, the
    // second one continuing it shows a new timeline.
    let before = stream(USUAL_START, 100, |_| ms(30));
    let fresh = StreamStart { sequence: 30_000, timestamp: 2_000_000_000, number: 100, ..USUAL_START };
    let packets: Vec<Packet> = before.into_iter().chain(stream(fresh, 100, |_| ms(30))).collect();
    let mut buffer = adaptive();
    let session = run(&mut buffer, &packets, ms(10), 202);
    assert_eq!(session.outcome_of(100), Some(PushOutcome::OffTimeline));
    assert_eq!(session.outcome_of(101), Some(PushOutcome::Restarted));
    assert_eq!(session.heard[101..104], [Heard::Frame(99), Heard::Waiting, Heard::Frame(101)]);
    assert_eq!(session.played(), (0..100).chain(101..200).collect::<Vec<_>>());
    let stats = buffer.stats();
    assert_eq!((stats.restarts, stats.off_timeline_drops, stats.late_drops), (1, 1, 0));
}

#[test]
fn a_stray_packet_far_off_the_timeline_is_dropped_without_a_restart() {
    let mut packets = stream(USUAL_START, 200, |_| ms(30));
    let stray =
        FrameHeader { ssrc: USUAL_START.ssrc, sequence: 40_000, timestamp: 3_000_000_000, talkspurt_start: false };
    packets.push(Packet { number: 1_000, header: stray, samples: [9; FRAME_SAMPLES], arrival: ms(1_005) });
    let mut buffer = adaptive();
    let session = run(&mut buffer, &packets, ms(10), 202);
    assert_eq!(session.outcome_of(1_000), Some(PushOutcome::OffTimeline));
    assert_eq!(session.played(), (0..200).collect::<Vec<_>>());
    let stats = buffer.stats();
    assert_eq!((stats.restarts, stats.off_timeline_drops, stats.frames_concealed), (0, 1, 0));
}

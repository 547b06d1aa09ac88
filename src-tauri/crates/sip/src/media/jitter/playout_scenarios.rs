//! Scenario tests of the jitter buffer's playout: order, loss, lateness and duplicates on simulated arrival
//! schedules.

use super::simulation::{Heard, Packet, USUAL_START, ms, run, stream};
use super::{FRAME_SAMPLES, FrameSamples, JitterBuffer, JitterConfig, JitterStats, Playout, PushOutcome};

fn adaptive() -> JitterBuffer {
    JitterBuffer::new(JitterConfig::default())
}

fn without(packets: Vec<Packet>, missing: usize) -> Vec<Packet> {
    packets.into_iter().filter(|packet| packet.number != missing).collect()
}

#[test]
fn a_steady_stream_plays_every_frame_in_order_at_the_minimum_delay() {
    // 30 ms on the wire, pops 10 ms into each period: frame 0 arrives at 30 ms and has waited 20 ms at 50 ms.
    let packets = stream(USUAL_START, 500, |_| ms(30));
    let mut buffer = adaptive();
    let session = run(&mut buffer, &packets, ms(10), 503);
    assert_eq!(session.heard[..3], [Heard::Waiting, Heard::Waiting, Heard::Frame(0)]);
    assert_eq!(session.played(), (0..500).collect::<Vec<_>>());
    assert_eq!(session.outcomes(PushOutcome::Buffered), 500);
    let stats: JitterStats = session.stats_after[501];
    assert_eq!((stats.frames_played, stats.frames_concealed, stats.late_drops, stats.shrink_drops), (500, 0, 0, 0));
    assert_eq!((stats.target_delay_ms, stats.current_delay_ms, stats.interarrival_jitter), (20, 20, 0));
    // The sender stopped: the next pop conceals.
    assert_eq!(session.heard[502], Heard::Concealed);
    assert_eq!(buffer.stats().frames_concealed, 1);
}

#[test]
fn reordered_packets_come_out_in_order() {
    // Every three packets arrive together in reverse order, 30 ms after the last of them was sent: the first of
    // each three took 40 ms longer than the fastest, so the delay is 40 ms from the first three on.
    let packets = stream(USUAL_START, 600, |number| ms(30 + 20 * (2 - number as u64 % 3)));
    let mut reversed = packets.clone();
    reversed.sort_by_key(|packet| (packet.arrival, std::cmp::Reverse(packet.number)));
    assert_eq!(reversed[..6].iter().map(|packet| packet.number).collect::<Vec<_>>(), [2, 1, 0, 5, 4, 3]);
    let mut buffer = adaptive();
    let session = run(&mut buffer, &reversed, ms(10), 603);
    assert_eq!(session.played(), (0..600).collect::<Vec<_>>());
    let stats = buffer.stats();
    assert_eq!((stats.target_delay_ms, stats.late_drops, stats.frames_concealed), (40, 0, 0));
}

#[test]
fn a_lost_packet_is_concealed_once_and_the_stream_goes_on() {
    let packets = without(stream(USUAL_START, 300, |_| ms(30)), 100);
    let mut buffer = adaptive();
    let session = run(&mut buffer, &packets, ms(10), 300);
    // Frame n plays at pop n + 2.
    assert_eq!(session.heard[101..104], [Heard::Frame(99), Heard::Concealed, Heard::Frame(101)]);
    assert_eq!(session.count(Heard::Concealed), 1);
    assert_eq!(session.played(), (0..298).filter(|&number| number != 100).collect::<Vec<_>>());
    let stats = buffer.stats();
    assert_eq!((stats.frames_played, stats.frames_concealed, stats.late_drops), (297, 1, 0));
}

#[test]
fn concealment_repeats_the_last_frame_fading() {
    let packets = without(stream(USUAL_START, 10, |_| ms(30)), 5);
    let mut buffer = adaptive();
    for packet in &packets {
        buffer.push(packet.arrival, packet.header, &packet.samples);
    }
    let mut outputs = (0..9).map(|pop| buffer.pop(ms(50) + ms(20) * pop));
    let fifth: Vec<Playout> = outputs.by_ref().skip(4).take(2).collect();
    // Frame 4's samples are all 5; its stand-in fades from full level to 641/800 of it.
    let faded: FrameSamples = Box::new(std::array::from_fn(|position| (5 * (800 - position as i32) / 800) as i16));
    assert_eq!(fifth, [Playout::Frame(Box::new([5; FRAME_SAMPLES])), Playout::Concealed(faded)]);
    assert_eq!(outputs.next(), Some(Playout::Frame(Box::new([7; FRAME_SAMPLES]))));
}

#[test]
fn a_packet_behind_the_playout_point_is_dropped_and_counted() {
    // Frame 100 takes 230 ms instead of 30: its slot has been concealed by then.
    let packets = stream(USUAL_START, 300, |number| ms(if number == 100 { 230 } else { 30 }));
    let mut buffer = adaptive();
    let session = run(&mut buffer, &packets, ms(10), 300);
    assert_eq!(session.outcome_of(100), Some(PushOutcome::Late));
    assert_eq!(session.heard[102], Heard::Concealed);
    assert!(!session.played().contains(&100));
    let stats = buffer.stats();
    assert_eq!((stats.late_drops, stats.frames_concealed, stats.frames_played), (1, 1, 297));
    // One straggler in a window of hundreds does not move the delay.
    assert_eq!(stats.target_delay_ms, 20);
}

#[test]
fn duplicates_are_dropped_and_counted_whether_waiting_or_played() {
    let packets = stream(USUAL_START, 200, |_| ms(30));
    let mut doubled = packets.clone();
    // Every tenth packet arrives twice, 5 ms apart; frame 50 once more half a second later, long after it played.
    doubled.extend(
        packets
            .iter()
            .filter(|packet| packet.number % 10 == 0)
            .map(|packet| Packet { arrival: packet.arrival + ms(5), ..*packet }),
    );
    doubled.extend(
        packets
            .iter()
            .filter(|packet| packet.number == 50)
            .map(|packet| Packet { arrival: packet.arrival + ms(500), ..*packet }),
    );
    let mut buffer = adaptive();
    let session = run(&mut buffer, &doubled, ms(10), 202);
    assert_eq!(session.played(), (0..200).collect::<Vec<_>>());
    assert_eq!(session.outcomes(PushOutcome::Duplicate), 21);
    let stats = buffer.stats();
    assert_eq!((stats.duplicates, stats.late_drops, stats.frames_played), (21, 0, 200));
}

#[test]
fn nothing_plays_before_anything_arrives_and_odd_sized_frames_are_refused() {
    let mut buffer = adaptive();
    assert_eq!(buffer.pop(ms(0)), Playout::Waiting);
    assert_eq!(buffer.pop(ms(20)), Playout::Waiting);
    let packet = stream(USUAL_START, 1, |_| ms(30))[0];
    assert_eq!(buffer.push(ms(30), packet.header, &packet.samples[..80]), PushOutcome::WrongLength);
    assert_eq!(buffer.pop(ms(60)), Playout::Waiting);
    assert_eq!(buffer.stats(), JitterStats { target_delay_ms: 20, ..JitterStats::default() });
}

#[test]
fn a_buffer_whose_pops_stop_stays_bounded() {
    let packets = stream(USUAL_START, 100, |_| ms(30));
    let mut buffer = adaptive();
    let outcomes: Vec<PushOutcome> =
        packets.iter().map(|packet| buffer.push(packet.arrival, packet.header, &packet.samples)).collect();
    assert!(outcomes.iter().all(|&outcome| outcome == PushOutcome::Buffered));
    // 500 ms holds 25 frames: the oldest 75 went.
    assert_eq!(buffer.stats().overflow_drops, 75);
    // When pops come at last, playout starts at the newest frame that has waited 20 ms (98, sent at 1960 ms and
    // in at 1990 ms); the 23 before it are late.
    assert_eq!(buffer.pop(ms(2_010)), Playout::Frame(Box::new([99; FRAME_SAMPLES])));
    assert_eq!(buffer.pop(ms(2_030)), Playout::Frame(Box::new([100; FRAME_SAMPLES])));
    assert_eq!((buffer.stats().late_drops, buffer.stats().frames_played), (23, 2));
}

//! Scenario tests of the jitter buffer's adaptive delay: it grows with the jitter until nothing arrives late, it
//! shrinks again when the network calms down, and it changes unheard between talkspurts.

use super::simulation::{Heard, Packet, StreamStart, USUAL_START, jittery_delays, ms, run, stream};
use super::{JitterBuffer, JitterConfig, PushOutcome};

/// Seeds the network's pseudo-random jitter: the same delays on every run.
const SEED: u32 = 0x9E37_79B9;

/// `count` frames taking 50 ± 40 ms (10 to 90 ms) on the wire.
fn jittery_stream(count: usize) -> Vec<Packet> {
    let delays = jittery_delays(SEED, count, 50, 40);
    stream(USUAL_START, count, |number| delays[number])
}

fn late_numbers(pushed: &[(usize, PushOutcome)]) -> Vec<usize> {
    pushed.iter().filter(|(_, outcome)| *outcome == PushOutcome::Late).map(|&(number, _)| number).collect()
}

#[test]
fn forty_ms_of_jitter_grows_the_delay_until_nothing_is_late_where_a_fixed_buffer_loses_many() {
    let packets = jittery_stream(1_500);

    let mut adaptive = JitterBuffer::new(JitterConfig::default());
    let session = run(&mut adaptive, &packets, ms(5), 1_505);
    let stats = adaptive.stats();
    // The spread is 80 ms: the target covers nearly all of it.
    assert!((70..=100).contains(&stats.target_delay_ms), "target {} ms", stats.target_delay_ms);
    assert!(stats.current_delay_ms >= stats.target_delay_ms, "{stats:?}");
    // A few frames are late while the delay grows in the first two seconds, none after.
    let late = late_numbers(&session.pushed);
    assert!(late.len() <= 5 && late.iter().all(|&number| number < 100), "late: {late:?}");
    assert!(stats.frames_concealed <= 10, "{stats:?}");
    assert!(stats.frames_played >= 1_490, "{stats:?}");

    let mut fixed = JitterBuffer::new(JitterConfig::fixed(ms(20)));
    let session = run(&mut fixed, &packets, ms(5), 1_505);
    let stats = fixed.stats();
    assert_eq!(stats.target_delay_ms, 20);
    // Everything more than 20 to 40 ms slower than the fastest misses its slot: about half the call.
    assert!(late_numbers(&session.pushed).len() >= 600, "{stats:?}");
    assert!(stats.frames_played <= 900 && stats.frames_concealed >= 500, "{stats:?}");
}

#[test]
fn when_the_jitter_calms_down_the_delay_shrinks_again() {
    // 30 s at 50 ± 40 ms, then 30 s at a steady 50 ms.
    let delays = jittery_delays(SEED, 1_500, 50, 40);
    let packets = stream(USUAL_START, 3_000, |number| delays.get(number).copied().unwrap_or(ms(50)));
    let mut buffer = JitterBuffer::new(JitterConfig::default());
    let session = run(&mut buffer, &packets, ms(5), 3_000);

    let rough = session.stats_after[1_499];
    assert!(rough.target_delay_ms >= 70 && rough.current_delay_ms >= 70, "{rough:?}");
    // The rough stretch stays in the 10 s window for a while: 5 s into the calm the delay is still up.
    let five_seconds_on = session.stats_after[1_750];
    assert!(five_seconds_on.target_delay_ms >= 70, "{five_seconds_on:?}");
    // 12 s into the calm the window holds only steady packets: back to the minimum target.
    assert_eq!(session.stats_after[2_100].target_delay_ms, 20);
    let calm = buffer.stats();
    assert_eq!(calm.target_delay_ms, 20);
    assert!(calm.current_delay_ms < 40, "{calm:?}");
    assert!(calm.shrink_drops >= 1, "{calm:?}");
    // Shrinking drops frames on purpose; nothing is late or concealed during the calm.
    assert!(late_numbers(&session.pushed).iter().all(|&number| number < 1_500));
    assert_eq!(session.heard[1_510..].iter().filter(|&&heard| heard == Heard::Concealed).count(), 0);
    let played = session.played();
    assert!(played.windows(2).all(|pair| pair[0] < pair[1]));
}

#[test]
fn a_delay_step_between_talkspurts_is_absorbed_in_the_silence() {
    // A talkspurt taking 30 ms on the wire, a second of silence (nothing sent), then a talkspurt taking 90 ms:
    // the route got 60 ms slower. The marker bit on its first packet says the sender paused.
    let first = stream(USUAL_START, 100, |_| ms(30));
    let second_start = StreamStart { sequence: 1_100, timestamp: 90_000 + 150 * 160, number: 150, ..USUAL_START };
    let second = stream(second_start, 100, |_| ms(90));
    let packets: Vec<Packet> = first.into_iter().chain(second).collect();
    let mut buffer = JitterBuffer::new(JitterConfig::default());
    let session = run(&mut buffer, &packets, ms(10), 254);
    assert_eq!(session.played(), (0..100).chain(150..250).collect::<Vec<_>>());
    let stats = buffer.stats();
    // The only concealment is the fade after the first talkspurt's last frame (the sender stopped unannounced).
    assert_eq!(
        session.heard[102..108],
        [Heard::Concealed, Heard::Concealed, Heard::Concealed, Heard::Concealed, Heard::Concealed, Heard::Silence]
    );
    assert_eq!((stats.frames_concealed, stats.late_drops), (5, 0));
    // Frame 150 left at 3000 ms, took 60 ms more than the fastest trip, and plays at 3090 ms, right away: the
    // playhead, which had run on through the silence at 20 ms, went back to it.
    assert_eq!(session.heard[153..155], [Heard::Silence, Heard::Frame(150)]);
    assert_eq!((stats.target_delay_ms, stats.current_delay_ms), (60, 60));

    // The same step in the middle of speech, with no pause to hide it: a frame is lost, and the delay grows by
    // concealing.
    let steady_then_slow = stream(USUAL_START, 250, |number| ms(if number < 100 { 30 } else { 90 }));
    let mut buffer = JitterBuffer::new(JitterConfig::default());
    run(&mut buffer, &steady_then_slow, ms(10), 260);
    let stats = buffer.stats();
    assert_eq!(stats.target_delay_ms, 60);
    assert!(stats.late_drops >= 1 && stats.frames_concealed >= 3, "{stats:?}");
}

#[test]
fn after_jitter_calms_the_delay_comes_down_in_the_pauses_between_talkspurts() {
    // 30 s of continuous jittery speech, then 30 s of calm talkspurts: half a second of speech, half a second of
    // silence (nothing sent), each talkspurt starting with the marker bit.
    let delays = jittery_delays(SEED, 1_500, 50, 40);
    let mut packets = stream(USUAL_START, 1_500, |number| delays[number]);
    for talkspurt in 0..30 {
        let number = 1_500 + 50 * talkspurt;
        let start = StreamStart {
            sequence: USUAL_START.sequence.wrapping_add((1_500 + 25 * talkspurt) as u16),
            timestamp: USUAL_START.timestamp + (number * 160) as u32,
            number,
            ..USUAL_START
        };
        packets.extend(stream(start, 25, |_| ms(50)));
    }
    let mut buffer = JitterBuffer::new(JitterConfig::default());
    let session = run(&mut buffer, &packets, ms(5), 3_000);
    let rough = session.stats_after[1_499];
    assert!(rough.target_delay_ms >= 70, "{rough:?}");
    let calm = buffer.stats();
    assert_eq!(calm.target_delay_ms, 20);
    // Every calm frame played, none shed: the delay came down in the pauses.
    let played_in_calm = session.played().into_iter().filter(|&number| number >= 1_500).count();
    assert_eq!(played_in_calm, 30 * 25);
    assert_eq!(calm.shrink_drops, 0);
    // The last talkspurt's first frame leaves at 59 000 ms and arrives at 59 050 ms; the pop at 59 065 ms finds
    // it has waited only 15 ms, the one at 59 085 ms (pop 2954) plays it, 35 ms after the fastest trip.
    let last_talkspurt_start = session.heard.iter().position(|&heard| heard == Heard::Frame(2_950));
    assert_eq!(last_talkspurt_start, Some(2_954));
    assert_eq!(session.stats_after[2_954].current_delay_ms, 35);
}

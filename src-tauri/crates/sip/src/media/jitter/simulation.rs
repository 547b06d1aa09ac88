//! A simulated call for the jitter buffer's tests: a sender emitting one numbered frame every 20 ms, a network
//! that delays each packet by a chosen (or pseudo-random) amount, and a playout clock popping every 20 ms.
//! Deterministic throughout: the same schedule gives the same result on every run.

use super::{FRAME_SAMPLES, FrameHeader, JitterBuffer, JitterStats, Playout, PushOutcome};
use std::time::Duration;

/// The frame period, for sender and playout clock alike.
pub(super) const FRAME_PERIOD: Duration = Duration::from_millis(20);

/// `n` milliseconds.
pub(super) fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// One packet on the wire: which frame it carries (every sample holds `number + 1`), its header, its samples
/// and when it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Packet {
    pub(super) number: usize,
    pub(super) header: FrameHeader,
    pub(super) samples: [i16; FRAME_SAMPLES],
    pub(super) arrival: Duration,
}

/// Where a sender's stream starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct StreamStart {
    pub(super) ssrc: u32,
    pub(super) sequence: u16,
    pub(super) timestamp: u32,
    /// The number of the first frame (also the 20 ms period it is sent in).
    pub(super) number: usize,
}

/// The stream most tests use.
pub(super) const USUAL_START: StreamStart = StreamStart { ssrc: 0x1234, sequence: 1_000, timestamp: 90_000, number: 0 };

/// `count` frames from `start`, frame `n` sent at `n` × 20 ms and arriving `delay(n)` later. Only the first
/// frame carries the marker bit.
pub(super) fn stream(start: StreamStart, count: usize, delay: impl Fn(usize) -> Duration) -> Vec<Packet> {
    (0..count)
        .map(|offset| {
            let number = start.number + offset;
            let header = FrameHeader {
                ssrc: start.ssrc,
                sequence: start.sequence.wrapping_add(offset as u16),
                timestamp: start.timestamp.wrapping_add((offset * FRAME_SAMPLES) as u32),
                talkspurt_start: offset == 0,
            };
            let samples = [(number % 30_000 + 1) as i16; FRAME_SAMPLES];
            Packet { number, header, samples, arrival: FRAME_PERIOD * number as u32 + delay(number) }
        })
        .collect()
}

/// A pseudo-random sequence (xorshift32) for network jitter that is the same on every run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Xorshift(pub(super) u32);

impl Xorshift {
    /// A value spread evenly over `0..bound`.
    pub(super) fn below(&mut self, bound: u32) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0 % bound
    }
}

/// Per-frame network delays of `base` ± `spread` (whole milliseconds), for `count` frames.
pub(super) fn jittery_delays(seed: u32, count: usize, base: u64, spread: u64) -> Vec<Duration> {
    let mut random = Xorshift(seed);
    (0..count).map(|_| ms(base - spread + u64::from(random.below((2 * spread + 1) as u32)))).collect()
}

/// What one pop played, by frame number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Heard {
    Frame(usize),
    Concealed,
    Silence,
    Waiting,
}

/// What a simulated call did: what each pop played and the buffer's statistics right after it, and each push's
/// outcome by frame number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Session {
    pub(super) heard: Vec<Heard>,
    pub(super) stats_after: Vec<JitterStats>,
    pub(super) pushed: Vec<(usize, PushOutcome)>,
}

impl Session {
    /// The numbers of the frames played, in playing order.
    pub(super) fn played(&self) -> Vec<usize> {
        self.heard
            .iter()
            .filter_map(|heard| if let Heard::Frame(number) = heard { Some(*number) } else { None })
            .collect()
    }

    /// How many pops played `kind`.
    pub(super) fn count(&self, kind: Heard) -> usize {
        self.heard.iter().filter(|&&heard| heard == kind).count()
    }

    /// The outcome of pushing frame `number` (its first copy).
    pub(super) fn outcome_of(&self, number: usize) -> Option<PushOutcome> {
        self.pushed.iter().find(|(pushed, _)| *pushed == number).map(|&(_, outcome)| outcome)
    }

    /// How many pushes ended as `outcome`.
    pub(super) fn outcomes(&self, outcome: PushOutcome) -> usize {
        self.pushed.iter().filter(|(_, pushed)| *pushed == outcome).count()
    }
}

/// Runs `packets` through `buffer` with a pop every 20 ms from `first_pop`, `pops` times. Before each pop, every
/// packet that has arrived by then is pushed, earliest arrival first (ties in the order given).
pub(super) fn run(buffer: &mut JitterBuffer, packets: &[Packet], first_pop: Duration, pops: usize) -> Session {
    let mut by_arrival = packets.to_vec();
    by_arrival.sort_by_key(|packet| packet.arrival);
    let mut waiting = by_arrival.into_iter().peekable();
    let mut session = Session::default();
    for pop in 0..pops {
        let now = first_pop + FRAME_PERIOD * pop as u32;
        while let Some(packet) = waiting.next_if(|packet| packet.arrival <= now) {
            let outcome = buffer.push(packet.arrival, packet.header, &packet.samples);
            session.pushed.push((packet.number, outcome));
        }
        session.heard.push(match buffer.pop(now) {
            Playout::Frame(samples) => {
                Heard::Frame(usize::try_from(samples[0] - 1).expect("frames carry their number"))
            }
            Playout::Concealed(_) => Heard::Concealed,
            Playout::Silence => Heard::Silence,
            Playout::Waiting => Heard::Waiting,
        });
        session.stats_after.push(buffer.stats());
    }
    session
}

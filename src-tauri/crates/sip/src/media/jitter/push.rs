//! The arrival side of the jitter buffer: places a pushed frame on the stream's timeline or says why not
//! (duplicate, late, far off the timeline), starts afresh on a new SSRC or when the sender's timeline jumps, and
//! feeds the transit of every frame on the timeline, late ones included, to the delay estimate.

use super::buffer::{BufferedFrame, JitterBuffer, StreamPosition};
use super::clock::{FRAME_TICKS, ticks_of};
use super::extend::{extend_sequence, extend_timestamp};
use super::frame::{FRAME_SAMPLES, FrameHeader};
use super::outcome::PushOutcome;
use std::time::Duration;

/// A packet far off the timeline whose sequence number is this close after the newest (a few lost in between)
/// shows the sender's timestamps jumped: the stream restarts there.
const MAX_SEQUENCE_STEP_ACROSS_A_JUMP: i64 = 3;

/// Where a frame falls relative to the playhead.
enum Placement {
    /// Ahead of the playhead, within the capacity: it waits for its slot.
    InTime,
    /// Behind the playhead, but the first frame of a talkspurt after a silence the playhead ran on through: the
    /// playhead goes back to it (nothing was heard there).
    StartsTalkspurtInSilence,
    /// Behind the playhead, its slot already played.
    Late,
    /// Further from the playhead than the capacity either way.
    OffTimeline,
}

/// A frame as it arrived: when (in ticks), its header and its samples.
struct Arrival {
    at: i64,
    header: FrameHeader,
    samples: [i16; FRAME_SAMPLES],
}

impl JitterBuffer {
    /// Takes one received frame of 160 samples that arrived at `arrival` (on the same clock `pop` is given).
    pub(crate) fn push(&mut self, arrival: Duration, header: FrameHeader, samples: &[i16]) -> PushOutcome {
        let Ok(samples) = <[i16; FRAME_SAMPLES]>::try_from(samples) else { return PushOutcome::WrongLength };
        let arrival = Arrival { at: ticks_of(arrival), header, samples };
        let Some(stream) = self.stream else {
            self.begin_stream(arrival);
            return PushOutcome::Buffered;
        };
        if stream.ssrc != header.ssrc {
            self.restart();
            self.begin_stream(arrival);
            return PushOutcome::Restarted;
        }
        let sequence = extend_sequence(header.sequence, stream.newest_sequence);
        let timestamp = extend_timestamp(header.timestamp, stream.newest_timestamp);
        if self.seen.contains(sequence) || self.frames.contains_key(&timestamp) {
            self.stats.duplicates += 1;
            return PushOutcome::Duplicate;
        }
        match self.placement(&arrival, timestamp, stream) {
            Placement::InTime => {
                self.keep(arrival, sequence, timestamp);
                PushOutcome::Buffered
            }
            Placement::StartsTalkspurtInSilence => {
                self.playhead = Some(timestamp);
                self.keep(arrival, sequence, timestamp);
                PushOutcome::Buffered
            }
            Placement::Late => {
                self.seen.insert(sequence);
                self.estimator.observe(arrival.at - timestamp);
                self.stats.late_drops += 1;
                PushOutcome::Late
            }
            Placement::OffTimeline => self.follow_jump(arrival, sequence - stream.newest_sequence),
        }
    }

    fn placement(&self, arrival: &Arrival, timestamp: i64, stream: StreamPosition) -> Placement {
        let capacity = self.limits.capacity;
        match self.playhead {
            Some(_) if self.starts_talkspurt_in_silence(arrival, timestamp) => Placement::StartsTalkspurtInSilence,
            Some(playhead) if timestamp < playhead => {
                if playhead - timestamp <= capacity {
                    Placement::Late
                } else {
                    Placement::OffTimeline
                }
            }
            Some(playhead) if timestamp - playhead < capacity => Placement::InTime,
            Some(_) => Placement::OffTimeline,
            None if (timestamp - stream.newest_timestamp).abs() < capacity => Placement::InTime,
            None => Placement::OffTimeline,
        }
    }

    /// Whether the frame at `timestamp` starts a talkspurt in a silence: behind the playhead but after the last
    /// slot heard, and no later than the maximum delay allows.
    fn starts_talkspurt_in_silence(&self, arrival: &Arrival, timestamp: i64) -> bool {
        let jitter = self.estimator.fastest_transit().map_or(0, |fastest| arrival.at - timestamp - fastest);
        arrival.header.talkspurt_start
            && self.playhead.is_some_and(|playhead| timestamp < playhead)
            && self.audible_until.is_some_and(|heard_until| timestamp >= heard_until)
            && jitter <= self.limits.max_delay
    }

    /// A frame far off the timeline: a new timeline if it continues the stream's sequence numbers or the previous
    /// such frame; otherwise dropped, and remembered in case the next one continues it.
    fn follow_jump(&mut self, arrival: Arrival, sequence_step: i64) -> PushOutcome {
        let header = arrival.header;
        let continues_stream = (1..=MAX_SEQUENCE_STEP_ACROSS_A_JUMP).contains(&sequence_step);
        let continues_candidate = self.jump_candidate.is_some_and(|(sequence, timestamp)| {
            let step = i64::from(header.timestamp.wrapping_sub(timestamp));
            header.sequence == sequence.wrapping_add(1) && (1..self.limits.capacity).contains(&step)
        });
        if continues_stream || continues_candidate {
            self.restart();
            self.begin_stream(arrival);
            return PushOutcome::Restarted;
        }
        self.jump_candidate = Some((header.sequence, header.timestamp));
        self.stats.off_timeline_drops += 1;
        PushOutcome::OffTimeline
    }

    /// Takes the first frame of a stream: its sequence number and timestamp become the references.
    fn begin_stream(&mut self, arrival: Arrival) {
        let sequence = i64::from(arrival.header.sequence);
        let timestamp = i64::from(arrival.header.timestamp);
        self.stream =
            Some(StreamPosition { ssrc: arrival.header.ssrc, newest_sequence: sequence, newest_timestamp: timestamp });
        self.keep(arrival, sequence, timestamp);
    }

    fn keep(&mut self, arrival: Arrival, sequence: i64, timestamp: i64) {
        self.seen.insert(sequence);
        if let Some(stream) = self.stream.as_mut() {
            stream.newest_sequence = stream.newest_sequence.max(sequence);
            stream.newest_timestamp = stream.newest_timestamp.max(timestamp);
        }
        self.estimator.observe(arrival.at - timestamp);
        let frame =
            BufferedFrame { samples: Box::new(arrival.samples), talkspurt_start: arrival.header.talkspurt_start };
        self.frames.insert(timestamp, frame);
        self.jump_candidate = None;
        self.drop_overflow();
    }

    /// Drops the oldest frames beyond the capacity (only reachable when pops stop while packets keep coming).
    fn drop_overflow(&mut self) {
        while self.frames.len() > self.limits.capacity_frames() {
            let Some((oldest, _)) = self.frames.pop_first() else { break };
            self.stats.overflow_drops += 1;
            if self.playhead.is_some_and(|playhead| playhead <= oldest) {
                self.playhead = Some(oldest + FRAME_TICKS);
            }
        }
    }
}

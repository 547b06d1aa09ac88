//! The playout side of the jitter buffer, called once per 20 ms by the playout clock. The playhead is the
//! timestamp of the next slot; a frame plays once it has waited the target delay. A missing frame is concealed,
//! and the playhead passes it only if its slot is due; otherwise it waits for it, which grows the delay by a frame.
//! In silence (between talkspurts, or once concealment has faded out) the playhead moves freely, waiting or
//! skipping ahead so the next talkspurt starts right at the target delay. During speech, a delay a frame or more
//! above the target for a whole second sheds one frame, the quieter of the next two.

use super::buffer::JitterBuffer;
use super::clock::{FRAME_TICKS, PlayoutClock, ticks_of, whole_ms};
use super::frame::FrameSamples;
use super::outcome::Playout;
use std::time::Duration;

/// Pops in a row a frame must play a whole frame later than the target before one frame is shed (1 s).
const OVERDUE_POPS_BEFORE_SHEDDING: u32 = 50;

impl JitterBuffer {
    /// The 20 ms of audio to play at `now` (on the clock `push` is given). Call it once per frame period.
    pub(crate) fn pop(&mut self, now: Duration) -> Playout {
        let Some(clock) = self.playout_clock(now) else { return Playout::Waiting };
        let Some(playhead) = self.playhead else { return self.start_when_due(clock) };
        match self.frame_for_slot(playhead) {
            Some(due) => self.play_in_turn(due, clock),
            None if self.is_in_silence() => self.wait_in_silence(playhead, clock),
            None => self.conceal(playhead, clock),
        }
    }

    fn playout_clock(&self, now: Duration) -> Option<PlayoutClock> {
        Some(PlayoutClock {
            now: ticks_of(now),
            fastest_transit: self.estimator.fastest_transit()?,
            target_delay: self.target_delay(),
        })
    }

    /// Pre-buffering: the first frame plays once it has waited the target delay. If pops started late and several
    /// are due, playout starts at the newest of them and the older ones count as late.
    fn start_when_due(&mut self, clock: PlayoutClock) -> Playout {
        let Some(start) = self.frames.keys().rev().copied().find(|&timestamp| clock.is_due(timestamp)) else {
            return Playout::Waiting;
        };
        let newer = self.frames.split_off(&start);
        self.stats.late_drops += self.frames.len() as u64;
        self.frames = newer;
        self.play(start, clock)
    }

    /// The frame for the slot at `playhead`: the earliest waiting, if it starts within the slot (a sender's
    /// timestamps need not stay on one 160-tick grid across talkspurts).
    fn frame_for_slot(&self, playhead: i64) -> Option<i64> {
        self.earliest_frame().filter(|&timestamp| timestamp < playhead + FRAME_TICKS)
    }

    /// Whether a missing frame is heard as silence rather than concealed: concealment has faded out (or there is
    /// nothing to repeat), or the next frame waiting starts a talkspurt, so the sender paused.
    fn is_in_silence(&self) -> bool {
        let next_starts_talkspurt = self.frames.first_key_value().is_some_and(|(_, frame)| frame.talkspurt_start);
        next_starts_talkspurt || !self.concealer.can_conceal(self.missing_in_a_row)
    }

    /// Plays the frame for this slot. A talkspurt's first frame that has not waited the target yet waits in
    /// silence (the delay grows unheard); a delay overdue for a second sheds a frame.
    fn play_in_turn(&mut self, due: i64, clock: PlayoutClock) -> Playout {
        let starts_talkspurt = self.frames.get(&due).is_some_and(|frame| frame.talkspurt_start);
        if starts_talkspurt && !clock.is_due(due) {
            self.overdue_pops = 0;
            return Playout::Silence;
        }
        self.overdue_pops = if clock.is_overdue_by_a_frame(due) { self.overdue_pops + 1 } else { 0 };
        if self.overdue_pops >= OVERDUE_POPS_BEFORE_SHEDDING
            && let Some(kept) = self.shed_one_of_two(due)
        {
            self.overdue_pops = 0;
            let played = self.play(kept, clock);
            self.playhead = Some(due + 2 * FRAME_TICKS);
            return played;
        }
        self.play(due, clock)
    }

    /// Drops the quieter of the frame at `due` and the one after it, if both are here; returns the one kept.
    fn shed_one_of_two(&mut self, due: i64) -> Option<i64> {
        let following = due + FRAME_TICKS;
        let due_loudness = loudness(&self.frames.get(&due)?.samples);
        let following_loudness = loudness(&self.frames.get(&following)?.samples);
        let (shed, kept) = if due_loudness <= following_loudness { (due, following) } else { (following, due) };
        self.frames.remove(&shed);
        self.stats.shrink_drops += 1;
        Some(kept)
    }

    /// A slot in silence. With a frame waiting, it plays as soon as it is due (skipping what is left of the gap);
    /// until then the playhead waits. With nothing waiting, the playhead follows the clock at the target delay.
    fn wait_in_silence(&mut self, playhead: i64, clock: PlayoutClock) -> Playout {
        self.missing_in_a_row = self.missing_in_a_row.saturating_add(1);
        self.overdue_pops = 0;
        if let Some(first) = self.earliest_frame() {
            return if clock.is_due(first) { self.play(first, clock) } else { Playout::Silence };
        }
        if clock.is_due(playhead) {
            let slots_behind = (clock.lag(playhead) - clock.target_delay) / FRAME_TICKS;
            self.playhead = Some(playhead + (slots_behind + 1) * FRAME_TICKS);
        }
        Playout::Silence
    }

    /// A missing frame during speech: concealed, and passed over if its slot is due; otherwise the playhead waits
    /// for it (it may just be late).
    fn conceal(&mut self, playhead: i64, clock: PlayoutClock) -> Playout {
        let Some(samples) = self.concealer.conceal(self.missing_in_a_row) else { return Playout::Silence };
        self.missing_in_a_row += 1;
        self.overdue_pops = 0;
        self.stats.frames_concealed += 1;
        self.audible_until = Some(self.audible_until.map_or(playhead, |end| end.max(playhead)) + FRAME_TICKS);
        if clock.is_due(playhead) {
            self.playhead = Some(playhead + FRAME_TICKS);
        }
        Playout::Concealed(samples)
    }

    /// Plays the frame at `timestamp` and moves the playhead past it.
    fn play(&mut self, timestamp: i64, clock: PlayoutClock) -> Playout {
        let Some(frame) = self.frames.remove(&timestamp) else { return Playout::Silence };
        self.stats.current_delay_ms = whole_ms(clock.lag(timestamp));
        self.playhead = Some(timestamp + FRAME_TICKS);
        self.audible_until = self.playhead;
        self.missing_in_a_row = 0;
        self.concealer.remember(&frame.samples);
        self.stats.frames_played += 1;
        Playout::Frame(frame.samples)
    }
}

/// The sum of a frame's absolute sample values.
fn loudness(samples: &FrameSamples) -> u64 {
    samples.iter().map(|&sample| u64::from(sample.unsigned_abs())).sum()
}

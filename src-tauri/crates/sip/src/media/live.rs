//! A call's audio device: either a WAV source with the received audio recorded (headless use, tests, the 933
//! readback), or a live microphone and speaker (the `audio` crate's sound card). Live audio goes out one 20 ms
//! frame per packet as the microphone delivers it; what arrives goes through the adaptive jitter buffer and is
//! played at the speaker's own pace.

use super::jitter::{JitterBuffer, JitterConfig};
use std::collections::VecDeque;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// Samples in one 20 ms frame at 8 kHz, the unit live audio moves in.
pub const FRAME_SAMPLES: usize = 160;

/// One 20 ms frame of 8 kHz mono audio.
pub type AudioFrame = [i16; FRAME_SAMPLES];

/// Where received audio is played.
pub trait Speaker: Send + 'static {
    /// Queues one frame; false when the speaker is full and dropped it.
    fn play(&mut self, frame: &AudioFrame) -> bool;
    /// Samples (8 kHz) queued and not yet heard.
    fn queued(&self) -> usize;
}

/// A microphone and a speaker for one call.
pub struct LiveAudio {
    /// Frames as the microphone captures them.
    pub microphone: Receiver<AudioFrame>,
    /// Where the far end is heard.
    pub speaker: Box<dyn Speaker>,
    /// Also keep what arrives in the call's `MediaReport` (the 933 readback test's recording); off for everyday
    /// calls, which are heard, not kept.
    pub record: bool,
}

impl std::fmt::Debug for LiveAudio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveAudio").finish_non_exhaustive()
    }
}

/// What the jitter buffer in front of the speaker did over a live call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlayoutReport {
    /// Received frames played.
    pub frames_played: u64,
    /// Missing frames replaced by concealment.
    pub frames_concealed: u64,
    /// Frames that arrived after their playout time and were dropped.
    pub late_drops: u64,
    /// The playout delay it settled on, in ms beyond the fastest packet's trip.
    pub target_delay_ms: u32,
    /// RFC 3550 interarrival jitter, in RTP timestamp units (1/8 ms).
    pub interarrival_jitter: u32,
}

impl Destination {
    /// For a live call, what its jitter buffer did.
    pub(crate) fn playout_report(&self) -> Option<PlayoutReport> {
        let Destination::Speaker { buffer, .. } = self else { return None };
        let stats = buffer.lock().unwrap_or_else(PoisonError::into_inner).stats();
        Some(PlayoutReport {
            frames_played: stats.frames_played,
            frames_concealed: stats.frames_concealed,
            late_drops: stats.late_drops,
            target_delay_ms: stats.target_delay_ms,
            interarrival_jitter: stats.interarrival_jitter,
        })
    }
}

/// What a call sends and where what it receives goes.
#[derive(Debug)]
pub enum CallAudio {
    /// These samples (8 kHz mono), then silence; what arrives is recorded (`MediaReport`).
    File(Vec<i16>),
    /// A live microphone and speaker; recorded only when it says so.
    Live(LiveAudio),
}

impl Default for CallAudio {
    fn default() -> Self {
        CallAudio::File(Vec::new())
    }
}

/// The microphone frames that may wait before the oldest are dropped (the device runs fast, or a tick was late):
/// 60 ms, so live audio never lags behind by more.
const MAX_MICROPHONE_BACKLOG: usize = 3;

/// The sending side's source of frames.
pub(crate) enum Capture {
    /// A file's samples, frame by frame, then silence.
    File { samples: Vec<i16>, next: usize },
    /// A live microphone, the frames it delivered that are not sent yet, and for how many ticks in a row it
    /// has delivered nothing.
    Microphone { frames: Receiver<AudioFrame>, waiting: VecDeque<AudioFrame>, starved: u32 },
}

/// Ticks without a microphone frame after which silence is sent instead (60 ms): a device still opening, or
/// gone, must not stop the stream (PBXs hang up calls whose RTP stops), while a frame merely arriving late is
/// not replaced.
const STARVED_TICKS: u32 = 3;

impl Capture {
    /// The frame to send now: a file always has one (silence after its end); a microphone has one when it
    /// delivered one (the newest few kept, older ones dropped), and silence when it has been quiet for a while.
    pub(crate) fn next_frame(&mut self) -> Option<AudioFrame> {
        match self {
            Capture::File { samples, next } => {
                let mut frame = [0_i16; FRAME_SAMPLES];
                if let Some(part) = samples.get(*next..) {
                    let take = part.len().min(FRAME_SAMPLES);
                    frame[..take].copy_from_slice(&part[..take]);
                }
                *next += FRAME_SAMPLES;
                Some(frame)
            }
            Capture::Microphone { frames, waiting, starved } => {
                // Empty or disconnected (the device closed): what has arrived is all there is.
                while let Ok(frame) = frames.try_recv() {
                    waiting.push_back(frame);
                }
                let dropped = waiting.len().saturating_sub(MAX_MICROPHONE_BACKLOG);
                if dropped > 0 {
                    waiting.drain(..dropped);
                    tracing::trace!(dropped, "microphone frames dropped to keep latency down");
                }
                match waiting.pop_front() {
                    Some(frame) => {
                        *starved = 0;
                        Some(frame)
                    }
                    None => {
                        *starved += 1;
                        (*starved >= STARVED_TICKS).then_some([0; FRAME_SAMPLES])
                    }
                }
            }
        }
    }
}

/// The receiving side's destination: the recording, or the jitter buffer in front of the speaker.
pub(crate) enum Destination {
    /// Place by timestamp into the recording.
    Record,
    /// Into the jitter buffer; `started` is the clock both sides of it share. Recorded too when `record`.
    Speaker { buffer: Arc<Mutex<JitterBuffer>>, started: Instant, record: bool },
}

/// Splits a call's audio into what the sender reads, where the receiver writes, and (live) the playout task.
pub(crate) fn wire(audio: CallAudio, stop: &CancellationToken) -> (Capture, Destination) {
    match audio {
        CallAudio::File(samples) => (Capture::File { samples, next: 0 }, Destination::Record),
        CallAudio::Live(LiveAudio { microphone, speaker, record }) => {
            let buffer = Arc::new(Mutex::new(JitterBuffer::new(JitterConfig::default())));
            let started = Instant::now();
            tokio::spawn(play_out(Arc::clone(&buffer), speaker, started, stop.clone()));
            let capture = Capture::Microphone { frames: microphone, waiting: VecDeque::new(), starved: 0 };
            (capture, Destination::Speaker { buffer, started, record })
        }
    }
}

/// Keeps the speaker fed from the jitter buffer: whenever less than two frames are queued, the buffer gives the
/// next one (a concealed or silent frame when nothing is due), so the speaker's clock paces the playout.
async fn play_out(
    buffer: Arc<Mutex<JitterBuffer>>,
    mut speaker: Box<dyn Speaker>,
    started: Instant,
    stop: CancellationToken,
) {
    let mut ticker = tokio::time::interval(Duration::from_millis(10));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tokio::select! {
            () = stop.cancelled() => break,
            _ = ticker.tick() => {}
        }
        while speaker.queued() < 2 * FRAME_SAMPLES {
            let frame = buffer.lock().unwrap_or_else(PoisonError::into_inner).pop(started.elapsed()).into_samples();
            if !speaker.play(&frame) {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_gives_a_frame_per_tick_then_silence() {
        let mut capture = Capture::File { samples: (1..=200).collect(), next: 0 };
        let first = capture.next_frame().expect("frame");
        assert_eq!((first[0], first[159]), (1, 160));
        let second = capture.next_frame().expect("frame");
        assert_eq!((second[0], second[39], second[40]), (161, 200, 0));
        assert_eq!(capture.next_frame(), Some([0; FRAME_SAMPLES]));
    }

    #[test]
    fn a_microphone_backlog_keeps_only_the_newest_frames() {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut capture = Capture::Microphone { frames: rx, waiting: VecDeque::new(), starved: 0 };
        assert_eq!(capture.next_frame(), None, "nothing captured yet");
        for n in 0..6 {
            tx.send([n; FRAME_SAMPLES]).expect("send");
        }
        // Six waiting: the three oldest go, the rest are sent one per tick, in order.
        let sent: Vec<Option<i16>> = (0..4).map(|_| capture.next_frame().map(|f| f[0])).collect();
        assert_eq!(sent, [Some(3), Some(4), Some(5), None]);
    }

    #[test]
    fn a_quiet_microphone_is_covered_with_silence_so_the_stream_never_stops() {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut capture = Capture::Microphone { frames: rx, waiting: VecDeque::new(), starved: 0 };
        let ticks: Vec<Option<i16>> = (0..4).map(|_| capture.next_frame().map(|f| f[0])).collect();
        assert_eq!(ticks, [None, None, Some(0), Some(0)], "two late ticks skipped, then silence");
        tx.send([7; FRAME_SAMPLES]).expect("send");
        assert_eq!(capture.next_frame().map(|f| f[0]), Some(7));
        assert_eq!(capture.next_frame(), None, "one quiet tick after audio is just late");
        drop(tx);
        // A closed device is quiet: the count goes on to silence.
        assert_eq!((capture.next_frame(), capture.next_frame()), (None, Some([0; FRAME_SAMPLES])));
    }
}

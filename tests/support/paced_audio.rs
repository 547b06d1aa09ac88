//! A headless live audio device that keeps real time, for calls that use a microphone and speaker rather than a
//! WAV file: the microphone delivers a tone 20 ms at a time from its own thread, and the speaker plays what it is
//! given at 8 kHz, remembering every sample, so a test hears what a person would.

use locus_sip::media::{AudioFrame, FRAME_SAMPLES, LiveAudio, Speaker};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the speaker played, in order.
pub type Heard = Arc<Mutex<Vec<i16>>>;

/// A microphone sending `tone` (8 kHz mono; silence after it) in real time, and a speaker that keeps what it
/// plays in the returned `Heard`.
pub fn paced_device(tone: Vec<i16>) -> (LiveAudio, Heard) {
    let (frames, microphone) = std::sync::mpsc::channel::<AudioFrame>();
    std::thread::spawn(move || {
        let started = Instant::now();
        for n in 0_u32.. {
            let mut frame = [0_i16; FRAME_SAMPLES];
            let at = n as usize * FRAME_SAMPLES;
            if let Some(part) = tone.get(at..) {
                let take = part.len().min(FRAME_SAMPLES);
                frame[..take].copy_from_slice(&part[..take]);
            }
            if frames.send(frame).is_err() {
                return; // the call is over
            }
            let next = started + Duration::from_millis(20) * (n + 1);
            std::thread::sleep(next.saturating_duration_since(Instant::now()));
        }
    });
    let heard = Heard::default();
    let speaker = PacedSpeaker { heard: Arc::clone(&heard), started: None };
    (LiveAudio { microphone, speaker: Box::new(speaker), record: false }, heard)
}

/// Plays at 8 kHz from its first frame on; what is queued is what was written minus what time has played.
struct PacedSpeaker {
    heard: Heard,
    started: Option<Instant>,
}

impl PacedSpeaker {
    fn written(&self) -> usize {
        self.heard.lock().expect("heard").len()
    }
}

impl Speaker for PacedSpeaker {
    fn play(&mut self, frame: &AudioFrame) -> bool {
        if self.queued() >= 4_000 {
            return false; // half a second waiting: full
        }
        self.started.get_or_insert_with(Instant::now);
        self.heard.lock().expect("heard").extend_from_slice(frame);
        true
    }

    fn queued(&self) -> usize {
        let Some(started) = self.started else { return 0 };
        let played = (started.elapsed().as_secs_f64() * 8_000.0) as usize;
        self.written().saturating_sub(played)
    }
}

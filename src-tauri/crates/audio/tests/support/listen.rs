//! Listening to the sandbox devices: which tone the captured frames carry, waiting for device events, playing a
//! tone into a call's sink, and finding a tone in what a speaker played.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use locus_audio::level::{tone_amplitude, tone_level};
use locus_audio::{AudioEvent, AudioSink, CALL_RATE, FRAME_SAMPLES, Frame};

/// Consecutive frames that must carry a tone for it to count as heard.
const HEARD: usize = 10;

/// Reads captured frames until [`HEARD`] in a row carry `hz` at about the microphone's level and `other` not at
/// all; returns how many frames that took. Panics after `timeout`, telling what was heard instead.
pub fn wait_for_tone(frames: &Receiver<Frame>, hz: f64, other: f64, timeout: Duration) -> usize {
    let deadline = Instant::now() + timeout;
    let (mut read, mut in_a_row) = (0, 0);
    let mut last = Vec::new();
    while in_a_row < HEARD {
        let left = deadline.saturating_duration_since(Instant::now());
        let frame = frames
            .recv_timeout(left)
            .unwrap_or_else(|e| panic!("no {hz} Hz within {timeout:?} ({e}); last frames (tone, other): {last:?}"));
        read += 1;
        let (level, other_level) = (tone_level(&frame, CALL_RATE, hz), tone_level(&frame, CALL_RATE, other));
        last.push((round(level), round(other_level)));
        if last.len() > 12 {
            last.remove(0);
        }
        in_a_row = if level > 0.3 && other_level < 0.05 { in_a_row + 1 } else { 0 };
    }
    read
}

fn round(value: f64) -> f64 {
    (value * 1_000.0).round() / 1_000.0
}

/// Waits for an event `wanted` accepts; returns it with the events before it. Panics after `timeout`.
pub fn wait_for_event(
    events: &Receiver<AudioEvent>,
    timeout: Duration,
    wanted: impl Fn(&AudioEvent) -> bool,
) -> (AudioEvent, Vec<AudioEvent>) {
    let deadline = Instant::now() + timeout;
    let mut before = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok(event) if wanted(&event) => return (event, before),
            Ok(event) => before.push(event),
            Err(e) => panic!("the awaited event did not come within {timeout:?} ({e}); events: {before:#?}"),
        }
    }
}

/// How many 20 ms windows of `played` (at `rate`) carry `hz` at about the level the [`Player`] plays.
pub fn speaker_windows_with(played: &[f32], rate: u32, hz: f64) -> usize {
    let window = rate as usize / 50;
    played.chunks_exact(window).filter(|chunk| tone_amplitude(chunk, rate, hz) > 0.3).count()
}

/// A thread playing a half-scale sine into a call's sink, paced by the speaker (a frame whenever less than two
/// are queued), as a call would.
#[derive(Debug)]
pub struct Player {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<AudioSink>,
}

impl Player {
    /// Starts playing `hz`.
    pub fn start(mut sink: AudioSink, hz: f64) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut n = 0_u64;
            while !stopped.load(Ordering::Relaxed) {
                while sink.queued() < 2 * FRAME_SAMPLES {
                    let mut frame = [0_i16; FRAME_SAMPLES];
                    for sample in &mut frame {
                        let phase = std::f64::consts::TAU * hz * n as f64 / f64::from(CALL_RATE);
                        *sample = (0.5 * 32_767.0 * phase.sin()) as i16;
                        n += 1;
                    }
                    sink.play(&frame);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            sink
        });
        Self { stop, thread }
    }

    /// Stops and gives the sink back.
    pub fn stop(self) -> AudioSink {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().expect("player thread")
    }
}

//! A call's audio through real devices: [`AudioIo::open`] starts the audio thread on the chosen (or default)
//! microphone and speaker and hands back the captured frames, a sink for frames to play, the device events, and
//! the control that changes devices and, when dropped, stops it all.

use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::engine::{Command, EngineParts, run};
use crate::error::AudioError;
use crate::event::{ActiveDevice, AudioEvent};
use crate::frame::{CALL_RATE, FRAME_SAMPLES, Frame};
use crate::ring::{RingWriter, SampleRing};
use crate::settings::AudioSettings;

/// Captured frames that wait for the call before the newest are dropped (0.5 s).
const FRAMES_QUEUED: usize = 25;
/// Captured samples the input callback can get ahead of the audio thread (about 1 s at 8 kHz).
const CAPTURE_RING: usize = 8_192;
/// Samples to play the sink can get ahead of the speaker (about 0.5 s at 8 kHz).
const PLAYBACK_RING: usize = 4_096;

/// How the audio thread works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AudioOptions {
    /// How often the device list is checked for a lost or returning device. Stream errors are acted on at once;
    /// this catches what raises none (a device gone from the list while its stream runs, a device coming back).
    pub check_every: Duration,
    /// How long a chosen device that will not open, or fails again right after opening, is left alone before it
    /// is tried again (the default runs meanwhile). Unplugging and replugging it ends the wait.
    pub hold_failing_for: Duration,
}

impl Default for AudioOptions {
    fn default() -> Self {
        Self { check_every: Duration::from_secs(1), hold_failing_for: Duration::from_secs(10) }
    }
}

/// The devices in use now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AudioStatus {
    /// The microphone, or `None` when no input device opens.
    pub input: Option<ActiveDevice>,
    /// The speaker, or `None` when no output device opens.
    pub output: Option<ActiveDevice>,
}

/// A running call's audio. Take it apart freely (`let AudioIo { frames_in, sink, events, control } = io;`): the
/// parts go to different tasks; dropping `control` stops everything.
#[derive(Debug)]
pub struct AudioIo {
    /// The microphone as 20 ms frames of 8 kHz mono, in order. Read them as they come (25 wait at most; then
    /// the newest are dropped). Disconnects when the audio thread stops.
    pub frames_in: Receiver<Frame>,
    /// Where frames to play go.
    pub sink: AudioSink,
    /// Device lost, switched, none available.
    pub events: Receiver<AudioEvent>,
    /// Changes devices, tells which are in use, stops the audio when dropped.
    pub control: AudioControl,
}

impl AudioIo {
    /// Starts a call's audio on the devices `settings` names (each one the system default when unset or not
    /// present), checking the devices as `options` says. Returns once the streams are open (or found not to
    /// open: see [`AudioControl::status`]; a call without a working device still runs, and the audio thread
    /// keeps looking). Fails only when there is no audio system or no thread for it.
    pub fn open(settings: &AudioSettings, options: AudioOptions) -> Result<Self, AudioError> {
        let capture_ring = SampleRing::new(CAPTURE_RING);
        let playback_ring = SampleRing::new(PLAYBACK_RING);
        let capture = capture_ring.reader().ok_or(AudioError::Stopped)?;
        let writer = playback_ring.writer().ok_or(AudioError::Stopped)?;
        let (frames, frames_in) = std::sync::mpsc::sync_channel(FRAMES_QUEUED);
        let (event_sender, events) = std::sync::mpsc::channel();
        let (commands, command_receiver) = std::sync::mpsc::channel();
        let (ready_sender, ready) = std::sync::mpsc::sync_channel(1);
        let status = Arc::new(Mutex::new(AudioStatus::default()));
        let parts = EngineParts {
            settings: settings.clone(),
            options,
            capture_ring,
            playback_ring,
            capture,
            frames,
            events: event_sender,
            commands: command_receiver,
            status: Arc::clone(&status),
        };
        let thread = std::thread::Builder::new()
            .name("locus-audio".into())
            .spawn(move || run(parts, ready_sender))
            .map_err(AudioError::Thread)?;
        let control = AudioControl { commands, status, thread: Some(thread) };
        match ready.recv() {
            Ok(Ok(())) => Ok(Self { frames_in, sink: AudioSink { writer }, events, control }),
            Ok(Err(error)) => Err(error),
            Err(_) => Err(AudioError::Stopped),
        }
    }

    /// Plays one frame (see [`AudioSink::play`]).
    pub fn play(&mut self, frame: &Frame) -> bool {
        self.sink.play(frame)
    }
}

/// Where a call's received audio goes to be played.
#[derive(Debug)]
pub struct AudioSink {
    writer: RingWriter,
}

impl AudioSink {
    /// Queues one 20 ms frame for the speaker. False when about 0.5 s is already waiting: the frame is dropped.
    /// Pace playing by [`AudioSink::queued`] (the speaker's clock), not by a timer: e.g. every 10 ms, while
    /// less than two frames are queued, take the next frame from the jitter buffer and play it.
    pub fn play(&mut self, frame: &Frame) -> bool {
        self.writer.push(frame) == FRAME_SAMPLES
    }

    /// Samples (8 kHz) waiting to be played.
    pub fn queued(&self) -> usize {
        self.writer.ring().len()
    }

    /// [`AudioSink::queued`] as time.
    pub fn queued_time(&self) -> Duration {
        Duration::from_micros(self.queued() as u64 * 1_000_000 / u64::from(CALL_RATE))
    }
}

/// Controls a running call's audio; dropping it stops the audio thread and closes the devices.
#[derive(Debug)]
pub struct AudioControl {
    commands: Sender<Command>,
    status: Arc<Mutex<AudioStatus>>,
    thread: Option<JoinHandle<()>>,
}

impl AudioControl {
    /// The devices in use now.
    pub fn status(&self) -> AudioStatus {
        self.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Switches to the devices `settings` names (as [`AudioIo::open`] would pick them), reported as events.
    pub fn choose(&self, settings: AudioSettings) {
        let _ = self.commands.send(Command::Choose(settings));
    }
}

impl Drop for AudioControl {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Stop);
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the audio thread panicked");
        }
    }
}

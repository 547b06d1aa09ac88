//! The computer's microphone and speaker for a call placed or answered in the window. The call gets them at
//! once, while the sound card opens on a thread of its own, so opening a device never delays an INVITE or an
//! answer (S1); until it is open, the far end hears silence and nothing is played. Device changes mid-call (a
//! headset unplugged, then back) are the audio crate's business; here they are logged.

use locus_audio::{AudioIo, AudioOptions, AudioSettings, AudioSink};
use locus_sip::media::{AudioFrame, LiveAudio, Speaker};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// A call's live audio on the devices `settings` name (the defaults when unset); `record` also keeps what is
/// heard (the 933 readback test).
pub(crate) fn live_audio(settings: AudioSettings, record: bool) -> LiveAudio {
    let (frames, microphone) = std::sync::mpsc::channel();
    let sink = Arc::new(Mutex::new(None));
    let ended = Arc::new(AtomicBool::new(false));
    let speaker = DeviceSpeaker { sink: Arc::clone(&sink), ended: Arc::clone(&ended) };
    let spawned = std::thread::Builder::new()
        .name("locus-call-audio".into())
        .spawn(move || run_devices(&settings, &frames, &sink, &ended));
    if let Err(err) = spawned {
        tracing::error!(%err, "could not start the call's audio thread; the call has no sound");
    }
    LiveAudio { microphone, speaker: Box::new(speaker), record }
}

/// Opens the devices, then passes microphone frames to the call until it ends, and closes them.
fn run_devices(
    settings: &AudioSettings,
    frames: &Sender<AudioFrame>,
    sink_slot: &Mutex<Option<AudioSink>>,
    ended: &AtomicBool,
) {
    let AudioIo { frames_in, sink, events, control } = match AudioIo::open(settings, AudioOptions::default()) {
        Ok(io) => io,
        Err(err) => {
            tracing::error!(%err, "no sound for this call");
            return;
        }
    };
    *sink_slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(sink);
    tracing::info!(status = ?control.status(), "call audio open");
    while !ended.load(Ordering::Relaxed) {
        match frames_in.recv_timeout(Duration::from_millis(100)) {
            Ok(frame) => {
                if frames.send(frame).is_err() {
                    break; // the call no longer reads the microphone
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        while let Ok(event) = events.try_recv() {
            tracing::info!(?event, "call audio device");
        }
    }
    sink_slot.lock().unwrap_or_else(PoisonError::into_inner).take();
    drop(control); // stops the audio thread and closes the streams
    tracing::debug!("call audio closed");
}

/// The speaker side handed to the call: plays into the device's sink once it is open; its drop (the call's
/// playout ended) tells the device thread to close.
struct DeviceSpeaker {
    sink: Arc<Mutex<Option<AudioSink>>>,
    ended: Arc<AtomicBool>,
}

impl Speaker for DeviceSpeaker {
    fn play(&mut self, frame: &AudioFrame) -> bool {
        match self.sink.lock().unwrap_or_else(PoisonError::into_inner).as_mut() {
            Some(sink) => sink.play(frame),
            None => false,
        }
    }

    fn queued(&self) -> usize {
        self.sink.lock().unwrap_or_else(PoisonError::into_inner).as_ref().map_or(0, AudioSink::queued)
    }
}

impl Drop for DeviceSpeaker {
    fn drop(&mut self) {
        self.ended.store(true, Ordering::Relaxed);
    }
}

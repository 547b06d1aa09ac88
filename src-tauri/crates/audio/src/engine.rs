//! The audio thread of one call: owns the cpal host and streams (not `Send` on every platform), moves captured
//! samples into 20 ms frames for the call, and keeps the right devices running. Every `check_every`, and at
//! once when a stream reports an error, it lists the devices, resolves the saved choice, and carries out the
//! plan (`plan.rs`): fall back to the default, return to the chosen device, reopen a failed stream.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::device::{AudioDevice, Direction, default_device, device_id, device_name, find_device, list_on};
use crate::error::AudioError;
use crate::event::{ActiveDevice, AudioEvent, SwitchReason};
use crate::fault::{Fault, FaultClass};
use crate::frame::{FRAME_SAMPLES, Frame};
use crate::host::open_host;
use crate::io::{AudioOptions, AudioStatus};
use crate::plan::{Plan, Situation, Target, plan};
use crate::ring::{RingReader, SampleRing};
use crate::settings::{AudioSettings, DefaultReason, Resolution, resolve};
use crate::stream::{FaultReport, open_stream};

/// How often captured samples are moved into frames (and commands looked at).
const TICK: Duration = Duration::from_millis(5);
/// A chosen device whose stream fails again this soon after opening is not reopened but held (see
/// [`AudioOptions::hold_failing_for`]): a device that opens and dies at once would otherwise flap every tick.
const FLAPPING: Duration = Duration::from_secs(3);

/// What the rest of the program tells the audio thread.
#[derive(Debug)]
pub(crate) enum Command {
    /// Use these devices from now on.
    Choose(AudioSettings),
    /// Close the streams and end the thread.
    Stop,
}

/// Everything the audio thread starts with.
#[derive(Debug)]
pub(crate) struct EngineParts {
    pub(crate) settings: AudioSettings,
    pub(crate) options: AudioOptions,
    pub(crate) capture_ring: Arc<SampleRing>,
    pub(crate) playback_ring: Arc<SampleRing>,
    pub(crate) capture: RingReader,
    pub(crate) frames: SyncSender<Frame>,
    pub(crate) events: Sender<AudioEvent>,
    pub(crate) commands: Receiver<Command>,
    pub(crate) status: Arc<Mutex<AudioStatus>>,
}

/// Runs the audio thread: opens the devices, answers `ready`, then serves until stopped.
pub(crate) fn run(parts: EngineParts, ready: SyncSender<Result<(), AudioError>>) {
    let host = match open_host() {
        Ok(host) => host,
        Err(error) => {
            let _ = ready.send(Err(error));
            return;
        }
    };
    let (fault_sender, faults) = std::sync::mpsc::channel();
    let mut engine = Engine {
        host,
        settings: parts.settings,
        options: parts.options,
        sides: [Side::new(Direction::Input, parts.capture_ring), Side::new(Direction::Output, parts.playback_ring)],
        capture: parts.capture,
        frames: parts.frames,
        events: parts.events,
        status: parts.status,
        fault_sender,
        faults,
        generation: 0,
        devices: Vec::new(),
    };
    // The devices a call starts on are in the status, not reported as events.
    engine.check(false);
    if ready.send(Ok(())).is_err() {
        return;
    }
    engine.serve(&parts.commands);
}

/// One direction's device and stream.
struct Side {
    direction: Direction,
    ring: Arc<SampleRing>,
    active: Option<ActiveDevice>,
    stream: Option<cpal::Stream>,
    /// Which stream this is; errors of earlier streams are ignored.
    generation: u64,
    /// The running stream's error, until the next check acts on it.
    fault: Option<String>,
    /// When the running stream opened.
    opened_at: Option<Instant>,
    /// A chosen device that failed to open or kept failing, left alone until this instant.
    hold: Option<(String, Instant)>,
    /// `NoDevice` was reported and nothing opened since.
    reported_none: bool,
}

impl Side {
    fn new(direction: Direction, ring: Arc<SampleRing>) -> Self {
        Self {
            direction,
            ring,
            active: None,
            stream: None,
            generation: 0,
            fault: None,
            opened_at: None,
            hold: None,
            reported_none: false,
        }
    }
}

struct Engine {
    host: cpal::Host,
    settings: AudioSettings,
    options: AudioOptions,
    sides: [Side; 2],
    capture: RingReader,
    frames: SyncSender<Frame>,
    events: Sender<AudioEvent>,
    status: Arc<Mutex<AudioStatus>>,
    fault_sender: Sender<Fault>,
    faults: Receiver<Fault>,
    generation: u64,
    /// The device list of the last check.
    devices: Vec<AudioDevice>,
}

impl Engine {
    fn serve(&mut self, commands: &Receiver<Command>) {
        let mut next_check = Instant::now() + self.options.check_every;
        loop {
            let mut check_now = false;
            match commands.recv_timeout(TICK) {
                Ok(Command::Stop) | Err(RecvTimeoutError::Disconnected) => break,
                Ok(Command::Choose(settings)) => {
                    self.settings = settings;
                    check_now = true;
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
            self.pump();
            check_now |= self.collect_faults();
            if check_now || Instant::now() >= next_check {
                self.check(true);
                next_check = Instant::now() + self.options.check_every;
            }
        }
        let (captured, played) =
            (&self.sides[index(Direction::Input)].ring, &self.sides[index(Direction::Output)].ring);
        tracing::debug!(
            capture_overflow = captured.dropped(),
            playback_overflow = played.dropped(),
            "audio thread stopping (samples dropped on full rings)"
        );
    }

    /// Moves whole captured frames to the call; a call not reading them loses the newest.
    fn pump(&mut self) {
        let mut frame = [0_i16; FRAME_SAMPLES];
        while self.capture.pop_exact(&mut frame) {
            if let Err(TrySendError::Full(_)) = self.frames.try_send(frame) {
                tracing::trace!("captured frame dropped: the call is not reading");
            }
        }
    }

    /// Takes the streams' error reports; true when the devices should be checked now.
    fn collect_faults(&mut self) -> bool {
        let mut check_now = false;
        while let Ok(fault) = self.faults.try_recv() {
            let side = &mut self.sides[index(fault.direction)];
            if fault.generation != side.generation {
                continue;
            }
            if fault.class == FaultClass::Broken {
                side.fault = Some(fault.message);
            }
            check_now = true;
        }
        check_now
    }

    /// Lists the devices and brings both directions where they should be; `announce` sends events.
    fn check(&mut self, announce: bool) {
        let devices = match list_on(&self.host) {
            Ok(devices) => devices,
            Err(error) => {
                tracing::warn!(%error, "audio device check failed");
                return;
            }
        };
        let now = Instant::now();
        self.devices = devices;
        let devices = self.devices.clone();
        for at in 0..self.sides.len() {
            let direction = self.sides[at].direction;
            let resolution = resolve(self.settings.wanted(direction), direction, &devices);
            let hold_for = self.options.hold_failing_for;
            let side = &mut self.sides[at];
            // An unplugged device gets a fresh try when it comes back; a held one after a while.
            if matches!(resolution, Resolution::Default(DefaultReason::NotFound { .. }))
                || side.hold.as_ref().is_some_and(|(_, until)| now >= *until)
            {
                side.hold = None;
            }
            // A chosen device failing again right after it was (re)opened is held, so the default takes over.
            if let Some(active) = side.active.as_ref().filter(|active| active.is_chosen)
                && side.fault.is_some()
                && side.opened_at.is_some_and(|opened| now.duration_since(opened) < FLAPPING)
            {
                side.hold = Some((active.id.clone(), now + hold_for));
            }
            let chosen_on_hold = match (&resolution, &side.hold) {
                (Resolution::Chosen(device), Some((held, _))) => device.id == *held,
                _ => false,
            };
            let default_id = devices.iter().find(|d| d.direction == direction && d.is_default).map(|d| d.id.as_str());
            let fault = side.fault.take();
            let decision = plan(&Situation {
                active: side.active.as_ref(),
                resolution: &resolution,
                default_id,
                fault: fault.as_deref(),
                chosen_on_hold,
            });
            if let Plan::Switch { target, reason, lost } = decision {
                self.switch(at, target, reason, lost, announce);
            }
        }
    }

    /// Closes the running stream of `sides[at]` and opens `target`, falling back to the default when a chosen
    /// device will not open.
    fn switch(&mut self, at: usize, target: Target, reason: SwitchReason, lost: Option<String>, announce: bool) {
        let direction = self.sides[at].direction;
        let previous = self.sides[at].active.take();
        let mut lost_reported = false;
        if let (Some(why), Some(device)) = (lost, previous.as_ref()) {
            tracing::warn!(%direction, device = %device.name, %why, "audio device lost");
            lost_reported = true;
            self.announce(announce, AudioEvent::DeviceLost { direction, device: device.clone(), reason: why });
        }
        // The old stream goes first: it gives the ring back for the new one.
        self.sides[at].stream = None;
        let (opened, reason) = match self.open(at, &target) {
            Ok(active) => (Ok(active), reason),
            Err(error) => match &target {
                Target::Chosen(device) => {
                    tracing::warn!(%direction, device = %device.name, %error, "chosen audio device will not open");
                    self.sides[at].hold = Some((device.id.clone(), Instant::now() + self.options.hold_failing_for));
                    if let Some(previous) = previous.as_ref().filter(|p| p.is_chosen && !lost_reported) {
                        let event =
                            AudioEvent::DeviceLost { direction, device: previous.clone(), reason: error.to_string() };
                        lost_reported = true;
                        self.announce(announce, event);
                    }
                    (self.open(at, &Target::Default), SwitchReason::Fallback)
                }
                Target::Default => (Err(error), reason),
            },
        };
        let side = &mut self.sides[at];
        let event = match opened {
            Ok(active) => {
                let changed = previous.as_ref() != Some(&active) || lost_reported;
                side.active = Some(active.clone());
                side.reported_none = false;
                changed.then(|| {
                    tracing::info!(%direction, device = %active.name, ?reason, "audio switched");
                    AudioEvent::SwitchedTo { direction, device: active, reason }
                })
            }
            Err(error) => {
                tracing::warn!(%direction, %error, "no audio device opens");
                let first = !std::mem::replace(&mut side.reported_none, true);
                first.then(|| AudioEvent::NoDevice { direction, error: error.to_string() })
            }
        };
        // The status first: whoever reacts to the event finds the new device in it.
        self.publish_status();
        if let Some(event) = event {
            self.announce(announce, event);
        }
    }

    /// Opens a stream on `target` for `sides[at]`.
    fn open(&mut self, at: usize, target: &Target) -> Result<ActiveDevice, AudioError> {
        let direction = self.sides[at].direction;
        let (device, active) = match target {
            Target::Chosen(AudioDevice { id, name, .. }) => {
                let device = find_device(&self.host, id, direction)
                    .ok_or_else(|| AudioError::NoSuchDevice { direction, wanted: id.clone() })?;
                (device, ActiveDevice { id: id.clone(), name: name.clone(), is_chosen: true })
            }
            Target::Default => {
                let device = default_device(&self.host, direction)
                    .ok_or_else(|| AudioError::NoSuchDevice { direction, wanted: "the system default".into() })?;
                let id = device_id(&device).unwrap_or_default();
                // The list's name for it where there is one (ALSA's `default` entry has a description).
                let listed =
                    self.devices.iter().find(|d| d.direction == direction && d.id == id).map(|d| d.name.clone());
                let name = listed.or_else(|| device_name(&device)).unwrap_or_else(|| id.clone());
                (device, ActiveDevice { id, name, is_chosen: false })
            }
        };
        self.generation += 1;
        let report = FaultReport { sender: self.fault_sender.clone(), generation: self.generation };
        let side = &mut self.sides[at];
        side.generation = self.generation;
        let (stream, _) = open_stream(&device, &active.name, direction, &side.ring, &report)?;
        side.stream = Some(stream);
        side.opened_at = Some(Instant::now());
        Ok(active)
    }

    fn announce(&self, announce: bool, event: AudioEvent) {
        if announce {
            let _ = self.events.send(event);
        }
    }

    fn publish_status(&self) {
        let mut status = self.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        status.input = self.sides[index(Direction::Input)].active.clone();
        status.output = self.sides[index(Direction::Output)].active.clone();
    }
}

fn index(direction: Direction) -> usize {
    match direction {
        Direction::Input => 0,
        Direction::Output => 1,
    }
}

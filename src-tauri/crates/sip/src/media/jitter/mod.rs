//! Our adaptive jitter buffer for received audio: decoded 20 ms frames go in as they arrive, one frame comes out
//! every 20 ms for the audio device, in timestamp order, with missing frames concealed. The playout delay follows
//! the measured jitter (the 99th percentile of how much later than the fastest packets arrive over the last
//! 10 s), changing unheard between talkspurts or a frame at a time. Pure logic: time is passed in.

mod buffer;
mod clock;
mod conceal;
mod config;
mod delay;
mod extend;
mod frame;
mod outcome;
mod pop;
mod push;
mod seen;
mod stats;

#[cfg(test)]
mod adaptation_scenarios;
#[cfg(test)]
mod playout_scenarios;
#[cfg(test)]
mod simulation;
#[cfg(test)]
mod stream_change_scenarios;

pub(crate) use buffer::JitterBuffer;
pub(crate) use config::JitterConfig;
pub(crate) use frame::FrameHeader;
#[cfg(test)]
pub(crate) use frame::{FRAME_SAMPLES, FrameSamples};
#[cfg(test)]
pub(crate) use outcome::{Playout, PushOutcome};
#[cfg(test)]
pub(crate) use stats::JitterStats;

//! The unit a call's audio moves in: 20 ms of 8 kHz mono 16-bit samples, G.711's native rate.

/// Samples per second inside a call.
pub const CALL_RATE: u32 = 8_000;

/// Samples in one 20 ms frame at [`CALL_RATE`].
pub const FRAME_SAMPLES: usize = 160;

/// One 20 ms frame of 8 kHz mono audio.
pub type Frame = [i16; FRAME_SAMPLES];

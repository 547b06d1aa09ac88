//! A call's media: SDP offer/answer for one audio stream, RTP with G.711, DTMF (RFC 4733 events, SIP INFO
//! bodies), and WAV files as the headless audio device (play into the call, record what comes back).

mod audio_file;
pub(crate) mod dtmf;
mod g711;
pub(crate) mod jitter;
mod live;
mod rtp;
pub(crate) mod sdes;
pub(crate) mod sdp;
pub(crate) mod sdp_answer;
pub(crate) mod secure;
mod session;
pub(crate) mod srtp;

pub use audio_file::{CALL_RATE, read_wav, write_wav};
pub use g711::G711;
pub use live::{AudioFrame, CallAudio, FRAME_SAMPLES, LiveAudio, PlayoutReport, Speaker};
pub use session::{MediaReport, Received};
pub(crate) use session::{MediaSocket, RunningMedia};

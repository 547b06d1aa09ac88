//! One call's audio over RTP: sends 20 ms G.711 packets from a source (a WAV file, then silence) and places
//! what arrives by its RTP timestamp (so reordered or late packets land where they belong) for recording. While
//! the call is on hold nothing is sent; while muted, silence is sent (the far end keeps hearing a live line and
//! NAT bindings stay open); either way the source and the RTP clock keep running, as a microphone would. With
//! SRTP keys agreed (SDES, `secure`), every packet is protected on the way out and checked on the way in; one
//! that fails its check is dropped and counted, never played.

use super::dtmf::{DIGIT_FRAMES, digit_of, event_code, event_payload, parse_event};
use super::g711::G711;
use super::jitter::FrameHeader;
use super::live::{CallAudio, Capture, Destination, PlayoutReport, wire};
use super::rtp::RtpPacket;
use super::sdp::Answer;
use super::secure::{OfferedKeys, SrtpPair, answer_offer};
use super::srtp::{SrtpReceiver, SrtpSender};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::net::UdpSocket;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Samples in one 20 ms packet at 8 kHz.
const FRAME: usize = 160;
/// The longest recording we keep (one hour); later audio is dropped rather than growing without bound.
const MAX_RECORDED_SAMPLES: usize = 8_000 * 3_600;

/// The RTP socket, opened before the offer so the SDP can name its port.
#[derive(Debug)]
pub(crate) struct MediaSocket {
    socket: Arc<UdpSocket>,
    pub(crate) local: SocketAddr,
    keys: Keys,
}

/// Where the call's SRTP keys are.
#[derive(Debug)]
enum Keys {
    /// Plain RTP.
    Plain,
    /// We offered these; the answer picks one.
    Offered(OfferedKeys),
    /// We answered an SRTP offer: both keys known.
    Agreed(Box<SrtpPair>),
}

impl MediaSocket {
    pub(crate) async fn bind(ip: std::net::IpAddr) -> std::io::Result<Self> {
        let socket = UdpSocket::bind(SocketAddr::new(ip, 0)).await?;
        let local = socket.local_addr()?;
        Ok(Self { socket: Arc::new(socket), local, keys: Keys::Plain })
    }

    /// Makes this an SRTP stream for our offer: fresh keys, whose `a=crypto` lines every offer of the call carries.
    pub(crate) fn offer_srtp(&mut self) -> Result<Vec<String>, String> {
        let keys = OfferedKeys::generate()?;
        let lines = keys.lines();
        self.keys = Keys::Offered(keys);
        Ok(lines)
    }

    /// Goes back to plain RTP, forgetting the keys we offered (a call that left TLS before any answer).
    pub(crate) fn drop_srtp(&mut self) {
        self.keys = Keys::Plain;
    }

    /// Answers the caller's `offer` in kind: for an SRTP offer, agrees keys and returns our `a=crypto` line for the
    /// answer; for plain RTP, nothing.
    pub(crate) fn answer_srtp(&mut self, offer: &Answer) -> Result<Vec<String>, String> {
        if !offer.secure {
            return Ok(Vec::new());
        }
        let (line, pair) = answer_offer(&offer.crypto)?;
        self.keys = Keys::Agreed(Box::new(pair));
        Ok(vec![line])
    }

    /// Starts sending `audio`'s source (silence instead while `muted` is set) and receiving into its destination
    /// (the recording, or the jitter buffer and speaker) until `stop`.
    /// Refused when the answer does not match what we offered (SRTP asked for and not given, or the reverse).
    pub(crate) fn start(
        self,
        answer: Answer,
        audio: CallAudio,
        muted: Arc<AtomicBool>,
        stop: CancellationToken,
    ) -> Result<RunningMedia, String> {
        let srtp = match self.keys {
            Keys::Plain if answer.secure => return Err("the peer answered with SRTP, which we did not offer".into()),
            Keys::Plain => None,
            Keys::Offered(_) if !answer.secure => {
                return Err("the peer answered our encrypted (SRTP) offer with plain RTP".into());
            }
            Keys::Offered(keys) => Some(keys.agree(&answer.crypto)?),
            Keys::Agreed(pair) => Some(*pair),
        };
        let (seal, open) = match srtp {
            Some(SrtpPair { sender, receiver }) => (Some(sender), Some(receiver)),
            None => (None, None),
        };
        let held = Arc::new(AtomicBool::new(false));
        let (dtmf, digits) = mpsc::unbounded_channel();
        let telephone_event = answer.telephone_event;
        let (capture, destination) = wire(audio, &stop);
        let source = Source { capture, held: held.clone(), muted, digits };
        let outgoing = Outgoing { socket: self.socket.clone(), remote: answer.remote, seal };
        let sender = tokio::spawn(send_audio(outgoing, answer, source, stop.clone()));
        let receiver = tokio::spawn(receive_audio(self.socket, open, telephone_event, destination, stop.clone()));
        Ok(RunningMedia { stop, held, dtmf, telephone_event, sender, receiver })
    }
}

/// Where our packets go, and the SRTP context that protects them when the call is encrypted.
struct Outgoing {
    socket: Arc<UdpSocket>,
    remote: SocketAddr,
    seal: Option<SrtpSender>,
}

impl Outgoing {
    /// Sends one RTP packet (protected first when encrypted); false when it could not be sent.
    async fn send(&mut self, packet: &RtpPacket) -> bool {
        let mut bytes = packet.to_bytes();
        if let Some(seal) = self.seal.as_mut() {
            match seal.protect_rtp(&bytes) {
                Ok(protected) => bytes = protected,
                Err(err) => {
                    tracing::warn!(%err, "an RTP packet could not be protected");
                    return false;
                }
            }
        }
        match self.socket.send_to(&bytes, self.remote).await {
            Ok(_) => true,
            Err(err) => {
                tracing::debug!(%err, remote = %self.remote, "an RTP packet could not be sent");
                false
            }
        }
    }
}

/// Audio flowing both ways.
#[derive(Debug)]
pub(crate) struct RunningMedia {
    stop: CancellationToken,
    held: Arc<AtomicBool>,
    /// RFC 4733 event codes for the sender to play, in order.
    dtmf: mpsc::UnboundedSender<u8>,
    telephone_event: Option<u8>,
    sender: tokio::task::JoinHandle<u64>,
    receiver: tokio::task::JoinHandle<Received>,
}

/// What came in during the call.
#[derive(Debug, Default, Clone)]
pub struct Received {
    /// RTP packets accepted.
    pub packets: u64,
    /// The audio, 8 kHz mono, placed by timestamp (gaps are silence).
    pub samples: Vec<i16>,
    /// Keypad digits the far end sent as RFC 4733 telephone events, in order.
    pub dtmf: String,
    /// SRTP packets dropped because their authentication or replay check failed.
    pub refused: u64,
    /// For live audio: what the jitter buffer in front of the speaker did (nothing is recorded then).
    pub playout: Option<PlayoutReport>,
}

/// What a finished call's media did.
#[derive(Debug, Default, Clone)]
pub struct MediaReport {
    /// RTP packets we sent.
    pub packets_sent: u64,
    /// What we received.
    pub received: Received,
}

impl RunningMedia {
    /// Stops sending our audio (`true`, the call is on hold) or starts again (`false`).
    pub(crate) fn set_held(&self, held: bool) {
        self.held.store(held, Ordering::Relaxed);
    }

    /// Queues `digit` as an RFC 4733 telephone event (100 ms, then a 40 ms pause before the next); false when the
    /// far end did not take telephone events (send it as SIP INFO instead) or it is not a keypad digit.
    pub(crate) fn send_digit(&self, digit: char) -> bool {
        match (self.telephone_event, event_code(digit)) {
            (Some(_), Some(event)) => self.dtmf.send(event).is_ok(),
            _ => false,
        }
    }

    /// Stops both directions and returns what happened.
    pub(crate) async fn finish(self) -> MediaReport {
        self.stop.cancel();
        let packets_sent = self.sender.await.unwrap_or_default();
        let received = self.receiver.await.unwrap_or_default();
        MediaReport { packets_sent, received }
    }
}

/// What the sender sends: the audio to play, the hold and mute switches, and the DTMF digits to play.
struct Source {
    capture: Capture,
    held: Arc<AtomicBool>,
    muted: Arc<AtomicBool>,
    digits: mpsc::UnboundedReceiver<u8>,
}

/// A telephone event being sent: its code, the RTP timestamp it started at, and the 20 ms packets sent so far.
struct Tone {
    event: u8,
    timestamp: u32,
    frames: u16,
}

/// 20 ms packets of audio between two digits (RFC 4733 wants a gap; 40 ms is what keypads leave).
const PAUSE_FRAMES: u8 = 2;

async fn send_audio(mut out: Outgoing, answer: Answer, mut source: Source, stop: CancellationToken) -> u64 {
    let ssrc: u32 = rand_u32();
    let mut sequence: u16 = (rand_u32() & 0xFFFF) as u16;
    let mut timestamp: u32 = rand_u32();
    let mut ticker = tokio::time::interval(Duration::from_millis(20));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let silence = [0_i16; FRAME];
    let mut sent = 0_u64;
    // The first packet, and the first after a hold, starts a talkspurt (RFC 3551 §4.1: marker bit).
    let mut talkspurt_starts = true;
    let mut tone: Option<Tone> = None;
    let mut pause = 0_u8;
    loop {
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = ticker.tick() => {}
        }
        // The source runs on through hold and digits, as a microphone would.
        let frame = source.capture.next_frame();
        if source.held.load(Ordering::Relaxed) {
            // On hold: the RTP clock runs on (RFC 3550 §5.1), the sequence number only counts packets sent.
            timestamp = timestamp.wrapping_add(FRAME as u32);
            talkspurt_starts = true;
            continue;
        }
        if tone.is_none() && pause == 0 {
            tone = source.digits.try_recv().ok().map(|event| Tone { event, timestamp, frames: 0 });
        }
        if let (Some(playing), Some(event_type)) = (tone.as_mut(), answer.telephone_event) {
            // A digit replaces the audio: one packet per 20 ms with the event's running duration, all with the
            // timestamp it started at; the last one, with the end bit, three times (RFC 4733 §2.5.1.4).
            playing.frames += 1;
            let end = playing.frames >= DIGIT_FRAMES;
            let payload = event_payload(playing.event, end, playing.frames * FRAME as u16);
            for copy in 0..if end { 3 } else { 1 } {
                let packet = RtpPacket {
                    payload_type: event_type,
                    marker: playing.frames == 1 && copy == 0,
                    sequence,
                    timestamp: playing.timestamp,
                    ssrc,
                    payload: payload.to_vec(),
                };
                if out.send(&packet).await {
                    sent += 1;
                }
                sequence = sequence.wrapping_add(1);
            }
            if end {
                tone = None;
                pause = PAUSE_FRAMES;
            }
            timestamp = timestamp.wrapping_add(FRAME as u32);
            continue;
        }
        pause = pause.saturating_sub(1);
        let Some(frame) = frame else {
            // The microphone delivered nothing this time: the RTP clock runs on, the far end conceals the gap.
            timestamp = timestamp.wrapping_add(FRAME as u32);
            continue;
        };
        let samples = if source.muted.load(Ordering::Relaxed) { &silence } else { &frame };
        let packet = RtpPacket {
            payload_type: answer.codec.payload_type(),
            marker: std::mem::take(&mut talkspurt_starts),
            sequence,
            timestamp,
            ssrc,
            payload: answer.codec.encode(samples),
        };
        if out.send(&packet).await {
            sent += 1;
        }
        sequence = sequence.wrapping_add(1);
        timestamp = timestamp.wrapping_add(FRAME as u32);
    }
    sent
}

async fn receive_audio(
    socket: Arc<UdpSocket>,
    mut open: Option<SrtpReceiver>,
    telephone_event: Option<u8>,
    destination: Destination,
    stop: CancellationToken,
) -> Received {
    let mut received = Received::default();
    let mut first_timestamp: Option<u32> = None;
    // The start timestamp of the last telephone event that ended: its repeated end packets count once.
    let mut last_event_end: Option<u32> = None;
    let mut buffer = vec![0_u8; 2048];
    loop {
        let length = tokio::select! {
            _ = stop.cancelled() => break,
            result = socket.recv_from(&mut buffer) => match result {
                Ok((length, _)) => length,
                Err(_) => continue,
            },
        };
        let packet = match open.as_mut() {
            None => RtpPacket::parse(&buffer[..length]),
            Some(open) => match open.unprotect_rtp(&buffer[..length]) {
                Ok(plain) => RtpPacket::parse(&plain),
                Err(err) => {
                    received.refused += 1;
                    tracing::trace!(%err, "an SRTP packet was refused");
                    continue;
                }
            },
        };
        let Some(packet) = packet else { continue };
        if Some(packet.payload_type) == telephone_event {
            let ended = parse_event(&packet.payload).filter(|(_, end)| *end).and_then(|(event, _)| digit_of(event));
            if let Some(digit) = ended.filter(|_| last_event_end != Some(packet.timestamp)) {
                last_event_end = Some(packet.timestamp);
                received.dtmf.push(digit);
            }
            continue;
        }
        let Some(codec) = G711::from_payload_type(packet.payload_type) else { continue };
        if let Destination::Speaker { buffer, started, record } = &destination {
            let samples = codec.decode(&packet.payload);
            let mut buffer = buffer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            buffer.push(started.elapsed(), FrameHeader::from(&packet), &samples);
            if !record {
                received.packets += 1;
                continue;
            }
        }
        let first = *first_timestamp.get_or_insert(packet.timestamp);
        // Timestamps wrap; a packet from just before the first one is dropped.
        let offset = packet.timestamp.wrapping_sub(first);
        if offset > u32::MAX / 2 {
            continue;
        }
        let start = offset as usize;
        let samples = codec.decode(&packet.payload);
        let end = start + samples.len();
        if end > MAX_RECORDED_SAMPLES {
            continue;
        }
        if received.samples.len() < end {
            received.samples.resize(end, 0);
        }
        received.samples[start..end].copy_from_slice(&samples);
        received.packets += 1;
    }
    received.playout = destination.playout_report();
    received
}

/// A random 32-bit value for SSRC, first sequence number and timestamp (RFC 3550 wants them unpredictable).
fn rand_u32() -> u32 {
    let mut bytes = [0_u8; 4];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        return nanos.subsec_nanos();
    }
    u32::from_be_bytes(bytes)
}

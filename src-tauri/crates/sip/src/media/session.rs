//! One call's audio over RTP: sends 20 ms G.711 packets from a source (a WAV file, then silence) and places
//! what arrives by its RTP timestamp (so reordered or late packets land where they belong) for recording. While
//! the call is on hold nothing is sent; while muted, silence is sent (the far end keeps hearing a live line and
//! NAT bindings stay open); either way the source and the RTP clock keep running, as a microphone would.

use super::g711::G711;
use super::rtp::RtpPacket;
use super::sdp::Answer;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::net::UdpSocket;
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
}

impl MediaSocket {
    pub(crate) async fn bind(ip: std::net::IpAddr) -> std::io::Result<Self> {
        let socket = UdpSocket::bind(SocketAddr::new(ip, 0)).await?;
        let local = socket.local_addr()?;
        Ok(Self { socket: Arc::new(socket), local })
    }

    /// Starts sending `play` (then silence; silence throughout while `muted` is set) and receiving until `stop`.
    pub(crate) fn start(
        self,
        answer: Answer,
        play: Vec<i16>,
        muted: Arc<AtomicBool>,
        stop: CancellationToken,
    ) -> RunningMedia {
        let held = Arc::new(AtomicBool::new(false));
        let source = Source { play, held: held.clone(), muted };
        let sender = tokio::spawn(send_audio(self.socket.clone(), answer, source, stop.clone()));
        let receiver = tokio::spawn(receive_audio(self.socket, stop.clone()));
        RunningMedia { stop, held, sender, receiver }
    }
}

/// Audio flowing both ways.
#[derive(Debug)]
pub(crate) struct RunningMedia {
    stop: CancellationToken,
    held: Arc<AtomicBool>,
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

    /// Stops both directions and returns what happened.
    pub(crate) async fn finish(self) -> MediaReport {
        self.stop.cancel();
        let packets_sent = self.sender.await.unwrap_or_default();
        let received = self.receiver.await.unwrap_or_default();
        MediaReport { packets_sent, received }
    }
}

/// What the sender sends: the audio to play, and the hold and mute switches.
struct Source {
    play: Vec<i16>,
    held: Arc<AtomicBool>,
    muted: Arc<AtomicBool>,
}

async fn send_audio(socket: Arc<UdpSocket>, answer: Answer, source: Source, stop: CancellationToken) -> u64 {
    let ssrc: u32 = rand_u32();
    let mut sequence: u16 = (rand_u32() & 0xFFFF) as u16;
    let mut timestamp: u32 = rand_u32();
    let mut ticker = tokio::time::interval(Duration::from_millis(20));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let silence = [0_i16; FRAME];
    let mut sent = 0_u64;
    // The first packet, and the first after a hold, starts a talkspurt (RFC 3551 §4.1: marker bit).
    let mut talkspurt_starts = true;
    for frame in 0_usize.. {
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = ticker.tick() => {}
        }
        if source.held.load(Ordering::Relaxed) {
            // On hold: the RTP clock runs on (RFC 3550 §5.1), the sequence number only counts packets sent.
            timestamp = timestamp.wrapping_add(FRAME as u32);
            talkspurt_starts = true;
            continue;
        }
        let samples = if source.muted.load(Ordering::Relaxed) {
            &silence
        } else {
            source.play.get(frame * FRAME..(frame + 1) * FRAME).unwrap_or(&silence)
        };
        let packet = RtpPacket {
            payload_type: answer.codec.payload_type(),
            marker: std::mem::take(&mut talkspurt_starts),
            sequence,
            timestamp,
            ssrc,
            payload: answer.codec.encode(samples),
        };
        if let Err(err) = socket.send_to(&packet.to_bytes(), answer.remote).await {
            tracing::debug!(%err, remote = %answer.remote, "an RTP packet could not be sent");
        } else {
            sent += 1;
        }
        sequence = sequence.wrapping_add(1);
        timestamp = timestamp.wrapping_add(FRAME as u32);
    }
    sent
}

async fn receive_audio(socket: Arc<UdpSocket>, stop: CancellationToken) -> Received {
    let mut received = Received::default();
    let mut first_timestamp: Option<u32> = None;
    let mut buffer = vec![0_u8; 2048];
    loop {
        let length = tokio::select! {
            _ = stop.cancelled() => break,
            result = socket.recv_from(&mut buffer) => match result {
                Ok((length, _)) => length,
                Err(_) => continue,
            },
        };
        let Some(packet) = RtpPacket::parse(&buffer[..length]) else { continue };
        let Some(codec) = G711::from_payload_type(packet.payload_type) else { continue };
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

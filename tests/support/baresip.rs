//! A real baresip on loopback as the far-end softphone: user `bob` registered with a test Kamailio over UDP,
//! answering every call by itself, playing a WAV file into the call and recording what it hears to another, with
//! its `ctrl_tcp` command socket open so a test (or a benchmark) can make it dial. Stopped by PID on drop.

use super::kamailio::{Kamailio, PASSWORD, free_port, stop_by_pid};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How baresip protects its media.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// Plain RTP (RTP/AVP).
    Rtp,
    /// SRTP with SDES keys, required (RTP/SAVP; a plain-RTP offer is refused).
    SdesRequired,
}

/// What baresip does with the audio it receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hearing {
    /// Decodes it and records it (see `heard`).
    Record,
    /// Does not decode it: no player, which keeps its CPU use to the call itself.
    Discard,
}

/// A running baresip.
pub struct Baresip {
    /// Its SIP port (UDP) on 127.0.0.1.
    pub sip_port: u16,
    /// Its `ctrl_tcp` port on 127.0.0.1.
    pub control_port: u16,
    child: Child,
    dir: tempfile::TempDir,
}

impl Baresip {
    /// Starts baresip as `bob@locus.test`, registering at `kamailio` and sending `play` (8 kHz mono) into every
    /// call; returns once Kamailio has its registration.
    pub fn start(kamailio: &Kamailio, play: &[i16], media: Media) -> Self {
        Self::start_as("bob", kamailio, kamailio.port, play, media, Hearing::Record)
    }

    /// Starts baresip as `user@locus.test`, sending its requests to 127.0.0.1:`outbound_port` (Kamailio itself,
    /// or a relay in front of it) and answering calls by itself.
    pub fn start_as(
        user: &str,
        kamailio: &Kamailio,
        outbound_port: u16,
        play: &[i16],
        media: Media,
        hearing: Hearing,
    ) -> Self {
        let dir = tempfile::tempdir().expect("baresip dir");
        let (sip_port, control_port) = (free_port(), free_port());
        write_wav(&dir.path().join("play.wav"), play);
        let path = |name: &str| dir.path().join(name).to_str().expect("utf-8 path").to_owned();
        // `net_interface 127.0.0.1` keeps its media on loopback (the interface name `lo` is refused). It has no
        // file player, so to record it plays into ALSA's `null` device while `sndfile` records what it decodes;
        // that device keeps no time, so its player thread spins on a core: benchmarks run it without a player.
        let player = match hearing {
            Hearing::Record => "audio_player alsa,null\naudio_alert alsa,null\n",
            Hearing::Discard => "audio_player aubridge,discard\naudio_alert aubridge,discard\n",
        };
        let config = format!(
            "poll_method epoll\nnet_interface 127.0.0.1\nsip_listen 127.0.0.1:{sip_port}\n\
             audio_source aufile,{play}\n{player}\
             audio_srate 8000\naudio_channels 1\nsnd_path {dir}\n\
             module_path /usr/lib/baresip/modules\nmodule g711.so\nmodule aufile.so\nmodule alsa.so\n\
             module aubridge.so\nmodule sndfile.so\nmodule srtp.so\n\
             module_app account.so\nmodule_app menu.so\nmodule_app ctrl_tcp.so\n\
             ctrl_tcp_listen 127.0.0.1:{control_port}\n",
            play = path("play.wav"),
            dir = dir.path().display(),
        );
        std::fs::write(dir.path().join("config"), config).expect("baresip config");
        let encryption = match media {
            Media::Rtp => "",
            Media::SdesRequired => ";mediaenc=srtp-mand",
        };
        let account = format!(
            "<sip:{user}@locus.test>;auth_pass=\"{PASSWORD}\";outbound=\"sip:127.0.0.1:{outbound_port}\";\
             regint=300;answermode=auto;audio_codecs=PCMU,PCMA{encryption}\n"
        );
        std::fs::write(dir.path().join("accounts"), account).expect("baresip accounts");
        let child = Command::new("baresip")
            .args(["-f", dir.path().to_str().expect("utf-8 path"), "-v"])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(dir.path().join("baresip.log")).expect("log"))
            .stderr(Stdio::null())
            .spawn()
            .expect("start baresip (package baresip; .ci/setup.sh installs it)");
        let baresip = Self { sip_port, control_port, child, dir };
        let deadline = Instant::now() + Duration::from_secs(10);
        let registered = format!("REGISTERED sip:{user}@locus.test");
        while !kamailio.register_lines().iter().any(|l| l.contains(&registered)) {
            assert!(Instant::now() < deadline, "baresip did not register: {}", baresip.log_text());
            std::thread::sleep(Duration::from_millis(50));
        }
        baresip
    }

    /// Its process id (for CPU and memory readings).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything baresip printed so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("baresip.log")).unwrap_or_default()
    }

    /// What baresip heard in its last call (8 kHz mono): `sndfile`'s recording of the decoded audio.
    pub fn heard(&self) -> Vec<i16> {
        let recordings = std::fs::read_dir(self.dir.path()).into_iter().flatten().flatten().map(|e| e.path());
        let mut decoded: Vec<PathBuf> = recordings.filter(|p| p.to_string_lossy().ends_with("-dec.wav")).collect();
        decoded.sort();
        decoded.last().map(read_wav_samples).unwrap_or_default()
    }

    /// Sends a `ctrl_tcp` command (e.g. `dial`, `sip:alice@127.0.0.1:5060`) and returns its JSON answer.
    pub fn command(&self, command: &str, params: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.control_port)).expect("baresip ctrl_tcp");
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
        let json = format!("{{\"command\":\"{command}\",\"params\":\"{params}\",\"token\":\"t\"}}");
        stream.write_all(format!("{}:{json},", json.len()).as_bytes()).expect("write command");
        let mut answer = vec![0u8; 4096];
        let read = stream.read(&mut answer).unwrap_or(0);
        String::from_utf8_lossy(&answer[..read]).into_owned()
    }
}

impl Drop for Baresip {
    fn drop(&mut self) {
        // baresip can take ~30 s to stop on its own; give it a moment, then make sure.
        stop_by_pid(&mut self.child, Duration::from_secs(2));
    }
}

/// Writes 8 kHz mono 16-bit PCM.
fn write_wav(path: &PathBuf, samples: &[i16]) {
    let mut bytes = Vec::with_capacity(44 + 2 * samples.len());
    let data_len = u32::try_from(2 * samples.len()).expect("short enough");
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + data_len).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes()); // PCM
    bytes.extend_from_slice(&1u16.to_le_bytes()); // mono
    bytes.extend_from_slice(&8_000u32.to_le_bytes());
    bytes.extend_from_slice(&16_000u32.to_le_bytes());
    bytes.extend_from_slice(&2u16.to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data_len.to_le_bytes());
    bytes.extend(samples.iter().flat_map(|s| s.to_le_bytes()));
    std::fs::write(path, bytes).expect("write WAV");
}

/// The samples of a 16-bit PCM WAV, found by its `data` chunk (baresip may not have finished the header).
fn read_wav_samples(path: &PathBuf) -> Vec<i16> {
    let bytes = std::fs::read(path).unwrap_or_default();
    let Some(data) = bytes.windows(4).position(|w| w == b"data") else { return Vec::new() };
    bytes.get(data + 8..).unwrap_or_default().chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect()
}

//! The sandbox's devices: writes the tones the microphones play, the ALSA configuration (with or without the
//! headset), stops and restarts the headset's pacers, and reads back what the speakers played.

use std::path::{Path, PathBuf};

use super::pacer::{OUT, RATE, STOP};

/// The headset's name (its microphone and its speaker).
pub const HEADSET: &str = "Locus Test Headset";
/// The default devices' name.
pub const BUILTIN: &str = "Locus Built-in Audio";
/// What the headset microphone hears.
pub const HEADSET_TONE: f64 = 440.0;
/// What the built-in microphone hears.
pub const BUILTIN_TONE: f64 = 1_000.0;
/// The rate of every device's file.
pub const FILE_RATE: u32 = 48_000;
/// Seconds of tone in each microphone file (read from the start at each opening).
const TONE_SECONDS: u32 = 30;

/// A speaker of the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    Headset,
    Builtin,
}

/// The sandbox devices.
#[derive(Debug)]
pub struct Lab {
    dir: PathBuf,
    exe: PathBuf,
}

impl Lab {
    /// Writes the tones and a configuration with every device, and logs the crate to stderr.
    pub fn new(dir: &Path) -> Self {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .try_init();
        let lab = Self { dir: dir.to_owned(), exe: std::env::current_exe().expect("test binary path") };
        for path in [lab.dir.as_path(), lab.exe.as_path()] {
            let text = path.to_str().expect("a UTF-8 path");
            assert!(!text.contains(['"', '\'', ' ', '\\']), "{text} cannot go into the ALSA configuration as it is");
        }
        write_tone(&lab.dir.join("headset_mic.raw"), HEADSET_TONE);
        write_tone(&lab.dir.join("builtin_mic.raw"), BUILTIN_TONE);
        lab.plug_headset(true);
        lab
    }

    /// Writes the configuration with or without the headset, replacing the file in one step (a new inode, which
    /// alsa-lib notices even within the same second).
    pub fn plug_headset(&self, plugged: bool) {
        let mut config = String::new();
        if plugged {
            config += &self.microphone("locus_headset_mic", HEADSET, "headset_mic");
            config += &self.speaker("locus_headset_speaker", HEADSET, "headset_speaker");
        }
        config += &self.microphone("locus_builtin_mic", BUILTIN, "builtin_mic");
        config += &self.speaker("locus_builtin_speaker", BUILTIN, "builtin_speaker");
        config += &format!(
            "pcm.!default {{\n  type asym\n  playback.pcm \"locus_builtin_speaker\"\n  capture.pcm \"locus_builtin_mic\"\n  \
             hint {{ show on; description \"{BUILTIN}\" }}\n}}\n"
        );
        let staging = self.dir.join("asound.conf.new");
        std::fs::write(&staging, config).expect("write the ALSA configuration");
        std::fs::rename(&staging, self.dir.join("asound.conf")).expect("replace the ALSA configuration");
    }

    /// Stops (`true`) or lets run again (`false`) the headset's pacers: its running streams fail at their next
    /// write, and streams opened meanwhile fail at once, while the headset stays listed.
    pub fn break_headset(&self, broken: bool) {
        for stop in [self.stop_file("headset_mic"), self.stop_file("headset_speaker")] {
            if broken {
                std::fs::write(stop, b"").expect("write a stop file");
            } else if stop.exists() {
                std::fs::remove_file(stop).expect("remove a stop file");
            }
        }
    }

    /// What a speaker played so far: its left channel at [`FILE_RATE`].
    pub fn played(&self, speaker: Speaker) -> Vec<f32> {
        let file = match speaker {
            Speaker::Headset => "headset_speaker.raw",
            Speaker::Builtin => "builtin_speaker.raw",
        };
        let bytes = std::fs::read(self.dir.join(file)).unwrap_or_default();
        bytes.chunks_exact(8).map(|frame| f32::from_le_bytes([frame[0], frame[1], frame[2], frame[3]])).collect()
    }

    /// A microphone: ALSA's file plugin over the null device, reading `<name>.raw` and handing what it captured to
    /// the pacer. Opened directly: the file plugin takes any format, so the crate opens it as mono f32 at 48 kHz
    /// (its `config.rs`), the format of the file. (A `plug` in front, to fix the format, does not work: plug's
    /// converters reach the file plugin through mmap, where it reads ahead of what is committed and skips audio,
    /// and where a failed write trips an assertion in alsa-lib.)
    fn microphone(&self, pcm: &str, description: &str, name: &str) -> String {
        let infile = self.dir.join(format!("{name}.raw"));
        let pipe = self.pacer_command(name, u64::from(FILE_RATE) * 4, None);
        let infile = format!("infile \"{}\"", infile.display());
        definition(pcm, &format!("{description}|IOIDInput"), &pipe, &infile)
    }

    /// A speaker: the file plugin, opened as stereo f32 at 48 kHz, whose pacer appends it to `<name>.raw`.
    fn speaker(&self, pcm: &str, description: &str, name: &str) -> String {
        let out = self.dir.join(format!("{name}.raw"));
        let pipe = self.pacer_command(name, u64::from(FILE_RATE) * 8, Some(&out));
        definition(pcm, &format!("{description}|IOIDOutput"), &pipe, "")
    }

    /// The `file` value that pipes a device's data through a pacer.
    fn pacer_command(&self, name: &str, bytes_per_second: u64, out: Option<&Path>) -> String {
        let out = out.map(|out| format!("{OUT}={} ", out.display())).unwrap_or_default();
        format!(
            "|exec env {RATE}={bytes_per_second} {out}{STOP}={} {} pacer --exact --quiet >/dev/null 2>&1",
            self.stop_file(name).display(),
            self.exe.display()
        )
    }

    fn stop_file(&self, name: &str) -> PathBuf {
        self.dir.join(format!("stop_{name}"))
    }
}

/// One device definition: the file plugin over the null device, piping to `pipe`. The `|IOID…` suffix of the
/// hint's description gives the device a direction in ALSA's device list, as sound cards have.
fn definition(pcm: &str, description: &str, pipe: &str, extra: &str) -> String {
    format!(
        "pcm.{pcm} {{\n  type file\n  slave.pcm {{ type null }}\n  file \"{pipe}\"\n  {extra}\n  format \"raw\"\n  \
         hint {{ show on; description \"{description}\" }}\n}}\n"
    )
}

/// Writes [`TONE_SECONDS`] of a half-scale sine at `hz` as 48 kHz mono f32.
fn write_tone(path: &Path, hz: f64) {
    let bytes: Vec<u8> = (0..FILE_RATE * TONE_SECONDS)
        .flat_map(|n| {
            let value = 0.5 * (std::f64::consts::TAU * hz * f64::from(n) / f64::from(FILE_RATE)).sin();
            (value as f32).to_le_bytes()
        })
        .collect();
    std::fs::write(path, bytes).expect("write a microphone's tone");
}

//! The far end of a test device's pipe: reads what the ALSA `file` plugin writes at the device's byte rate, so
//! the stream runs at real time instead of as fast as the CPU allows, and appends it to the speaker's file. It
//! leaves when its stop file appears, breaking the pipe the way pulling a USB plug breaks a stream. It is this
//! same test binary, started by alsa-lib (`popen`) with the `pacer` test as filter and its orders in the
//! environment.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Bytes per second to read.
pub(super) const RATE: &str = "LOCUS_AUDIO_PACER_RATE";
/// Where to append what is read (unset: nowhere).
pub(super) const OUT: &str = "LOCUS_AUDIO_PACER_OUT";
/// Leave when this file exists.
pub(super) const STOP: &str = "LOCUS_AUDIO_PACER_STOP";

/// The `pacer` test of each device test binary: a pacer when started as one, else nothing.
pub fn pacer() {
    let Some(rate) = std::env::var(RATE).ok().and_then(|rate| rate.parse::<u64>().ok()) else { return };
    let stop = PathBuf::from(std::env::var_os(STOP).expect("pacer stop file"));
    let mut out = std::env::var_os(OUT)
        .map(|path| std::fs::OpenOptions::new().create(true).append(true).open(path).expect("open the speaker file"));
    let mut input = std::io::stdin().lock();
    let mut chunk = vec![0_u8; (rate / 100) as usize];
    let (start, mut total) = (Instant::now(), 0_u64);
    while !stop.exists() {
        let read = input.read(&mut chunk).expect("read from the ALSA file plugin");
        if read == 0 {
            return;
        }
        if let Some(out) = out.as_mut() {
            out.write_all(&chunk[..read]).expect("write the speaker file");
        }
        total += read as u64;
        let due = start + Duration::from_micros(total * 1_000_000 / rate);
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
    }
}

//! The audio devices through real ALSA, without sound hardware (`support/`): listing them, resolving a saved
//! choice, a microphone's tone arriving as 8 kHz frames, and frames played reaching the speaker.
// ALSA sandboxes: Linux only (macOS and Windows have no userspace device plugins to build test devices from).
#![cfg(target_os = "linux")]

#[allow(dead_code, unreachable_pub)]
mod support;

use std::time::Duration;

use locus_audio::{AudioIo, AudioOptions, AudioSettings, Direction, Resolution, list_devices};
use support::{BUILTIN, BUILTIN_TONE, HEADSET, HEADSET_TONE, Lab, Player, Speaker, rerun_in_sandbox, sandbox};
use support::{speaker_windows_with, wait_for_tone};

/// Not a test: the pacer processes of the sandbox devices (see `support/pacer.rs`).
#[test]
fn pacer() {
    support::pacer();
}

#[test]
fn the_sandbox_devices_are_listed_and_a_saved_name_resolves() {
    let Some(dir) = sandbox() else {
        return rerun_in_sandbox("the_sandbox_devices_are_listed_and_a_saved_name_resolves");
    };
    let lab = Lab::new(&dir);
    let devices = list_devices().expect("list the devices");
    let summary: Vec<_> = devices.iter().map(|d| (d.direction, d.id.as_str(), d.name.as_str(), d.is_default)).collect();
    assert_eq!(
        summary,
        [
            (Direction::Input, "alsa:default", BUILTIN, true),
            (Direction::Input, "alsa:locus_headset_mic", HEADSET, false),
            (Direction::Input, "alsa:locus_builtin_mic", BUILTIN, false),
            (Direction::Output, "alsa:default", BUILTIN, true),
            (Direction::Output, "alsa:locus_headset_speaker", HEADSET, false),
            (Direction::Output, "alsa:locus_builtin_speaker", BUILTIN, false),
        ]
    );

    // Saved by name (hand-written) and by id (what the settings screen stores).
    let saved = AudioSettings { input: Some(HEADSET.into()), output: Some("alsa:locus_headset_speaker".into()) };
    let Resolution::Chosen(mic) = saved.resolve(Direction::Input, &devices) else { panic!("the headset mic") };
    assert_eq!(mic.id, "alsa:locus_headset_mic", "the name picks the device of the right direction");
    let Resolution::Chosen(speaker) = saved.resolve(Direction::Output, &devices) else { panic!("the speaker") };
    assert_eq!(speaker.name, HEADSET);
    let json = serde_json::to_string(&saved).expect("serialize");
    assert_eq!(serde_json::from_str::<AudioSettings>(&json).expect("deserialize"), saved, "remembered as saved");

    // Unplugged, it is no longer listed and the saved choice resolves to the default, saying why.
    lab.plug_headset(false);
    let devices = list_devices().expect("list the devices again");
    assert!(devices.iter().all(|d| d.name != HEADSET), "alsa-lib re-read the changed configuration: {devices:?}");
    let resolution = saved.resolve(Direction::Input, &devices);
    let Resolution::Default(reason) = resolution else { panic!("the default, not {resolution:?}") };
    assert_eq!(reason.to_string(), format!("the chosen device {HEADSET:?} is not present"));
}

#[test]
fn the_microphone_tone_arrives_as_8_khz_frames() {
    let Some(dir) = sandbox() else { return rerun_in_sandbox("the_microphone_tone_arrives_as_8_khz_frames") };
    let _lab = Lab::new(&dir);
    let settings = AudioSettings { input: Some(HEADSET.into()), output: None };
    let io = AudioIo::open(&settings, AudioOptions::default()).expect("open the call's audio");
    let status = io.control.status();
    let input = status.input.expect("an input is open");
    assert_eq!((input.id.as_str(), input.is_chosen), ("alsa:locus_headset_mic", true));
    let output = status.output.expect("an output is open");
    assert_eq!((output.id.as_str(), output.name.as_str(), output.is_chosen), ("alsa:default", BUILTIN, false));

    // 48 kHz from the device (converted by ALSA's plug from the file's S16), 8 kHz frames out, the tone intact.
    wait_for_tone(&io.frames_in, HEADSET_TONE, BUILTIN_TONE, Duration::from_secs(5));
    // At the device's pace: about 50 frames a second once the plugin's pipe is full.
    let started = std::time::Instant::now();
    wait_for_tone(&io.frames_in, HEADSET_TONE, BUILTIN_TONE, Duration::from_secs(5));
    let more = (0..50).filter(|_| io.frames_in.recv_timeout(Duration::from_secs(2)).is_ok()).count();
    assert_eq!(more, 50, "frames keep coming");
    let elapsed = started.elapsed();
    assert!(elapsed > Duration::from_millis(700), "60 frames (1.2 s of audio) came in {elapsed:?}: not real time");
}

#[test]
fn frames_played_reach_the_speaker_with_the_tone() {
    let Some(dir) = sandbox() else { return rerun_in_sandbox("frames_played_reach_the_speaker_with_the_tone") };
    let lab = Lab::new(&dir);
    let settings = AudioSettings { input: None, output: Some("alsa:locus_headset_speaker".into()) };
    let io = AudioIo::open(&settings, AudioOptions::default()).expect("open the call's audio");
    assert_eq!(io.control.status().output.map(|o| o.name), Some(HEADSET.to_owned()));
    let AudioIo { sink, control, .. } = io;
    let player = Player::start(sink, 600.0);
    std::thread::sleep(Duration::from_millis(1_500));
    let sink = player.stop();
    drop(control);
    drop(sink);

    let played = lab.played(Speaker::Headset);
    let with_tone = speaker_windows_with(&played, 48_000, 600.0);
    assert!(with_tone >= 40, "{with_tone} of {} 20 ms windows carry the tone", played.len() / 960);
    let images = speaker_windows_with(&played, 48_000, 7_400.0);
    assert_eq!(images, 0, "no image of the 8 kHz sampling at 8 kHz - 600 Hz");
    assert_eq!(speaker_windows_with(&lab.played(Speaker::Builtin), 48_000, 600.0), 0, "the default played nothing");
}

//! Hot-plug through real ALSA, without sound hardware (`support/`): a chosen headset unplugged mid-call (gone
//! from the device list while its stream still runs: the periodic check notices), or failing mid-call (its
//! stream errors while it is still listed: the error callback notices), sends audio to the system default and
//! back to the headset when it works again; a chosen headset missing when the call starts is taken when it is
//! plugged in; and a new choice during the call is followed.
// ALSA sandboxes: Linux only (macOS and Windows have no userspace device plugins to build test devices from).
#![cfg(target_os = "linux")]

#[allow(dead_code, unreachable_pub)]
mod support;

use std::time::Duration;

use locus_audio::{AudioEvent, AudioIo, AudioOptions, AudioSettings, Direction, SwitchReason};
use support::{BUILTIN, BUILTIN_TONE, HEADSET, HEADSET_TONE, Lab, Player, Speaker, rerun_in_sandbox, sandbox};
use support::{speaker_windows_with, wait_for_event, wait_for_tone};

/// What the player plays into the call.
const PLAYED: f64 = 600.0;
const LONG: Duration = Duration::from_secs(10);

/// Not a test: the pacer processes of the sandbox devices (see `support/pacer.rs`).
#[test]
fn pacer() {
    support::pacer();
}

fn headset_for_both() -> AudioSettings {
    AudioSettings { input: Some(HEADSET.into()), output: Some(HEADSET.into()) }
}

/// Waits until both directions switched for `reason`; returns every event until then.
fn wait_for_switches(events: &std::sync::mpsc::Receiver<AudioEvent>, reason: SwitchReason) -> Vec<AudioEvent> {
    let mut seen = Vec::new();
    for direction in [Direction::Input, Direction::Output] {
        if seen.iter().any(|e| is_switch(e, direction, reason)) {
            continue;
        }
        let (event, before) = wait_for_event(events, LONG, |e| is_switch(e, direction, reason));
        seen.extend(before);
        seen.push(event);
    }
    seen
}

fn is_switch(event: &AudioEvent, direction: Direction, reason: SwitchReason) -> bool {
    matches!(event, AudioEvent::SwitchedTo { direction: d, reason: r, .. } if *d == direction && *r == reason)
}

/// The `DeviceLost` reasons for the headset in `events`, per direction.
fn headset_lost(events: &[AudioEvent], direction: Direction) -> Vec<String> {
    events
        .iter()
        .filter_map(|event| match event {
            AudioEvent::DeviceLost { direction: d, device, reason } if *d == direction && device.name == HEADSET => {
                Some(reason.clone())
            }
            _ => None,
        })
        .collect()
}

/// Where the switches of `events` went, per direction (the last one wins).
fn switched_to(events: &[AudioEvent], direction: Direction) -> Option<(String, bool)> {
    events.iter().rev().find_map(|event| match event {
        AudioEvent::SwitchedTo { direction: d, device, .. } if *d == direction => {
            Some((device.name.clone(), device.is_chosen))
        }
        _ => None,
    })
}

/// Lets the player run `time` and returns how many more 20 ms windows of the tone `speaker` played.
fn tone_played_during(lab: &Lab, speaker: Speaker, time: Duration) -> usize {
    let before = speaker_windows_with(&lab.played(speaker), 48_000, PLAYED);
    std::thread::sleep(time);
    speaker_windows_with(&lab.played(speaker), 48_000, PLAYED) - before
}

#[test]
fn a_headset_gone_from_the_list_falls_back_to_the_default_and_comes_back() {
    let Some(dir) = sandbox() else {
        return rerun_in_sandbox("a_headset_gone_from_the_list_falls_back_to_the_default_and_comes_back");
    };
    let lab = Lab::new(&dir);
    let options = AudioOptions { check_every: Duration::from_millis(200), ..AudioOptions::default() };
    let AudioIo { frames_in, sink, events, control } = AudioIo::open(&headset_for_both(), options).expect("open");
    let player = Player::start(sink, PLAYED);
    wait_for_tone(&frames_in, HEADSET_TONE, BUILTIN_TONE, LONG);
    assert!(tone_played_during(&lab, Speaker::Headset, Duration::from_secs(1)) >= 25, "the headset plays the call");

    // Unplugged: its streams keep running inside ALSA (nothing errors), but it is no longer listed.
    lab.plug_headset(false);
    let seen = wait_for_switches(&events, SwitchReason::Fallback);
    for direction in [Direction::Input, Direction::Output] {
        assert_eq!(headset_lost(&seen, direction), ["the device is no longer listed"], "{direction}: {seen:#?}");
        assert_eq!(switched_to(&seen, direction), Some((BUILTIN.to_owned(), false)), "{direction}");
    }
    let status = control.status();
    assert_eq!(status.input.map(|d| d.id), Some("alsa:default".to_owned()));
    wait_for_tone(&frames_in, BUILTIN_TONE, HEADSET_TONE, LONG);
    assert!(tone_played_during(&lab, Speaker::Builtin, Duration::from_secs(1)) >= 25, "the default plays on");

    // Plugged back in: audio returns to it.
    lab.plug_headset(true);
    let seen = wait_for_switches(&events, SwitchReason::ChosenBack);
    for direction in [Direction::Input, Direction::Output] {
        assert_eq!(switched_to(&seen, direction), Some((HEADSET.to_owned(), true)), "{direction}: {seen:#?}");
    }
    wait_for_tone(&frames_in, HEADSET_TONE, BUILTIN_TONE, LONG);
    assert!(tone_played_during(&lab, Speaker::Headset, Duration::from_secs(1)) >= 25, "the headset plays again");
    drop(player.stop());
}

#[test]
fn a_headset_failing_mid_call_is_reported_lost_and_the_default_takes_over_until_it_works() {
    let Some(dir) = sandbox() else {
        return rerun_in_sandbox(
            "a_headset_failing_mid_call_is_reported_lost_and_the_default_takes_over_until_it_works",
        );
    };
    let lab = Lab::new(&dir);
    let options = AudioOptions { check_every: Duration::from_millis(300), hold_failing_for: Duration::from_secs(2) };
    let AudioIo { frames_in, sink, events, control: _control } =
        AudioIo::open(&headset_for_both(), options).expect("open");
    let player = Player::start(sink, PLAYED);
    wait_for_tone(&frames_in, HEADSET_TONE, BUILTIN_TONE, LONG);

    // Its streams fail (and fail again when reopened) while it stays listed: only the stream errors tell.
    lab.break_headset(true);
    let seen = wait_for_switches(&events, SwitchReason::Fallback);
    for direction in [Direction::Input, Direction::Output] {
        let reasons = headset_lost(&seen, direction);
        assert!(!reasons.is_empty(), "{direction}: the headset is reported lost: {seen:#?}");
        assert!(
            reasons.iter().all(|reason| reason != "the device is no longer listed"),
            "{direction}: lost through its stream error, not the list: {reasons:?}"
        );
        assert_eq!(switched_to(&seen, direction), Some((BUILTIN.to_owned(), false)), "{direction}");
    }
    wait_for_tone(&frames_in, BUILTIN_TONE, HEADSET_TONE, LONG);
    assert!(tone_played_during(&lab, Speaker::Builtin, Duration::from_secs(1)) >= 25, "the default plays on");

    // Working again: after the hold, the next check takes it back.
    lab.break_headset(false);
    let seen = wait_for_switches(&events, SwitchReason::ChosenBack);
    for direction in [Direction::Input, Direction::Output] {
        assert_eq!(switched_to(&seen, direction), Some((HEADSET.to_owned(), true)), "{direction}: {seen:#?}");
    }
    wait_for_tone(&frames_in, HEADSET_TONE, BUILTIN_TONE, LONG);
    assert!(tone_played_during(&lab, Speaker::Headset, Duration::from_secs(1)) >= 25, "the headset plays again");
    drop(player.stop());
}

#[test]
fn a_missing_headset_is_taken_when_plugged_in_and_a_new_choice_is_followed() {
    let Some(dir) = sandbox() else {
        return rerun_in_sandbox("a_missing_headset_is_taken_when_plugged_in_and_a_new_choice_is_followed");
    };
    let lab = Lab::new(&dir);
    lab.plug_headset(false);
    let options = AudioOptions { check_every: Duration::from_millis(200), ..AudioOptions::default() };
    let settings = AudioSettings { input: Some(HEADSET.into()), output: None };
    let AudioIo { frames_in, events, control, .. } = AudioIo::open(&settings, options).expect("open");
    let input = control.status().input.expect("an input");
    assert_eq!((input.name.as_str(), input.is_chosen), (BUILTIN, false), "the default while the headset is missing");
    wait_for_tone(&frames_in, BUILTIN_TONE, HEADSET_TONE, LONG);

    lab.plug_headset(true);
    let (event, _) = wait_for_event(&events, LONG, |e| is_switch(e, Direction::Input, SwitchReason::ChosenBack));
    assert!(matches!(event, AudioEvent::SwitchedTo { device, .. } if device.id == "alsa:locus_headset_mic"));
    wait_for_tone(&frames_in, HEADSET_TONE, BUILTIN_TONE, LONG);

    // The person picks the built-in microphone during the call.
    control.choose(AudioSettings { input: Some("alsa:locus_builtin_mic".into()), output: None });
    let (event, _) = wait_for_event(&events, LONG, |e| is_switch(e, Direction::Input, SwitchReason::NewChoice));
    assert!(matches!(event, AudioEvent::SwitchedTo { device, .. } if device.id == "alsa:locus_builtin_mic"));
    wait_for_tone(&frames_in, BUILTIN_TONE, HEADSET_TONE, LONG);
    assert!(control.status().output.is_some_and(|output| !output.is_chosen), "the output stayed on the default");
}

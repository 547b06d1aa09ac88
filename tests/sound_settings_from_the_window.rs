//! The Sound settings behind the window, on the real service and a real config file: choosing a microphone and a
//! speaker saves them in config.json and a service opened afterwards uses them; a chosen device that is not
//! connected is named with what calls use instead; a config.json with its own errors is not overwritten (S6);
//! and a policy that locks the setting refuses the change. (The device list itself is the audio crate's, tested
//! there against ALSA devices made for the test; this machine has no sound card.)

use locus_core::{AudioConfig, ErrorCode, HeadlessHost, LocusPaths, LocusService, SystemSource};
use std::sync::Arc;

async fn open(paths: &LocusPaths) -> Arc<LocusService> {
    LocusService::open(paths.clone(), Arc::new(SystemSource::default()), Arc::new(HeadlessHost::default()))
        .await
        .expect("service")
}

#[tokio::test]
async fn a_choice_is_saved_used_after_a_restart_and_explained_while_unplugged() {
    let home = tempfile::tempdir().expect("home");
    let paths = LocusPaths::under(home.path());
    let service = open(&paths).await;
    assert_eq!(service.audio_devices().await.expect("devices").chosen, AudioConfig::default());

    let choice = AudioConfig { input: Some("usb-headset-mic".into()), output: Some("usb-headset".into()) };
    let view = service.choose_audio_devices(choice.clone()).await.expect("saved");
    assert_eq!(view.chosen, choice);
    let note = view.input_note.expect("the headset is not connected here");
    assert!(note.contains("usb-headset-mic") && note.contains("system default"), "{note}");

    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(paths.config_file()).expect("config.json")).expect("JSON");
    assert_eq!(saved["audio"]["input"], "usb-headset-mic");
    drop(service);
    let reopened = open(&paths).await;
    assert_eq!(reopened.audio_devices().await.expect("devices").chosen, choice, "the choice survives a restart");

    // Back to the defaults: empty ids are the system default.
    let defaults = AudioConfig { input: Some(" ".into()), output: None };
    assert_eq!(reopened.choose_audio_devices(defaults).await.expect("saved").chosen, AudioConfig::default());
}

#[tokio::test]
async fn a_broken_config_file_is_left_for_the_person_to_fix_and_nothing_is_saved() {
    let home = tempfile::tempdir().expect("home");
    let paths = LocusPaths::under(home.path());
    std::fs::create_dir_all(paths.config_file().parent().expect("dir")).expect("config dir");
    let broken = r#"{"network": {"refresh_seconds": 0}}"#;
    std::fs::write(paths.config_file(), broken).expect("write");
    let service = open(&paths).await;
    let err = service
        .choose_audio_devices(AudioConfig { input: Some("usb-headset-mic".into()), output: None })
        .await
        .expect_err("refused");
    assert_eq!(err.code(), ErrorCode::ConfigInvalid);
    assert!(err.to_string().contains("network.refresh_seconds"), "{err}");
    assert_eq!(std::fs::read_to_string(paths.config_file()).expect("file"), broken, "untouched");
    assert_eq!(service.audio_devices().await.expect("devices").chosen, AudioConfig::default());
}

#[tokio::test]
async fn a_policy_that_sets_the_devices_refuses_a_change() {
    let home = tempfile::tempdir().expect("home");
    let paths = LocusPaths::under(home.path());
    std::fs::create_dir_all(paths.policy_file.parent().expect("dir")).expect("policy dir");
    std::fs::write(&paths.policy_file, r#"{"locked_settings": ["audio.output"]}"#).expect("policy");
    let service = open(&paths).await;
    let err = service
        .choose_audio_devices(AudioConfig { input: None, output: Some("usb-headset".into()) })
        .await
        .expect_err("locked");
    assert_eq!(err.code(), ErrorCode::ReadOnly);
    assert!(err.to_string().contains("audio.output"), "{err}");
    assert!(!paths.config_file().exists(), "nothing written");
}

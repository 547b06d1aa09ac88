//! Shared helpers for the black-box tests in `tests/`: network namespaces (`lab`), the desktop app driven
//! through tauri-driver under Xvfb (`desktop`), locating the binaries under test (`binaries`), and real SIP peers
//! on loopback (`kamailio`, `sipp`, `baresip`), test tones (`audio`) and a real-time headless microphone and speaker (`paced_audio`) and RTP captures for SIPp to play (`pcap`), a sandboxed OS keychain (`keychain`), a CA made at test time (`test_ca`), a recording relay posing as an outbound proxy (`relay`), the SIP side of `locusctl`
//! (`sip_cli`), a webhook receiver for Kari's Law notifications (`webhook`), and a StatusNotifier tray host on
//! the app's session bus (`tray`).
#![allow(dead_code, unreachable_pub)]

pub mod audio;
pub mod baresip;
pub mod binaries;
pub mod desktop;
pub mod kamailio;
pub mod keychain;
pub mod lab;
pub mod locusctl;
pub mod paced_audio;
pub mod pcap;
pub mod relay;
pub mod sip_account;
pub mod sip_cli;
pub mod sipp;
pub mod sipp_caller;
pub mod test_ca;
pub mod tray;
pub mod webhook;

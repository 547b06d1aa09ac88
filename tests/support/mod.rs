//! Shared helpers for the black-box tests in `tests/`: network namespaces (`lab`), the desktop app driven
//! through tauri-driver under Xvfb (`desktop`), and locating the binaries under test (`binaries`).
#![allow(dead_code, unreachable_pub)]

pub mod binaries;
pub mod desktop;
pub mod lab;
pub mod locusctl;

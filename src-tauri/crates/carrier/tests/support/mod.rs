//! Shared pieces of the carrier contract tests: a real loopback HTTP server, a fake VoIP.ms built on it, the
//! addresses and carrier records the tests use, and a sleeper that records the back-off instead of waiting.
#![allow(dead_code)] // each test binary uses a different part

pub(crate) mod fixtures;
pub(crate) mod server;
pub(crate) mod voipms;

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::Duration;

use locus_carrier::Sleeper;

/// Returns at once and remembers every wait it was asked for.
#[derive(Debug, Default)]
pub(crate) struct RecordingSleeper {
    slept: Mutex<Vec<Duration>>,
}

impl RecordingSleeper {
    pub(crate) fn slept(&self) -> Vec<Duration> {
        self.slept.lock().expect("slept").clone()
    }
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        self.slept.lock().expect("slept").push(duration);
        Box::pin(async {})
    }
}

//! Shared pieces of the notifier tests: a notice from the Chicago office (the fixtures of `tests/common`), the
//! recording desktop notifier (the only stand-in; desktop notifications are tested in the shell), a sleeper that
//! records the back-off instead of waiting, an outcome recorder, and real loopback servers (HTTP webhook
//! receiver, SMTP relay with STARTTLS).
#![allow(dead_code, unreachable_pub)]

#[path = "../common/mod.rs"]
pub mod common;
pub mod http;
pub mod smtp;
pub mod tls;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use locus_emergency::ConveyedBy;
use locus_emergency::notifier::{
    BoxFuture, DeliveryOutcome, DesktopNotifier, EmergencyNotice, NoticeLocation, Sleeper,
};
use locus_location::matcher::HowObtained;
use time::macros::datetime;

/// The office's E911 DID, the callback number of every notice here.
pub const CALLBACK_DID: &str = common::OFFICE_DID;
/// The office as one line, as every channel must show it.
pub const OFFICE_LINE: &str = "233 N Wacker Dr, Floor 12, Unit 1200, Chicago, IL 60606, US";
pub const WEBHOOK_SECRET: &str = "webhook-signing-secret-9f2c";
pub const SMTP_PASSWORD: &str = "smtp-password-7d41";

pub fn notice() -> EmergencyNotice {
    EmergencyNotice {
        dialed: "911".into(),
        call_id: "call-7f3a@locus".into(),
        caller_name: "Dana Reyes".into(),
        callback_did: CALLBACK_DID.into(),
        location: Some(NoticeLocation {
            address: common::office(),
            how_obtained: Some(HowObtained::Wiremap),
            conveyed_by: ConveyedBy::ByValue,
        }),
        at: datetime!(2025-03-01 18:00:05 UTC),
        machine: "dana-laptop".into(),
        not_placed: None,
    }
}

/// Records what it was asked to show; never fails.
#[derive(Debug, Default)]
pub struct RecordingDesktop {
    pub shown: Mutex<Vec<(String, String)>>,
}

impl DesktopNotifier for RecordingDesktop {
    fn show<'a>(&'a self, title: &'a str, body: &'a str) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            self.shown.lock().expect("lock").push((title.to_owned(), body.to_owned()));
            Ok(())
        })
    }
}

/// Records each back-off delay and returns at once.
#[derive(Debug, Default)]
pub struct RecordingSleeper {
    pub delays: Mutex<Vec<Duration>>,
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, delay: Duration) -> BoxFuture<'_, ()> {
        self.delays.lock().expect("lock").push(delay);
        Box::pin(tokio::task::yield_now())
    }
}

/// Every outcome with the moment it was reported.
#[derive(Debug, Clone, Default)]
pub struct Outcomes(Arc<Mutex<Vec<(Instant, DeliveryOutcome)>>>);

impl Outcomes {
    pub fn recorder(&self) -> impl Fn(DeliveryOutcome) + Send + Sync + use<> {
        let list = Arc::clone(&self.0);
        move |outcome| list.lock().expect("lock").push((Instant::now(), outcome))
    }

    pub fn all(&self) -> Vec<DeliveryOutcome> {
        self.0.lock().expect("lock").iter().map(|(_, o)| o.clone()).collect()
    }

    pub fn timed(&self) -> Vec<(Instant, DeliveryOutcome)> {
        self.0.lock().expect("lock").clone()
    }

    pub fn of(&self, channel: &str) -> Vec<DeliveryOutcome> {
        self.all().into_iter().filter(|o| o.channel.as_str() == channel).collect()
    }
}

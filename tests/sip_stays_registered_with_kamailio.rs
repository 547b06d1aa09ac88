//! Staying registered against a real Kamailio on loopback: the binding is refreshed before it expires (Kamailio
//! grants 4 s here), a network change starts a fresh registration at once, a wrong password is retried with
//! back-off and every failure is preceded by its `Registering` attempt, and stopping removes the binding.

mod support;

use locus_sip::{Account, RegisterOptions, RegistrationState, Transport, keep_registered};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::sip_account::loopback_account;

fn account(port: u16) -> Account {
    loopback_account(port, Transport::Udp)
}

type States = Arc<Mutex<Vec<RegistrationState>>>;

fn recorder() -> (States, impl FnMut(RegistrationState) + Send + 'static) {
    let states = States::default();
    let sink = Arc::clone(&states);
    (states, move |state| sink.lock().expect("states").push(state))
}

async fn wait_until(what: &str, timeout: Duration, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + timeout;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out after {timeout:?} waiting until {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn registrations(kamailio: &Kamailio) -> usize {
    kamailio.register_lines().iter().filter(|l| l.contains("LOCUS-TEST REGISTERED")).count()
}

fn options() -> RegisterOptions {
    RegisterOptions { bind: None, timeout: Duration::from_secs(3), keep_alive: None }
}

#[tokio::test]
async fn a_binding_is_refreshed_before_it_expires_and_renewed_after_a_network_change() {
    let kamailio = Kamailio::start_with(Digest::Md5, &["SHORT_EXPIRES"]);
    let (states, on_state) = recorder();
    let handle = keep_registered(account(kamailio.port), PASSWORD.into(), options(), on_state);

    wait_until("three registrations (two refreshes)", Duration::from_secs(12), || registrations(&kamailio) >= 3).await;
    {
        let seen = states.lock().expect("states");
        assert_eq!(seen.first(), Some(&RegistrationState::Registering), "{seen:?}");
        let granted: Vec<u32> = seen
            .iter()
            .filter_map(|s| if let RegistrationState::Registered(r) = s { Some(r.expires) } else { None })
            .collect();
        assert!(granted.len() >= 3 && granted.iter().all(|e| *e == 4), "refreshes of a 4 s binding: {seen:?}");
        assert_eq!(seen.iter().filter(|s| **s == RegistrationState::Registering).count(), 1, "refreshes are quiet");
    }

    // The network changed: a new attempt, announced, right away (not at the next refresh).
    let before = registrations(&kamailio);
    let changed_at = Instant::now();
    handle.register_again();
    wait_until("a registration after the network change", Duration::from_secs(2), || registrations(&kamailio) > before)
        .await;
    assert!(changed_at.elapsed() < Duration::from_secs(2));
    assert_eq!(states.lock().expect("states").iter().filter(|s| **s == RegistrationState::Registering).count(), 2);

    handle.stop().await;
    assert!(kamailio.register_lines().iter().any(|l| l.contains("expires=[0]")), "stopping removes the binding");
}

#[tokio::test]
async fn a_wrong_password_is_retried_with_back_off_and_each_failure_follows_its_attempt() {
    let kamailio = Kamailio::start(Digest::Md5);
    let (states, on_state) = recorder();
    let handle = keep_registered(account(kamailio.port), "wrong".into(), options(), on_state);
    wait_until("two failures", Duration::from_secs(8), || {
        states.lock().expect("states").iter().filter(|s| matches!(s, RegistrationState::Failed { .. })).count() >= 2
    })
    .await;
    drop(handle);
    let seen = states.lock().expect("states").clone();
    let mut expected_retry = 2;
    for pair in seen.chunks(2).take(2) {
        assert_eq!(pair[0], RegistrationState::Registering, "{seen:?}");
        match &pair[1] {
            RegistrationState::Failed { code, message, retry_in } => {
                assert_eq!(*code, "wrong_password");
                assert!(message.contains("refused the user name or password"), "{message}");
                assert_eq!(retry_in.as_secs(), expected_retry, "{seen:?}");
                expected_retry *= 2;
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }
}

//! Keep-alives while registered (RFC 5626 §3.5.1 CRLF pings), seen by a recording relay posing as the account's
//! outbound proxy in front of a real Kamailio: over UDP they leave from the very socket the REGISTERs use (so they
//! hold the same NAT binding open); over TCP they travel on the REGISTER's connection and Kamailio answers each
//! with its single-CRLF pong. They stop when the registration does.

mod support;

use locus_sip::{Account, RegisterOptions, RegistrationState, Transport, keep_registered};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::relay::{Direction, Relay};
use support::sip_account::loopback_account;

const PING: &[u8] = b"\r\n\r\n";

fn account(kamailio: &Kamailio, relay: &Relay, transport: Transport) -> Account {
    Account { outbound_proxy: relay.address.to_string(), ..loopback_account(kamailio.port, transport) }
}

fn options() -> RegisterOptions {
    RegisterOptions { bind: None, timeout: Duration::from_secs(3), keep_alive: Some(Duration::from_millis(300)) }
}

async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Where Locus's REGISTERs came from, as the relay saw them.
fn register_sources(relay: &Relay) -> Vec<SocketAddr> {
    let seen = relay.seen();
    let registers = seen.iter().filter(|s| s.direction == Direction::Up && s.bytes.starts_with(b"REGISTER "));
    registers.map(|s| s.client).collect()
}

async fn keep_alives_flow_while_registered(transport: Transport, relay: Relay, kamailio: &Kamailio) -> Relay {
    let registered = Arc::new(Mutex::new(false));
    let flag = Arc::clone(&registered);
    let handle = keep_registered(account(kamailio, &relay, transport), PASSWORD.into(), options(), move |state| {
        if matches!(state, RegistrationState::Registered(_)) {
            *flag.lock().expect("flag") = true;
        }
    });
    wait_until("registered through the relay", || *registered.lock().expect("flag")).await;
    wait_until("three keep-alives", || relay.exactly(Direction::Up, PING).len() >= 3).await;

    let sources = register_sources(&relay);
    assert!(!sources.is_empty(), "the REGISTERs went through the relay");
    for ping in relay.exactly(Direction::Up, PING) {
        assert_eq!(ping.client, sources[0], "{transport:?}: keep-alives share the REGISTER's socket or connection");
    }

    handle.stop().await;
    let after_stop = relay.exactly(Direction::Up, PING).len();
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(relay.exactly(Direction::Up, PING).len(), after_stop, "{transport:?}: no keep-alives once stopped");
    relay
}

#[tokio::test]
async fn udp_keep_alives_leave_from_the_registered_socket() {
    let kamailio = Kamailio::start(Digest::Md5);
    let relay = Relay::udp(SocketAddr::from(([127, 0, 0, 1], kamailio.port))).await;
    keep_alives_flow_while_registered(Transport::Udp, relay, &kamailio).await;
}

#[tokio::test]
async fn tcp_keep_alives_ride_the_registered_connection_and_are_answered() {
    let kamailio = Kamailio::start(Digest::Md5);
    let relay = Relay::tcp(SocketAddr::from(([127, 0, 0, 1], kamailio.port))).await;
    let relay = keep_alives_flow_while_registered(Transport::Tcp, relay, &kamailio).await;
    assert!(!relay.exactly(Direction::Down, b"\r\n").is_empty(), "Kamailio answered a ping with its pong");
}

//! Re-registration after the laptop moves (issue #6): `locusctl register --watch` runs in a real laptop network
//! namespace, with its password in a real keychain and a real Kamailio; moving the laptop's default route to
//! another gateway is a `NetworkChanged`, and the account registers again at once — announced as `Registering`
//! and confirmed by `RegisterOk` — instead of waiting for the next refresh (minutes away here).

mod support;

use std::time::{Duration, Instant};
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::keychain::{Bus, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring};
use support::lab::{self, Lab};
use support::sip_cli::{RegisterWatch, add_account, text};

const TEST: &str = "moving_to_another_gateway_registers_again_at_once";

#[test]
fn moving_to_another_gateway_registers_again_at_once() {
    if !lab::inside_laptop() {
        let mut lab = Lab::new("sipmove");
        let office = lab.add_gateway("10.209.1", "02:00:5e:51:90:01");
        let elsewhere = lab.add_gateway("10.209.2", "02:00:5e:51:90:02");
        lab.move_to(&office);
        lab.warm_neighbour_cache(&office);
        let route = format!("default via {} dev {}", elsewhere.ip, elsewhere.laptop_if);
        return lab.rerun_test_inside(TEST, &[("LOCUS_TEST_LAPTOP", lab.laptop()), ("LOCUS_TEST_OTHER_ROUTE", &route)]);
    }
    // Inside the laptop namespace: now into a keychain sandbox (a private D-Bus session), still in the namespace.
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(TEST, Bus::PrivateSessionWithGnomeKeyring);
    };
    start_unlocked_gnome_keyring();
    let kamailio = Kamailio::start(Digest::Md5);
    let added = add_account("work", kamailio.port, PASSWORD);
    assert!(added.status.success(), "{}", text(&added));

    let watch = RegisterWatch::start();
    watch.until(Duration::from_secs(15), |seen| RegisterWatch::count(seen, "RegisterOk", "work") >= 1);
    // Settled: nothing more until the refresh, minutes away.
    assert!(watch.next(Duration::from_secs(1)).is_none(), "no events while nothing changes");

    let laptop = std::env::var("LOCUS_TEST_LAPTOP").expect("laptop namespace");
    let route = std::env::var("LOCUS_TEST_OTHER_ROUTE").expect("route");
    let moved_at = Instant::now();
    let mut args = vec!["-n", laptop.as_str(), "route", "replace"];
    args.extend(route.split_whitespace());
    lab::ip(&args);
    let seen = watch.until(Duration::from_secs(10), |seen| RegisterWatch::count(seen, "RegisterOk", "work") >= 1);
    println!("route change → registered again: {:?}", moved_at.elapsed());
    let kinds: Vec<&str> = seen.iter().map(|(kind, _, _)| kind.as_str()).collect();
    assert_eq!(kinds, ["Registering", "RegisterOk"], "a new registration, announced: {seen:?}");
    assert!(moved_at.elapsed() < Duration::from_secs(5), "at once, not at the next refresh");
    watch.interrupt();
}

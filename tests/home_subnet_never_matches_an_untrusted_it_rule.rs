//! Invariant S2 in real network namespaces: a home network whose subnet equals an IT subnet rule is NOT
//! resolved to the IT location when the public IP is not trusted — while the office network, identified by its
//! gateway MAC, is (the positive control that shows the IT rules are loaded and used); and the same subnet does
//! resolve once a STUN server (in the gateway namespace) reports a public IP inside the trusted range — unless a
//! VPN is up, when the public IP may be the tunnel's exit and is not trusted.

mod support;

use locus_location::civic::CivicAddress;
use locus_location::matcher::{NetworkRule, RuleKind};
use locus_location::{Places, Store};
use support::lab::{Lab, ip};
use support::locusctl::json_in_laptop;

fn load_it_map(home: &std::path::Path) {
    let hq = CivicAddress {
        country: "US".into(),
        a1: "NY".into(),
        a3: "New York".into(),
        hno: "100".into(),
        rd: "Broadway".into(),
        pc: "10005".into(),
        multi_storey: true,
        flr: "12".into(),
        ..CivicAddress::default()
    };
    let rule = |kind, value: &str| NetworkRule::from_it_map(kind, value, "hq-12");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let store = Store::open(&home.join("data/locus.db")).await.expect("store");
        Places::new(store)
            .replace_it_map(
                &[("hq-12".into(), "HQ floor 12".into(), hq)],
                &[rule(RuleKind::Subnet, "10.205.1.0/24"), rule(RuleKind::GatewayMac, "02:00:5e:0f:f1:c0")],
                &["203.0.113.0/24".into()],
                serde_json::json!({"test": "it map"}),
                time::OffsetDateTime::now_utc(),
            )
            .await
            .expect("apply IT map");
    });
}

#[test]
fn a_home_subnet_equal_to_an_it_subnet_rule_is_not_the_office() {
    let mut lab = Lab::new("s2");
    // Home router: same subnet as the IT rule, different MAC, public IP unknown/untrusted.
    let home_gw = lab.add_gateway("10.205.1", "02:00:5e:00:00:99");
    let office_gw = lab.add_gateway("10.205.2", "02:00:5e:0f:f1:c0");
    let home = tempfile::tempdir().expect("LOCUS_HOME");
    lab.move_to(&home_gw);
    lab.warm_neighbour_cache(&home_gw);
    json_in_laptop(&lab, home.path(), &["status", "--json"]); // creates the database
    load_it_map(home.path());

    let at_home = json_in_laptop(&lab, home.path(), &["locate", "--json"]);
    assert_eq!(at_home["state"], "confirm_required", "S2 broken: {at_home}");
    assert_ne!(at_home["location"]["id"], "hq-12");
    let subnet = at_home["evidence"].as_array().expect("evidence").iter().find(|e| e["kind"] == "subnet").cloned();
    assert_eq!(subnet.expect("the subnet rule matched")["verdict"], "ignored_untrusted");

    lab.move_to(&office_gw);
    lab.warm_neighbour_cache(&office_gw);
    let at_office = json_in_laptop(&lab, home.path(), &["locate", "--json"]);
    assert_eq!(at_office["state"], "resolved", "{at_office}");
    assert_eq!(at_office["location"]["id"], "hq-12");
    assert_eq!(at_office["how_obtained"], "wiremap");
}

/// A one-shot STUN responder in `namespace` on `ip:3478` that reports `claimed` as our public address.
fn stun_responder(namespace: &str, ip: &str, claimed: &str) -> std::process::Child {
    let script = format!(
        r#"
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("{ip}", 3478))
print("ready", flush=True)
for _ in range(8):
    data, peer = s.recvfrom(512)
    tid = data[8:20]
    cookie = 0x2112A442
    addr = bytes(b ^ c for b, c in zip(socket.inet_aton("{claimed}"), struct.pack("!I", cookie)))
    value = struct.pack("!BBH", 0, 1, peer[1] ^ (cookie >> 16)) + addr
    attr = struct.pack("!HH", 0x0020, len(value)) + value
    s.sendto(struct.pack("!HHI", 0x0101, len(attr), cookie) + tid + attr, peer)
"#
    );
    let mut child = std::process::Command::new("ip")
        .args(["netns", "exec", namespace, "python3", "-c", &script])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the STUN responder (python3)");
    let mut ready = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.as_mut().expect("stdout")), &mut ready)
        .expect("STUN responder output");
    assert_eq!(ready.trim(), "ready");
    child
}

/// Runs `locusctl locate --json` in a lab on the IT rule's subnet, behind a home router whose STUN server says
/// our public IP is 203.0.113.10, inside the IT map's trusted range; with `vpn_up`, a VPN tunnel is up too.
fn locate_behind_a_trusted_public_ip(purpose: &str, mac: &str, vpn_up: bool) -> serde_json::Value {
    let mut lab = Lab::new(purpose);
    let home_gw = lab.add_gateway("10.205.1", mac);
    lab.move_to(&home_gw);
    lab.warm_neighbour_cache(&home_gw);
    if vpn_up {
        // A split tunnel: the default route and the STUN server stay on the physical network, as a lookup
        // routed into a company tunnel would come back with the company's (trusted) exit address.
        let ns = lab.laptop().to_owned();
        ip(&["-n", &ns, "tuntap", "add", "dev", "tun9", "mode", "tun"]);
        ip(&["-n", &ns, "addr", "add", "10.8.9.2/24", "dev", "tun9"]);
        ip(&["-n", &ns, "link", "set", "tun9", "up"]);
    }
    let home = tempfile::tempdir().expect("LOCUS_HOME");
    std::fs::create_dir_all(home.path().join("config")).expect("config dir");
    let stun = format!("{}:3478", home_gw.ip);
    std::fs::write(home.path().join("config/config.json"), format!(r#"{{"network": {{"public_ip_stun": "{stun}"}}}}"#))
        .expect("config");
    json_in_laptop(&lab, home.path(), &["status", "--json"]);
    load_it_map(home.path());

    let mut responder = stun_responder(&home_gw.namespace, &home_gw.ip, "203.0.113.10");
    let located = json_in_laptop(&lab, home.path(), &["locate", "--json"]);
    let _ = responder.kill();
    let _ = responder.wait();
    let logs: String = std::fs::read_dir(home.path().join("logs"))
        .map(|d| d.flatten().map(|e| std::fs::read_to_string(e.path()).unwrap_or_default()).collect())
        .unwrap_or_default();
    println!("locate: {located}\nlogs:\n{logs}");
    located
}

fn subnet_verdict(located: &serde_json::Value) -> serde_json::Value {
    let evidence = located["evidence"].as_array().expect("evidence");
    evidence.iter().find(|e| e["kind"] == "subnet").expect("the subnet rule matched")["verdict"].clone()
}

#[test]
fn the_same_subnet_resolves_once_the_public_ip_is_trusted() {
    let located = locate_behind_a_trusted_public_ip("s2t", "02:00:5e:00:00:98", false);
    assert_eq!(located["state"], "resolved", "{located}");
    assert_eq!(located["location"]["id"], "hq-12");
    assert_eq!(located["confidence"], "medium", "a subnet rule is never high confidence");
    assert_eq!(subnet_verdict(&located), "chosen");
}

#[test]
fn with_a_vpn_up_a_trusted_public_ip_does_not_open_the_subnet_rule() {
    // The public IP may be the tunnel's exit, not this network's: never trust-gate on a tunnel.
    let located = locate_behind_a_trusted_public_ip("s2v", "02:00:5e:00:00:97", true);
    assert_eq!(located["state"], "confirm_required", "S2 broken behind a VPN: {located}");
    assert_ne!(located["location"]["id"], "hq-12");
    assert_eq!(subnet_verdict(&located), "ignored_untrusted");
}

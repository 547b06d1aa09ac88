//! Scale benchmark for IT maps (issue target: 100,000 sites and 1,000,000 rules verify and apply in under 10 s
//! with under 500 MB RSS). Setup, not measured: generate such a map, sign it, and write a policy pinning the
//! key. Measured: a fresh `locusctl map apply` process — signature check, parse, validation, one SQLite
//! transaction, re-resolving the network — its wall time and peak RSS (VmHWM, sampled every 20 ms from /proc).
//! Run with `cargo bench -p locus-cli --bench map_apply_scale`.

use serde_json::json;
use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

const SITES: usize = 100_000;
const RULES_PER_SITE: usize = 10;

fn mac(n: usize, kind: u8) -> String {
    let b = (n as u64).to_be_bytes();
    format!("{kind:02x}:00:{:02x}:{:02x}:{:02x}:{:02x}", b[4], b[5], b[6], b[7])
}

/// Sites whose gateway differs in the second map (1 % of them): a typical IT update.
fn moved_in_update(site: usize) -> bool {
    site % 100 == 7
}

fn rules(site: usize, serial: u64) -> Vec<serde_json::Value> {
    let mut rules = Vec::with_capacity(RULES_PER_SITE);
    for r in 0..6 {
        rules.push(json!({ "kind": "bssid", "bssid": mac(site * 6 + r, 2) }));
    }
    rules.push(json!({ "kind": "switch", "chassis": mac(site, 6), "port": "Gi1/0/1" }));
    rules.push(json!({ "kind": "switch", "chassis": mac(site, 6), "port": "Gi1/0/2" }));
    let gateway_kind = if serial > 1 && moved_in_update(site) { 11 } else { 10 };
    rules.push(json!({ "kind": "gateway_mac", "mac": mac(site, gateway_kind) }));
    let (a, b, c) = ((site >> 12) & 0xff, (site >> 4) & 0xff, (site & 0xf) << 4);
    rules.push(json!({ "kind": "subnet", "cidr": format!("10.{a}.{b}.{c}/28") }));
    rules
}

fn write_map(path: &std::path::Path, serial: u64) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("map file"));
    write!(
        out,
        r#"{{"format":"locus-map/1","org":"Scale Test Corp","serial":{serial},"issued":"2026-11-01T00:00:00Z","expires":"2099-01-01T00:00:00Z","trusted_public_ips":["203.0.113.0/24"],"sites":["#
    )
    .expect("write");
    for site in 0..SITES {
        if site > 0 {
            out.write_all(b",").expect("write");
        }
        let value = json!({
            "id": format!("site-{site}"),
            "name": format!("Site {site}"),
            "address": { "country": "US", "a1": "IL", "a3": "Chicago", "hno": (100 + site % 9000).to_string(),
                         "rd": "Wacker", "sts": "Dr", "pc": "60606" },
            "e911_dids": [format!("312{:07}", 2_000_000 + site)],
            "places": [{ "id": format!("place-{site}"), "name": format!("Site {site}, whole building"), "rules": rules(site, serial) }]
        });
        serde_json::to_writer(&mut out, &value).expect("write site");
    }
    out.write_all(b"]}").expect("write");
    out.flush().expect("flush");
}

fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

/// Writes map `serial` and its signature; returns its size in bytes.
fn write_signed_map(path: &std::path::Path, serial: u64, secret: &str) -> usize {
    write_map(path, serial);
    let body = std::fs::read(path).expect("read map");
    let signature = locus_itmap::signature::sign(&body, secret, None, "scale").expect("sign");
    std::fs::write(path.with_extension("json.minisig"), signature).expect("sig");
    body.len()
}

/// Runs `locusctl map apply MAP` as a fresh process; returns its wall time and peak RSS (KiB).
fn timed_apply(home: &std::path::Path, map: &std::path::Path) -> (Duration, u64) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_locusctl"))
        .args(["map", "apply", map.to_str().expect("path")])
        .env("LOCUS_HOME", home)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("locusctl map apply");
    // Drain stdout as it comes, so a long report can never block the child on a full pipe.
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut text);
        text
    });
    let mut peak = 0;
    while child.try_wait().expect("wait").is_none() {
        peak = peak.max(peak_rss_kib(child.id()).unwrap_or(0));
        std::thread::sleep(Duration::from_millis(20));
    }
    let elapsed = started.elapsed();
    let status = child.wait().expect("wait");
    let said = reader.join().expect("reader");
    assert!(
        status.success() && said.contains("applied"),
        "apply failed: {}",
        said.chars().take(2000).collect::<String>()
    );
    (elapsed, peak)
}

fn main() {
    let home = tempfile::tempdir().expect("home");
    let started = Instant::now();
    let (public, secret) = locus_itmap::signature::generate_keypair(None).expect("keygen");
    let first = home.path().join("map.json");
    let size = write_signed_map(&first, 1, &secret);
    let update = home.path().join("map-2.json");
    write_signed_map(&update, 2, &secret);
    let key = locus_itmap::signature::TrustedKey::parse(&public).expect("key").to_base64();
    std::fs::create_dir_all(home.path().join("policy")).expect("policy dir");
    std::fs::write(home.path().join("policy/policy.json"), json!({ "trusted_keys": [key] }).to_string())
        .expect("policy");
    println!(
        "setup: {SITES} sites, {} rules, {:.1} MB map (and an update moving 1 % of sites), generated and signed in {:.1} s",
        SITES * RULES_PER_SITE,
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    // A first run creates the database and the install key, so the measured runs are only applies.
    let status = Command::new(env!("CARGO_BIN_EXE_locusctl"))
        .args(["status", "--json"])
        .env("LOCUS_HOME", home.path())
        .output()
        .expect("locusctl status");
    assert!(status.status.success());

    let (elapsed, peak) = timed_apply(home.path(), &first);
    println!(
        "first map, fresh process (verify + parse + validate + store + re-resolve): {:.2} s (target < 10 s), peak RSS {:.0} MB (target < 500 MB)",
        elapsed.as_secs_f64(),
        peak as f64 / 1024.0
    );
    let (elapsed, peak) = timed_apply(home.path(), &update);
    println!(
        "update with 1 % of sites changed, fresh process: {:.2} s, peak RSS {:.0} MB",
        elapsed.as_secs_f64(),
        peak as f64 / 1024.0
    );
    for log in std::fs::read_dir(home.path().join("logs")).expect("logs").flatten() {
        let text = std::fs::read_to_string(log.path()).unwrap_or_default();
        for line in text.lines().filter(|l| l.contains("map apply phases") || l.contains("IT locations stored")) {
            println!("log: {line}");
        }
    }
}

//! Benchmark (issue #4): one million IT rules — load them from a real SQLite file and compile the index (target
//! under 2 s), the process's memory for them (target under 200 MB), and matcher lookups (target p99 under
//! 10 µs). Run with `cargo bench -p locus-location --bench matcher_million_rules`; numbers go to
//! docs/BENCHMARKS.md. Setting up the database (writing the million rules) is not part of the measurement.

use locus_location::civic::CivicAddress;
use locus_location::matcher::{Cidr, NetworkRule, Observation, RuleKind, resolve};
use locus_location::{Places, Store};
use std::time::{Duration, Instant};

const RULES: usize = 1_000_000;
const LOCATIONS: usize = 100_000;

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn mac(n: u64, prefix: u64) -> String {
    let v = (prefix << 32) | (n & 0xffff_ffff);
    let b = v.to_be_bytes();
    format!("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", b[2], b[3], b[4], b[5], b[6], b[7])
}

fn rule(i: usize) -> NetworkRule {
    let n = i as u64;
    let (kind, value) = match i % 10 {
        0..=3 => (RuleKind::Bssid, mac(n, 0xa4c3)),
        4 => (RuleKind::BssidPrefix, format!("{}*", &mac(n * 16, 0xb4c3)[..16])),
        5..=7 => (RuleKind::GatewayMac, mac(n, 0x0200)),
        8 => (RuleKind::Subnet, format!("10.{}.{}.0/24", (n >> 8) & 0xff, n & 0xff)),
        _ => (RuleKind::Ssid, format!("Corp-{}|172.{}.{}.0/24", n % 7, 16 + (n >> 8) % 16, n & 0xff)),
    };
    NetworkRule::from_it_map(kind, value, format!("site-{}", i % LOCATIONS))
}

/// Set in the child process that measures, so its memory is not inflated by the setup's allocations.
const MEASURE_DB: &str = "LOCUS_BENCH_MEASURE_DB";

fn main() {
    if let Some(db) = std::env::var_os(MEASURE_DB) {
        return measure(std::path::Path::new(&db));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("locus.db");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let rules: Vec<NetworkRule> = (0..RULES).map(rule).collect();
    let address = CivicAddress {
        country: "US".into(),
        a1: "NY".into(),
        a3: "New York".into(),
        hno: "1".into(),
        rd: "Main".into(),
        pc: "10001".into(),
        ..CivicAddress::default()
    };
    let locations: Vec<_> =
        (0..LOCATIONS).map(|i| (format!("site-{i}"), format!("Site {i}"), address.clone())).collect();
    let setup = Instant::now();
    runtime.block_on(async {
        let places = Places::new(Store::open(&db).await.expect("store"));
        places
            .replace_it_map(
                &locations,
                &rules,
                &["203.0.113.0/24".into()],
                serde_json::json!({}),
                time::OffsetDateTime::now_utc(),
            )
            .await
            .expect("write rules");
    });
    println!(
        "setup: wrote {RULES} rules for {LOCATIONS} locations in {:.1} s (not measured)",
        setup.elapsed().as_secs_f64()
    );
    drop(rules);
    drop(locations);
    drop(runtime);
    let status = std::process::Command::new(std::env::current_exe().expect("bench binary"))
        .env(MEASURE_DB, &db)
        .status()
        .expect("run the measuring process");
    assert!(status.success());
}

/// Loads the rules in a fresh process and measures load time, memory and lookups.
fn measure(db: &std::path::Path) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let rss_before = rss_mb();
    let load = Instant::now();
    let (index, trusted) = runtime.block_on(async {
        let places = Places::new(Store::open(db).await.expect("store"));
        let trusted: Vec<Cidr> =
            places.trusted_public_ips().await.expect("ips").iter().filter_map(|c| Cidr::parse(c).ok()).collect();
        let (index, errors) = places.load_rule_index().await.expect("load rules");
        assert!(errors.is_empty(), "{} bad rules", errors.len());
        (index, trusted)
    });
    let load_time = load.elapsed();
    let rss_after = rss_mb();
    println!("load {} rules from SQLite + compile: {:.2} s", index.len(), load_time.as_secs_f64());
    println!(
        "process RSS: {rss_before:.0} MB before, {rss_after:.0} MB after loading (+{:.0} MB)",
        rss_after - rss_before
    );

    // Lookups: half hit a BSSID rule, a quarter a gateway MAC, a quarter nothing strong (subnet path).
    let lookups = 200_000;
    let observations: Vec<Observation> = (0..lookups)
        .map(|i| {
            let n = (i as u64 * 7919) % RULES as u64;
            Observation {
                bssid: Some(mac(n - n % 10, if i % 2 == 0 { 0xa4c3 } else { 0xeeee })),
                ssid: Some(format!("Corp-{}", n % 7)),
                gateway_mac: Some(mac(n - n % 10 + 5, if i % 4 == 1 { 0x0200 } else { 0xdddd })),
                fingerprint_id: None,
                switch: None,
                ipv4_addrs: vec![format!("10.{}.{}.7", (n >> 8) & 0xff, n & 0xff).parse().expect("ip")],
                public_ip: Some("203.0.113.5".parse().expect("ip")),
            }
        })
        .collect();
    let mut samples: Vec<Duration> = Vec::with_capacity(lookups);
    let mut resolved = 0;
    for observation in &observations {
        let start = Instant::now();
        let resolution = resolve(&index, observation, &trusted);
        samples.push(start.elapsed());
        resolved += usize::from(resolution.location_id.is_some());
    }
    samples.sort();
    let pick = |q: f64| samples[((lookups as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1e6;
    println!(
        "lookup over {} rules, n={lookups} ({resolved} resolved): p50 {:.2} µs  p99 {:.2} µs  max {:.2} µs",
        index.len(),
        pick(0.5),
        pick(0.99),
        pick(1.0)
    );
}

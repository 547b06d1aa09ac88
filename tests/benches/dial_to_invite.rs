//! Benchmark: 911 dial-to-INVITE latency in each S1 state (issue 7 item 11) — the location unconfirmed, the
//! registration failed, the database locked by another process, ordinary calls forbidden by policy — measured
//! twice per call: inside the service (dial to INVITE handed to the transport) and on the wire (dial to the
//! INVITE arriving at a loopback gateway, which answers 486 so every call ends cleanly). The main window being
//! closed changes nothing here: the window is not on the dial path (the desktop test dials with it open).
//! Run with `cargo bench -p locus --bench dial_to_invite`; numbers go to docs/BENCHMARKS.md.

#[path = "../support/mod.rs"]
mod support;

use locus_core::{HeadlessHost, LocusPaths, LocusService, SystemSource};
use serde_json::json;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::net::UdpSocket;

const CALLS_PER_STATE: usize = 200;

/// Arrival times of INVITEs by Call-ID, filled by the gateway task.
type Arrivals = Arc<Mutex<HashMap<String, Instant>>>;

/// A loopback "gateway": notes when each INVITE arrives and answers it 486 Busy Here.
async fn gateway(socket: UdpSocket, arrivals: Arrivals) {
    let mut buffer = vec![0_u8; 65_535];
    loop {
        let Ok((length, from)) = socket.recv_from(&mut buffer).await else { return };
        let at = Instant::now();
        let text = String::from_utf8_lossy(&buffer[..length]).to_string();
        if !text.starts_with("INVITE ") {
            continue;
        }
        let header = |name: &str| {
            text.lines()
                .filter(|line| line.to_ascii_lowercase().starts_with(&format!("{}:", name.to_ascii_lowercase())))
                .collect::<Vec<_>>()
                .join("\r\n")
        };
        let call_id = header("Call-ID").split_once(':').map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
        arrivals.lock().expect("arrivals").entry(call_id).or_insert(at);
        let reply = format!(
            "SIP/2.0 486 Busy Here\r\n{}\r\n{}\r\n{};tag=bench\r\n{}\r\n{}\r\nContent-Length: 0\r\n\r\n",
            header("Via"),
            header("From"),
            header("To"),
            header("Call-ID"),
            header("CSeq")
        );
        let _ = socket.send_to(reply.as_bytes(), from).await;
    }
}

fn write_setup(home: &Path, port: u16, emergency_only: bool) {
    std::fs::create_dir_all(home.join("config")).expect("config");
    std::fs::create_dir_all(home.join("policy")).expect("policy");
    let accounts = json!({"accounts": [{"id": "work", "user": "alice", "domain": "locus.test",
        "registrar": format!("127.0.0.1:{port}")}]});
    std::fs::write(home.join("config/accounts.json"), accounts.to_string()).expect("accounts");
    let e911 = json!({"accounts": {"work": {"strategy": "carrier_update", "dids": [{"number": "3125550142",
        "carrier": "voipms", "status": "active"}]}}});
    std::fs::write(home.join("config/e911.json"), e911.to_string()).expect("e911");
    let policy = json!({"dial": {"emergency_only": emergency_only}});
    std::fs::write(home.join("policy/policy.json"), policy.to_string()).expect("policy");
}

/// Dials 911 `CALLS_PER_STATE` times; returns (inside, on the wire) latencies in ms, sorted.
async fn measure(service: &Arc<LocusService>, arrivals: &Arrivals) -> (Vec<f64>, Vec<f64>) {
    let (mut inside, mut wire) = (Vec::new(), Vec::new());
    for _ in 0..CALLS_PER_STATE {
        let started = Instant::now();
        let placed = service.dial("911", Default::default()).await.expect("911 dials");
        inside.push(placed.dial_to_invite.as_secs_f64() * 1000.0);
        let call_id = placed.call.call_id.clone();
        let mut call = placed.call;
        while call.next_event().await.is_some() {}
        let arrived = arrivals.lock().expect("arrivals").get(&call_id).copied().expect("the INVITE arrived");
        wire.push(arrived.duration_since(started).as_secs_f64() * 1000.0);
    }
    inside.sort_by(f64::total_cmp);
    wire.sort_by(f64::total_cmp);
    (inside, wire)
}

fn report(state: &str, (inside, wire): (Vec<f64>, Vec<f64>)) {
    let pick = |v: &[f64], q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{state:<28} n={CALLS_PER_STATE}  inside p50 {:.2} ms p99 {:.2} ms  wire p50 {:.2} ms p99 {:.2} ms max {:.2} ms",
        pick(&inside, 0.5),
        pick(&inside, 0.99),
        pick(&wire, 0.5),
        pick(&wire, 0.99),
        pick(&wire, 1.0)
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let socket = UdpSocket::bind("127.0.0.1:0").await.expect("gateway socket");
        let port = socket.local_addr().expect("port").port();
        let arrivals = Arrivals::default();
        tokio::spawn(gateway(socket, arrivals.clone()));
        let home = tempfile::tempdir().expect("home");
        write_setup(home.path(), port, false);
        let paths = LocusPaths::under(home.path());
        let host = Arc::new(HeadlessHost::default());
        let service =
            LocusService::open(paths.clone(), Arc::new(SystemSource::default()), host).await.expect("service");

        report("location unconfirmed", measure(&service, &arrivals).await);

        service.start_registrations().await; // no password stored: the registration fails
        report("registration failed", measure(&service, &arrivals).await);

        let mut locker = std::process::Command::new("python3")
            .args(["-c", "import sqlite3,sys,time\nc=sqlite3.connect(sys.argv[1],isolation_level=None)\nc.execute('BEGIN EXCLUSIVE')\nprint('locked',flush=True)\ntime.sleep(600)"])
            .arg(paths.database_file())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3");
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(locker.stdout.take().expect("stdout")), &mut line)
            .expect("locked");
        report("database locked", measure(&service, &arrivals).await);
        let _ = locker.kill();
        let _ = locker.wait();
        drop(service);

        let restricted = tempfile::tempdir().expect("home");
        write_setup(restricted.path(), port, true);
        let service = LocusService::open(
            LocusPaths::under(restricted.path()),
            Arc::new(SystemSource::default()),
            Arc::new(HeadlessHost::default()),
        )
        .await
        .expect("service");
        report("emergency-only policy", measure(&service, &arrivals).await);
    });
}

//! Benchmark (issue 6 item 9): Locus side by side with baresip, both calling the same auto-answering baresip
//! ("bob") through the same local Kamailio in the same run. A recording relay poses as both callers' outbound
//! proxy and timestamps what passes, so both are measured at the same point:
//! - **dial → INVITE**: from the dial (Locus: `place_call`; baresip: its `ctrl_tcp` `dial` command written) to
//!   the INVITE reaching the relay;
//! - **setup**: INVITE at the relay → its 200 OK at the relay;
//! - **a 60 s call**: CPU time (utime + stime) and resident memory of the calling process — `locusctl call` for
//!   Locus (the whole engine: service, SQLite, SIP, media), the calling baresip for baresip — from answer to
//!   hang-up, both playing a tone from a WAV file.
//!
//! Run with `cargo bench -p locus --bench softphone_vs_baresip` after `cargo build --release -p locus-cli`
//! (`LOCUS_BENCH_CALL_SECONDS` shortens the long call); numbers go to docs/BENCHMARKS.md.

#[path = "../support/mod.rs"]
mod support;

use locus_sip::{Account, CallEvent, CallOptions, CallRequest, Transport, place_call};
use std::io::BufRead;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::audio::tone;
use support::baresip::{Baresip, Hearing, Media};
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::relay::{Direction, Relay, Seen};
use support::sip_account::loopback_account;

const LATENCY_CALLS: usize = 30;

/// Runs in a private D-Bus session: an unlocked gnome-keyring of its own (HOME and XDG dirs in the sandbox), the
/// account added with its password, then `exec locusctl call` (so the pid printed is the caller's).
/// Arguments: sandbox, locusctl, registrar, outbound proxy, seconds, WAV.
const LONG_CALL_SCRIPT: &str = r#"set -e
export HOME="$1/home" XDG_DATA_HOME="$1/data" XDG_CONFIG_HOME="$1/config" XDG_RUNTIME_DIR="$1/run" LOCUS_HOME="$1/locus"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
printf 'bench keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
for _ in $(seq 100); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus     org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true && break
  sleep 0.1
done
printf 'correct horse
' | "$2" account add --id work --user alice --domain locus.test --registrar "$3"   --outbound-proxy "$4" >/dev/null
echo "locusctl pid $$"
exec "$2" call bob --account work --json --duration "$5" --play "$6"
"#;

fn header<'a>(message: &'a str, name: &str) -> Option<&'a str> {
    message.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// The INVITE whose From names `caller` that reached the relay after `since` pieces, and its 200 OK.
fn invite_and_ok(relay: &Relay, since: usize, caller: &str) -> Option<(Instant, Instant)> {
    let seen: Vec<Seen> = relay.seen().into_iter().skip(since).collect();
    let text = |s: &Seen| String::from_utf8_lossy(&s.bytes).into_owned();
    let invite = seen.iter().find(|s| {
        let message = text(s);
        s.direction == Direction::Up
            && message.starts_with("INVITE ")
            && header(&message, "From").is_some_and(|from| from.contains(caller))
    })?;
    let invite_text = text(invite);
    let call_id = header(&invite_text, "Call-ID")?.to_owned();
    let ok = seen.iter().find(|s| {
        let message = text(s);
        s.direction == Direction::Down
            && message.starts_with("SIP/2.0 200")
            && header(&message, "Call-ID") == Some(call_id.as_str())
            && header(&message, "CSeq").is_some_and(|cseq| cseq.ends_with("INVITE"))
    })?;
    Some((invite.at, ok.at))
}

async fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Dial → INVITE and INVITE → 200 OK of one Locus call, in ms.
async fn locus_call(account: &Account, relay: &Relay) -> (f64, f64) {
    let since = relay.seen().len();
    let started = Instant::now();
    let request = CallRequest { target: "bob".into(), ..CallRequest::default() };
    let mut call = place_call(account, PASSWORD, request, CallOptions::default()).await.expect("INVITE");
    while let Some(event) = call.next_event().await {
        match event {
            CallEvent::Established { .. } => call.hang_up(),
            CallEvent::Ended { .. } => break,
            _ => {}
        }
    }
    let Some((invite, ok)) = invite_and_ok(relay, since, "alice@") else {
        for seen in relay.seen().iter().skip(since) {
            eprintln!("{:?} {}", seen.direction, String::from_utf8_lossy(&seen.bytes).lines().next().unwrap_or(""));
        }
        panic!("the relay saw no INVITE and 200 OK for this call (what it saw is above)");
    };
    (ms(invite - started), ms(ok - invite))
}

/// The same for one baresip call, dialled over its control socket.
async fn baresip_call(carol: &Baresip, relay: &Relay) -> (f64, f64) {
    let since = relay.seen().len();
    let started = Instant::now();
    carol.command("dial", "sip:bob@locus.test");
    let (invite, ok) = wait_for("baresip's INVITE and 200", || invite_and_ok(relay, since, "carol@")).await;
    carol.command("hangup", "");
    tokio::time::sleep(Duration::from_millis(300)).await;
    (ms(invite - started), ms(ok - invite))
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// A process's CPU time so far (user + system) and resident memory, from /proc.
fn cpu_and_rss(pid: u32) -> (Duration, u64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 14th and 15th.
    let after = stat.rsplit_once(')').expect("stat format").1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let rss_kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    (Duration::from_millis(ticks * 10), rss_kib)
}

/// Samples `pid` every second for `seconds`: CPU used over the span (as % of one core) and the largest RSS (MiB).
async fn measure_call(pid: u32, seconds: u64) -> (f64, f64) {
    let (start_cpu, mut peak) = cpu_and_rss(pid);
    let started = Instant::now();
    for _ in 0..seconds {
        tokio::time::sleep(Duration::from_secs(1)).await;
        peak = peak.max(cpu_and_rss(pid).1);
    }
    let used = cpu_and_rss(pid).0 - start_cpu;
    (100.0 * used.as_secs_f64() / started.elapsed().as_secs_f64(), peak as f64 / 1024.0)
}

fn summary(label: &str, values: &mut [f64]) -> String {
    values.sort_by(f64::total_cmp);
    let pick = |q: f64| values[((values.len() as f64 - 1.0) * q).round() as usize];
    format!("{label}: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms", pick(0.5), pick(0.95), pick(1.0))
}

fn main() {
    let seconds: u64 = std::env::var("LOCUS_BENCH_CALL_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let kamailio = Kamailio::start(Digest::Md5);
        let kamailio_address = SocketAddr::from(([127, 0, 0, 1], kamailio.port));
        let relay = Relay::udp(kamailio_address).await;
        let long = (seconds + 30) as f64;
        let (bob_tone, carol_tone) = (tone(1_000.0, long), tone(440.0, long));
        let _bob = Baresip::start_as("bob", &kamailio, kamailio.port, &bob_tone, Media::Rtp, Hearing::Discard);
        let carol =
            Baresip::start_as("carol", &kamailio, relay.address.port(), &carol_tone, Media::Rtp, Hearing::Discard);
        let account =
            Account { outbound_proxy: relay.address.to_string(), ..loopback_account(kamailio.port, Transport::Udp) };

        let (mut locus_dial, mut locus_setup, mut baresip_dial, mut baresip_setup) = (vec![], vec![], vec![], vec![]);
        for _ in 0..LATENCY_CALLS {
            let (dial, setup) = locus_call(&account, &relay).await;
            locus_dial.push(dial);
            locus_setup.push(setup);
            let (dial, setup) = baresip_call(&carol, &relay).await;
            baresip_dial.push(dial);
            baresip_setup.push(setup);
        }
        println!("{LATENCY_CALLS} calls each, alternating:");
        println!("  Locus   {}", summary("dial → INVITE", &mut locus_dial));
        println!("  baresip {}", summary("dial → INVITE", &mut baresip_dial));
        println!("  Locus   {}", summary("INVITE → 200 OK", &mut locus_setup));
        println!("  baresip {}", summary("INVITE → 200 OK", &mut baresip_setup));

        // The long call: Locus as its own process, `locusctl call`, its password in a gnome-keyring of its own.
        let sandbox = tempfile::tempdir().expect("sandbox");
        let wav = sandbox.path().join("tone.wav");
        locus_sip::media::write_wav(&wav, &carol_tone).expect("tone");
        let mut session = Command::new("dbus-run-session")
            .args(["--", "sh", "-c", LONG_CALL_SCRIPT, "long-call"])
            .arg(sandbox.path())
            .arg(support::binaries::locusctl())
            .arg(format!("127.0.0.1:{}", kamailio.port))
            .arg(relay.address.to_string())
            .arg(seconds.to_string())
            .arg(&wav)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("dbus-run-session (package dbus-daemon)");
        let mut lines = std::io::BufReader::new(session.stdout.take().expect("stdout")).lines();
        let mut pid = None;
        for line in lines.by_ref() {
            let line = line.expect("line");
            if let Some(number) = line.strip_prefix("locusctl pid ") {
                pid = number.trim().parse::<u32>().ok();
            }
            if line.contains("\"established\"") {
                break;
            }
        }
        let pid = pid.expect("the script names locusctl's pid");
        let (locus_cpu, locus_rss) = measure_call(pid, seconds.saturating_sub(1)).await;
        for _ in lines {}
        let _ = session.wait();

        let since = relay.seen().len();
        carol.command("dial", "sip:bob@locus.test");
        wait_for("baresip's long call to be answered", || invite_and_ok(&relay, since, "carol@")).await;
        let (baresip_cpu, baresip_rss) = measure_call(carol.pid(), seconds.saturating_sub(1)).await;
        carol.command("hangup", "");

        println!("a {seconds} s call (calling process, from answer to hang-up):");
        println!("  Locus   (locusctl call) CPU {locus_cpu:.2} % of one core, RSS peak {locus_rss:.1} MiB");
        println!("  baresip                 CPU {baresip_cpu:.2} % of one core, RSS peak {baresip_rss:.1} MiB");
    });
}

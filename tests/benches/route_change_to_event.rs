//! Benchmark: latency from a route change in a network namespace to the `NetworkChanged` line of
//! `locusctl net --watch` (target p95 under 500 ms, including the 300 ms debounce). Needs root, like the
//! namespace tests. Run with `cargo bench -p locus --bench route_change_to_event` after
//! `cargo build --release -p locus-cli`; numbers go to docs/BENCHMARKS.md.

#[path = "../support/mod.rs"]
mod support;

use std::time::{Duration, Instant};
use support::lab::Lab;
use support::locusctl::WatchStream;

fn main() {
    let mut lab = Lab::new("bench");
    let a = lab.add_gateway("10.203.1", "02:00:5e:be:0c:01");
    let b = lab.add_gateway("10.203.2", "02:00:5e:be:0c:02");
    lab.move_to(&a);
    lab.warm_neighbour_cache(&a);
    lab.warm_neighbour_cache(&b);
    let home = tempfile::tempdir().expect("home");
    let watch = WatchStream::start(&lab, home.path());
    watch.next(Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(500));

    let runs = 40;
    let mut samples = Vec::with_capacity(runs);
    for run in 0..runs {
        let target = if run % 2 == 0 { &b } else { &a };
        let moved = Instant::now();
        lab.move_to(target);
        let (seen, _) =
            watch.next_matching(Duration::from_secs(5), |v| v["underlay"]["gateway"]["mac"] == target.mac.as_str());
        samples.push(seen.duration_since(moved));
        std::thread::sleep(Duration::from_millis(200));
    }
    samples.sort();
    let pick = |q: f64| samples[((runs as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1000.0;
    println!(
        "route change → NetworkChanged, n={runs}: p50 {:.0} ms  p95 {:.0} ms  max {:.0} ms (debounce 300 ms)",
        pick(0.5),
        pick(0.95),
        pick(1.0)
    );
}

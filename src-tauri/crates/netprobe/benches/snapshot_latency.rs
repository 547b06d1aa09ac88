//! Benchmark: how long one `NetworkSnapshot` takes on this machine with a warm neighbour cache (target p50 under
//! 5 ms). Run with `cargo bench -p locus-netprobe --bench snapshot_latency`; numbers go to docs/BENCHMARKS.md.

use locus_netprobe::{SnapshotSource, SystemSource};
use std::time::{Duration, Instant};

fn main() {
    let source = SystemSource::default();
    let warm = source.snapshot().expect("snapshot"); // warms caches and resolves the gateway once
    assert!(
        warm.default_gateway.as_ref().is_none_or(|g| g.mac.is_some()),
        "the gateway MAC must be cached for a warm-cache measurement"
    );
    let runs = 500;
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(source.snapshot().expect("snapshot"));
            start.elapsed()
        })
        .collect();
    samples.sort();
    let pick = |q: f64| samples[((runs as f64 - 1.0) * q).round() as usize];
    println!(
        "snapshot (warm neighbour cache), n={runs}: p50 {:.3} ms  p95 {:.3} ms  p99 {:.3} ms  max {:.3} ms",
        ms(pick(0.50)),
        ms(pick(0.95)),
        ms(pick(0.99)),
        ms(samples[runs - 1])
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

//! The adaptive delay estimate. Every arriving packet's transit (arrival minus timestamp, in ticks) goes into a
//! window of the last 500 (10 s at 20 ms); a frame's jitter is how much longer its trip took than the fastest
//! in the window, and the target delay is the 99th percentile of that, clamped. A rise in jitter shows within a
//! handful of packets; a fall only once the rough stretch has left the window, so the delay grows fast and
//! shrinks slowly. RFC 3550's smoothed interarrival jitter (§6.4.1, for RTCP reports) is kept alongside.

use std::collections::VecDeque;

/// Packets in the window.
const WINDOW_PACKETS: usize = 500;
/// The percentile of the window's jitter the target delay covers.
const COVERED_PERCENT: usize = 99;

/// Transit times of recent packets, in arrival order and sorted.
#[derive(Debug, Clone, Default)]
pub(crate) struct DelayEstimator {
    in_arrival_order: VecDeque<i64>,
    sorted: Vec<i64>,
    previous_transit: Option<i64>,
    /// RFC 3550's J in ticks, times 16 (the RFC's integer form, appendix A.8).
    interarrival_jitter_x16: i64,
}

impl DelayEstimator {
    /// Records one packet's transit: its arrival on our clock minus its timestamp, both in ticks.
    pub(crate) fn observe(&mut self, transit: i64) {
        if let Some(previous) = self.previous_transit {
            let difference = (transit - previous).abs();
            self.interarrival_jitter_x16 += difference - ((self.interarrival_jitter_x16 + 8) >> 4);
        }
        self.previous_transit = Some(transit);
        self.in_arrival_order.push_back(transit);
        let at = self.sorted.partition_point(|&t| t < transit);
        self.sorted.insert(at, transit);
        if self.in_arrival_order.len() > WINDOW_PACKETS
            && let Some(oldest) = self.in_arrival_order.pop_front()
            && let Ok(at) = self.sorted.binary_search(&oldest)
        {
            self.sorted.remove(at);
        }
    }

    /// The quickest transit in the window; `None` before the first packet.
    pub(crate) fn fastest_transit(&self) -> Option<i64> {
        self.sorted.first().copied()
    }

    /// The target delay in ticks: the covered percentile of the window's jitter, within `min..=max`.
    pub(crate) fn target_delay(&self, min: i64, max: i64) -> i64 {
        let Some(&fastest) = self.sorted.first() else { return min };
        let rank = ((self.sorted.len() - 1) * COVERED_PERCENT + 50) / 100;
        let covered = self.sorted.get(rank).map_or(0, |&transit| transit - fastest);
        covered.clamp(min, max.max(min))
    }

    /// RFC 3550's interarrival jitter in ticks, as an RTCP receiver report carries it.
    pub(crate) fn interarrival_jitter(&self) -> u32 {
        u32::try_from(self.interarrival_jitter_x16 >> 4).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_window_asks_for_the_minimum() {
        let estimator = DelayEstimator::default();
        assert_eq!(estimator.fastest_transit(), None);
        assert_eq!(estimator.target_delay(160, 2_400), 160);
    }

    #[test]
    fn the_target_covers_the_ninety_ninth_percentile_of_the_jitter() {
        let mut estimator = DelayEstimator::default();
        // 100 packets: transit 1000 plus 0..=99 ticks of jitter, shuffled by a stride.
        for i in 0..100 {
            estimator.observe(1_000 + (i * 37) % 100);
        }
        assert_eq!(estimator.fastest_transit(), Some(1_000));
        // Rank round(99 * 0.99) = 98 of 0..=99.
        assert_eq!(estimator.target_delay(0, 2_400), 98);
        assert_eq!(estimator.target_delay(160, 2_400), 160);
        assert_eq!(estimator.target_delay(0, 50), 50);
    }

    #[test]
    fn one_straggler_does_not_move_the_target_but_a_few_do() {
        let mut estimator = DelayEstimator::default();
        for _ in 0..200 {
            estimator.observe(500);
        }
        estimator.observe(500 + 800);
        assert_eq!(estimator.target_delay(0, 2_400), 0);
        for _ in 0..2 {
            estimator.observe(500 + 800);
        }
        assert_eq!(estimator.target_delay(0, 2_400), 800);
    }

    #[test]
    fn old_packets_leave_the_window() {
        let mut estimator = DelayEstimator::default();
        for _ in 0..WINDOW_PACKETS {
            estimator.observe(100);
        }
        for _ in 0..20 {
            estimator.observe(900);
        }
        assert_eq!(estimator.target_delay(0, 2_400), 800);
        for _ in 0..WINDOW_PACKETS {
            estimator.observe(300);
        }
        assert_eq!(estimator.fastest_transit(), Some(300));
        assert_eq!(estimator.target_delay(0, 2_400), 0);
    }

    #[test]
    fn interarrival_jitter_follows_rfc_3550() {
        let mut estimator = DelayEstimator::default();
        // Transit alternating by 160 ticks: J converges on 160 (J += (|D| - J) / 16).
        for i in 0..400 {
            estimator.observe(if i % 2 == 0 { 1_000 } else { 1_160 });
        }
        assert_eq!(estimator.interarrival_jitter(), 159);
        estimator.observe(1_160 + 1_600);
        assert_eq!(estimator.interarrival_jitter(), 159 + (1_600 - 159) / 16);
    }
}

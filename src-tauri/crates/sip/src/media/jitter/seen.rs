//! Duplicate detection: which of the last 128 extended sequence numbers have already arrived.

/// How many sequence numbers at and below the newest the window remembers.
const WINDOW_LEN: i64 = 128;

/// Sequence numbers that arrived recently.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SeenSequences {
    /// The newest extended sequence number recorded, `None` before the first.
    newest: Option<i64>,
    /// Bit `n` set: `newest - n` arrived.
    arrived: u128,
}

impl SeenSequences {
    /// Whether `sequence` arrived before. Numbers older than the window are not remembered and read as new.
    pub(crate) fn contains(&self, sequence: i64) -> bool {
        let Some(newest) = self.newest else { return false };
        let behind = newest - sequence;
        (0..WINDOW_LEN).contains(&behind) && self.arrived & (1 << behind) != 0
    }

    /// Records that `sequence` arrived.
    pub(crate) fn insert(&mut self, sequence: i64) {
        let newest = *self.newest.get_or_insert(sequence);
        if sequence > newest {
            let ahead = sequence - newest;
            self.arrived = if ahead < WINDOW_LEN { (self.arrived << ahead) | 1 } else { 1 };
            self.newest = Some(sequence);
        } else if newest - sequence < WINDOW_LEN {
            self.arrived |= 1 << (newest - sequence);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sequence_number_is_seen_once_recorded_in_any_order() {
        let mut seen = SeenSequences::default();
        assert!(!seen.contains(10));
        seen.insert(10);
        seen.insert(12);
        assert!(seen.contains(10) && seen.contains(12));
        assert!(!seen.contains(11));
        seen.insert(11);
        assert!(seen.contains(11));
        assert!(!seen.contains(13) && !seen.contains(9));
    }

    #[test]
    fn the_window_forgets_what_fell_out_of_it() {
        let mut seen = SeenSequences::default();
        seen.insert(1_000);
        seen.insert(1_000 + 127);
        assert!(seen.contains(1_000));
        seen.insert(1_000 + 128);
        assert!(!seen.contains(1_000));
        assert!(seen.contains(1_000 + 127));
        seen.insert(5_000);
        assert!(!seen.contains(1_000 + 128));
        assert!(seen.contains(5_000));
    }
}

//! Replay protection (RFC 3711 §3.3.2): the highest index accepted and a 64-packet bitmap of those just below it.

use super::SrtpError;

/// How many indexes below the highest the window remembers.
const WINDOW_LEN: u64 = 64;

/// Which recent packet indexes of one stream were accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ReplayWindow {
    highest: u64,
    /// Bit `n` set: index `highest - n` was accepted.
    seen: u64,
}

impl ReplayWindow {
    /// A window whose first accepted packet has `index`.
    pub(super) fn starting_at(index: u64) -> Self {
        Self { highest: index, seen: 1 }
    }

    /// The highest index accepted so far.
    pub(super) fn highest(&self) -> u64 {
        self.highest
    }

    /// Whether a packet with `index` may still be accepted. Checked before the (costlier) tag; the packet is only
    /// [`accept`](Self::accept)ed once its tag is good.
    pub(super) fn check(&self, index: u64) -> Result<(), SrtpError> {
        let Some(behind) = self.highest.checked_sub(index) else {
            return Ok(());
        };
        if behind >= WINDOW_LEN {
            Err(SrtpError::TooOld { index })
        } else if self.seen & (1 << behind) != 0 {
            Err(SrtpError::Replayed { index })
        } else {
            Ok(())
        }
    }

    /// Records an authenticated packet.
    pub(super) fn accept(&mut self, index: u64) {
        match index.checked_sub(self.highest) {
            Some(0) | None => {
                let behind = self.highest - index;
                if behind < WINDOW_LEN {
                    self.seen |= 1 << behind;
                }
            }
            Some(ahead) => {
                self.seen = if ahead >= WINDOW_LEN { 0 } else { self.seen << ahead };
                self.seen |= 1;
                self.highest = index;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_index_is_accepted_once() {
        let mut window = ReplayWindow::starting_at(100);
        assert_eq!(window.check(100), Err(SrtpError::Replayed { index: 100 }));
        assert_eq!(window.check(101), Ok(()));
        window.accept(101);
        assert_eq!(window.check(101), Err(SrtpError::Replayed { index: 101 }));
        assert_eq!(window.highest(), 101);
    }

    #[test]
    fn late_packets_inside_the_window_are_accepted_once_and_older_ones_refused() {
        let mut window = ReplayWindow::starting_at(1000);
        assert_eq!(window.check(990), Ok(()));
        window.accept(990);
        assert_eq!(window.check(990), Err(SrtpError::Replayed { index: 990 }));
        assert_eq!(window.highest(), 1000);
        assert_eq!(window.check(937), Ok(()));
        assert_eq!(window.check(936), Err(SrtpError::TooOld { index: 936 }));
    }

    #[test]
    fn a_jump_forward_slides_the_window() {
        let mut window = ReplayWindow::starting_at(10);
        window.accept(12);
        window.accept(80);
        assert_eq!(window.check(12), Err(SrtpError::TooOld { index: 12 }));
        assert_eq!(window.check(79), Ok(()));
        window.accept(1000);
        assert_eq!(window.check(80), Err(SrtpError::TooOld { index: 80 }));
        assert_eq!(window.check(999), Ok(()));
        assert_eq!(window.check(1000), Err(SrtpError::Replayed { index: 1000 }));
    }
}

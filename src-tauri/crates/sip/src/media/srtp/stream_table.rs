//! State kept per SSRC, bounded: a peer that keeps changing SSRC (a PBX bridging calls, say) cannot grow it without
//! limit; past the bound the stream unused longest is forgotten.

use std::collections::HashMap;

/// More SSRCs than one audio call ever sees at once.
pub(super) const MAX_STREAMS: usize = 16;

/// One state per SSRC, at most [`MAX_STREAMS`].
#[derive(Debug)]
pub(super) struct StreamTable<State> {
    streams: HashMap<u32, Tracked<State>>,
    /// Counts uses, to tell which stream was used last.
    uses: u64,
}

#[derive(Debug)]
struct Tracked<State> {
    state: State,
    last_use: u64,
}

impl<State> StreamTable<State> {
    pub(super) fn new() -> Self {
        Self { streams: HashMap::new(), uses: 0 }
    }

    /// The state of `ssrc`, if it has one.
    pub(super) fn get(&self, ssrc: u32) -> Option<&State> {
        self.streams.get(&ssrc).map(|tracked| &tracked.state)
    }

    /// The state of `ssrc`, made by `new_state` if it has none (forgetting the longest unused stream when full).
    pub(super) fn get_or_insert_with(&mut self, ssrc: u32, new_state: impl FnOnce() -> State) -> &mut State {
        self.uses += 1;
        if !self.streams.contains_key(&ssrc) && self.streams.len() >= MAX_STREAMS {
            let longest_unused = self.streams.iter().min_by_key(|(_, tracked)| tracked.last_use).map(|(ssrc, _)| *ssrc);
            if let Some(longest_unused) = longest_unused {
                self.streams.remove(&longest_unused);
            }
        }
        let tracked = self.streams.entry(ssrc).or_insert_with(|| Tracked { state: new_state(), last_use: 0 });
        tracked.last_use = self.uses;
        &mut tracked.state
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.streams.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_unused_longest_is_forgotten_when_full() {
        let mut table = StreamTable::new();
        for ssrc in 0..MAX_STREAMS as u32 {
            *table.get_or_insert_with(ssrc, || 0) += 1;
        }
        // Stream 0 is used again, so stream 1 is now the one unused longest.
        *table.get_or_insert_with(0, || 0) += 1;
        *table.get_or_insert_with(1000, || 0) += 1;
        assert_eq!(table.len(), MAX_STREAMS);
        assert_eq!(table.get(0), Some(&2));
        assert_eq!(table.get(1), None);
        assert_eq!(table.get(1000), Some(&1));
    }
}

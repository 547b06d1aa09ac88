//! A lock-free single-producer, single-consumer ring of 16-bit samples between an audio callback and the rest
//! of the program. No locks, no allocation after creation, no `unsafe`: every slot is an atomic, the producer
//! publishes with a release store of the write index and the consumer with a release store of the read index.
//! A full ring drops what does not fit (and counts it); an empty one gives what it has.
//!
//! One writer and one reader at a time are handed out ([`SampleRing::writer`], [`SampleRing::reader`]); a
//! stream's callback holds its handle and gives it back when the stream is dropped, so the stream that replaces
//! it after a device switch takes the same ring.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI16, AtomicU64, AtomicUsize, Ordering};

/// The shared ring. Create with [`SampleRing::new`], use through its writer and reader.
#[derive(Debug)]
pub(crate) struct SampleRing {
    slots: Box<[AtomicI16]>,
    mask: usize,
    /// Samples read so far (wraps); written by the reader only.
    read: AtomicUsize,
    /// Samples written so far (wraps); written by the writer only.
    written: AtomicUsize,
    writer_taken: AtomicBool,
    reader_taken: AtomicBool,
    dropped: AtomicU64,
}

impl SampleRing {
    /// A ring holding at least `capacity` samples (rounded up to a power of two).
    pub(crate) fn new(capacity: usize) -> Arc<Self> {
        let size = capacity.max(2).next_power_of_two();
        Arc::new(Self {
            slots: (0..size).map(|_| AtomicI16::new(0)).collect(),
            mask: size - 1,
            read: AtomicUsize::new(0),
            written: AtomicUsize::new(0),
            writer_taken: AtomicBool::new(false),
            reader_taken: AtomicBool::new(false),
            dropped: AtomicU64::new(0),
        })
    }

    /// The writing end, unless another writer holds it.
    pub(crate) fn writer(self: &Arc<Self>) -> Option<RingWriter> {
        (!self.writer_taken.swap(true, Ordering::AcqRel)).then(|| RingWriter { ring: Arc::clone(self) })
    }

    /// The reading end, unless another reader holds it.
    pub(crate) fn reader(self: &Arc<Self>) -> Option<RingReader> {
        (!self.reader_taken.swap(true, Ordering::AcqRel)).then(|| RingReader { ring: Arc::clone(self) })
    }

    /// How many samples it holds at most.
    pub(crate) fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// Samples waiting to be read (a snapshot; either end may move right after).
    pub(crate) fn len(&self) -> usize {
        self.written.load(Ordering::Acquire).wrapping_sub(self.read.load(Ordering::Acquire)).min(self.capacity())
    }

    /// Samples the writer had to drop because the ring was full.
    pub(crate) fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

/// The writing end of a [`SampleRing`].
#[derive(Debug)]
pub(crate) struct RingWriter {
    ring: Arc<SampleRing>,
}

impl RingWriter {
    /// Appends as much of `samples` as fits and returns how many; the rest is dropped and counted.
    pub(crate) fn push(&mut self, samples: &[i16]) -> usize {
        let ring = &self.ring;
        let written = ring.written.load(Ordering::Relaxed);
        let read = ring.read.load(Ordering::Acquire);
        let free = ring.capacity() - written.wrapping_sub(read);
        let count = free.min(samples.len());
        for (offset, &sample) in samples[..count].iter().enumerate() {
            ring.slots[written.wrapping_add(offset) & ring.mask].store(sample, Ordering::Relaxed);
        }
        ring.written.store(written.wrapping_add(count), Ordering::Release);
        if count < samples.len() {
            ring.dropped.fetch_add((samples.len() - count) as u64, Ordering::Relaxed);
        }
        count
    }

    /// The ring this writes to.
    pub(crate) fn ring(&self) -> &SampleRing {
        &self.ring
    }
}

impl Drop for RingWriter {
    fn drop(&mut self) {
        self.ring.writer_taken.store(false, Ordering::Release);
    }
}

/// The reading end of a [`SampleRing`].
#[derive(Debug)]
pub(crate) struct RingReader {
    ring: Arc<SampleRing>,
}

impl RingReader {
    /// Samples ready to read.
    pub(crate) fn available(&self) -> usize {
        let ring = &self.ring;
        ring.written.load(Ordering::Acquire).wrapping_sub(ring.read.load(Ordering::Relaxed))
    }

    /// Fills the front of `out` with the oldest samples and returns how many.
    pub(crate) fn pop(&mut self, out: &mut [i16]) -> usize {
        let ring = &self.ring;
        let read = ring.read.load(Ordering::Relaxed);
        let count = self.available().min(out.len());
        for (offset, slot) in out[..count].iter_mut().enumerate() {
            *slot = ring.slots[read.wrapping_add(offset) & ring.mask].load(Ordering::Relaxed);
        }
        ring.read.store(read.wrapping_add(count), Ordering::Release);
        count
    }

    /// Fills all of `out`, or takes nothing and returns false when fewer samples are ready.
    pub(crate) fn pop_exact(&mut self, out: &mut [i16]) -> bool {
        self.available() >= out.len() && self.pop(out) == out.len()
    }
}

impl Drop for RingReader {
    fn drop(&mut self) {
        self.ring.reader_taken.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_come_out_in_order_across_the_wrap() {
        let ring = SampleRing::new(8);
        let (mut writer, mut reader) = (ring.writer().expect("writer"), ring.reader().expect("reader"));
        let (mut next, mut expected) = (0_i16, 0_i16);
        for round in 0..50 {
            let batch: Vec<i16> = (0..(round % 7) + 1).map(|i| next + i).collect();
            next += writer.push(&batch) as i16;
            let mut out = [0_i16; 5];
            let got = reader.pop(&mut out);
            for &sample in &out[..got] {
                assert_eq!(sample, expected);
                expected += 1;
            }
        }
        assert!(expected > 100, "the test moved samples through many wraps");
    }

    #[test]
    fn a_full_ring_drops_and_counts_the_rest() {
        let ring = SampleRing::new(4);
        let mut writer = ring.writer().expect("writer");
        assert_eq!(writer.push(&[1, 2, 3, 4, 5, 6]), 4);
        assert_eq!(ring.dropped(), 2);
        assert_eq!(ring.len(), 4);
        let mut reader = ring.reader().expect("reader");
        let mut out = [0; 8];
        assert_eq!(reader.pop(&mut out), 4);
        assert_eq!(out[..4], [1, 2, 3, 4], "the oldest samples are kept, the newest dropped");
    }

    #[test]
    fn pop_exact_takes_whole_frames_only() {
        let ring = SampleRing::new(16);
        let (mut writer, mut reader) = (ring.writer().expect("writer"), ring.reader().expect("reader"));
        writer.push(&[7; 3]);
        let mut frame = [0; 4];
        assert!(!reader.pop_exact(&mut frame), "three samples are not a frame of four");
        assert_eq!(reader.available(), 3, "and nothing was taken");
        writer.push(&[8]);
        assert!(reader.pop_exact(&mut frame));
        assert_eq!(frame, [7, 7, 7, 8]);
    }

    #[test]
    fn one_writer_and_one_reader_at_a_time_and_handles_come_back() {
        let ring = SampleRing::new(4);
        let writer = ring.writer().expect("first writer");
        assert!(ring.writer().is_none(), "a second writer is refused");
        drop(writer);
        assert!(ring.writer().is_some(), "a dropped writer frees the end for the next stream");
        let reader = ring.reader().expect("first reader");
        assert!(ring.reader().is_none());
        drop(reader);
        assert!(ring.reader().is_some());
    }

    #[test]
    fn threads_move_a_long_sequence_without_loss_or_reordering() {
        let ring = SampleRing::new(64);
        let mut writer = ring.writer().expect("writer");
        let mut reader = ring.reader().expect("reader");
        const TOTAL: usize = 200_000;
        let producer = std::thread::spawn(move || {
            let mut sent = 0_usize;
            while sent < TOTAL {
                let batch: Vec<i16> = (sent..(sent + 13).min(TOTAL)).map(|n| (n % 30_000) as i16).collect();
                sent += writer.push(&batch);
                std::thread::yield_now();
            }
        });
        let mut received = 0_usize;
        let mut out = [0_i16; 17];
        while received < TOTAL {
            let got = reader.pop(&mut out);
            for &sample in &out[..got] {
                assert_eq!(sample, (received % 30_000) as i16, "sample {received}");
                received += 1;
            }
            std::thread::yield_now();
        }
        producer.join().expect("producer");
    }
}

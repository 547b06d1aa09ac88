//! The log file keeps every line of a burst. The background writer holds a bounded number of lines and drops
//! new ones when full (so logging can never hold up a call); that bound was lowered to save memory, and this
//! checks it is still far above a burst the app can produce: 5,000 lines logged back to back, the same order of
//! magnitude as a minute of SIP retransmission warnings across a dozen accounts.

use locus_core::{LocusPaths, init_logging};

const BURST: usize = 5_000;

#[test]
fn a_burst_of_lines_all_reaches_the_file() {
    let home = tempfile::tempdir().expect("LOCUS_HOME");
    let paths = LocusPaths::under(home.path());
    paths.create_all().expect("create LOCUS_HOME directories");
    let logging = init_logging(&paths, false).expect("start logging");
    for line in 0..BURST {
        tracing::warn!(line, "burst line");
    }
    drop(logging); // flushes and stops the writer

    let mut written = Vec::new();
    for entry in std::fs::read_dir(&paths.log_dir).expect("log dir") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read log");
        written.extend(text.lines().filter(|l| l.contains("burst line")).map(str::to_owned));
    }
    assert_eq!(written.len(), BURST, "every line of the burst is in the log file");
    assert!(written.last().is_some_and(|l| l.contains(&format!("line={}", BURST - 1))), "{:?}", written.last());
}

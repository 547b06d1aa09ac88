//! Where the binaries under test are: the desktop app cargo built for this test, and `locusctl` beside it.

use std::path::PathBuf;

/// The desktop app binary (built by cargo for this integration test).
pub fn locus_app() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_locus"))
}

/// `locusctl`, from the same target directory. It belongs to another package, so cargo does not build it for
/// this test on its own; `cargo test --workspace` (what `.ci/test.sh` runs) builds it with the rest.
pub fn locusctl() -> PathBuf {
    let path = locus_app().with_file_name(format!("locusctl{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is missing: build it first: `cargo build -p locus-cli` (add `--release` for benches); .ci/test.sh does",
        path.display()
    );
    path
}

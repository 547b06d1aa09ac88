//! The committed `ui/src/platform/bindings.ts` must equal what the Rust types generate. When it does not, the
//! UI would be compiled against a contract the backend no longer speaks.

use locus_core::bindings::{BINDINGS_PATH, typescript_bindings};
use std::path::PathBuf;

#[test]
fn typescript_bindings_are_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..").join(BINDINGS_PATH);
    let generated = typescript_bindings();
    if std::env::var("LOCUS_UPDATE_BINDINGS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date with the Rust types. Regenerate it with:\n  \
         LOCUS_UPDATE_BINDINGS=1 cargo test -p locus-core --test typescript_bindings_are_current",
        path.display()
    );
}

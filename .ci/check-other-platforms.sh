#!/usr/bin/env bash
# Compile-checks the engine crates for macOS (Apple silicon) and Windows from Linux. Their per-OS code cannot run
# here, but it must type-check with the same features we ship.
#
# One crate (libsqlite3-sys, bundled SQLite) compiles C in its build script, and no C toolchain or SDK for those
# targets exists on Linux. `cargo check` never links, so for these targets the C compiler is `true` and the archiver
# is .ci/stub-archiver (it only creates the empty archive build scripts expect): the Rust code (including the pregenerated SQLite bindings) is fully checked; the C is not.
set -euo pipefail
cd "$(dirname "$0")/.."
for target in aarch64-apple-darwin x86_64-pc-windows-msvc; do
  echo "cargo check engine crates for $target"
  var=${target//-/_}
  env "CC_${var}=true" "AR_${var}=$PWD/.ci/stub-archiver" "CFLAGS_${var}=" \
    cargo check --locked --target "$target" -p locus-netprobe -p locus-location -p locus-core -p locus-cli -p locus-sip -p locus-emergency -p locus-carrier -p locus-audio
done

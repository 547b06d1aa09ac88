#!/usr/bin/env bash
# Compile-checks the engine crates for macOS (Apple silicon) and Windows from Linux. Their per-OS code cannot run
# here, but it must at least type-check. SQLite is checked against the system-library feature because no C
# cross-compiler for those targets exists on Linux; the shipped build bundles SQLite (see the features in src-tauri/crates/location/Cargo.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
for target in aarch64-apple-darwin x86_64-pc-windows-msvc; do
  echo "cargo check engine crates for $target"
  cargo check --locked --target "$target" \
    -p locus-netprobe -p locus-location -p locus-core -p locus-cli \
    --no-default-features --features locus-location/system-sqlite
done

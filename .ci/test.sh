#!/usr/bin/env bash
# Sets up whatever is missing and runs every check and test Locus has, in the order CI runs them.
# Network-namespace and desktop tests need root: when not root, this re-runs itself through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $(id -u) -ne 0 ]]; then
  exec sudo --preserve-env=PATH,HOME,CARGO_HOME,RUSTUP_HOME,CI "$0" "$@"
fi

# Incremental caches would add ~3 GB that a one-shot run never reuses (decision 0011).
export CARGO_INCREMENTAL=0

start=$(date +%s)
step() { printf '\n\033[1;34m[test %4ss]\033[0m %s\n' "$(($(date +%s) - start))" "$*"; }

step "setup"
.ci/setup.sh --tests

step "UI: typecheck, platform-import rule, unit tests, build"
npm --prefix ui run --silent typecheck
npm --prefix ui run --silent check-platform-imports
npm --prefix ui test --silent
npm --prefix ui run --silent build

step "cargo fmt --check"
cargo fmt --all -- --check

step "engine crates never depend on tauri"
.ci/check-engine-has-no-tauri.sh

step "clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

# `cargo test --workspace` builds every binary before any test runs, and puts locusctl beside the app for the
# desktop tests, so no separate build step (it would build them a second time with other features).
step "workspace tests (unit, SQLite, bindings drift, network namespaces, desktop end to end)"
cargo test --workspace --locked -- --test-threads=2

step "engine crates compile for macOS and Windows"
.ci/check-other-platforms.sh

step "release build and .deb package (Tauri bundler)"
.ci/package.sh

step "all checks passed in $(($(date +%s) - start)) s"

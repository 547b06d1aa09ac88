#!/usr/bin/env bash
# Sets up whatever is missing, builds the UI and the app, and launches Locus.
# Extra arguments go to the app. LOCUS_HOME=/some/dir keeps all state there instead of the OS folders.
set -euo pipefail
cd "$(dirname "$0")/.."
.ci/setup.sh
npm --prefix ui run build --silent
cargo build --bin locus
exec target/debug/locus "$@"

#!/usr/bin/env bash
# Fails if any engine crate (src-tauri/crates/*) depends on tauri, directly or through another crate.
# The engine must run headless (locusctl, tests) and stay portable; only the shell may use tauri.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for manifest in src-tauri/crates/*/Cargo.toml; do
  package=$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -1)
  # A failing `cargo tree` must fail the check, not look like "no tauri found".
  tree=$(cargo tree --locked -p "$package" -e normal,build --prefix none --format '{p}')
  if grep -Eq '^tauri(-(build|runtime|runtime-wry|utils|macros|codegen|plugin-[a-z-]+))? v' <<<"$tree"; then
    echo "engine crate $package depends on tauri:" >&2
    cargo tree --locked -p "$package" -e normal,build -i tauri >&2 || true
    status=1
  else
    echo "ok: $package has no tauri dependency"
  fi
done
exit $status

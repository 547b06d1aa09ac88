#!/usr/bin/env bash
# Installs whatever Locus needs that is missing, and nothing that is already there.
#   .ci/setup.sh            what building and launching the app needs
#   .ci/setup.sh --tests    also what the tests need (peers, browsers, tauri-driver, cross-check targets)
# Debian 12 / Ubuntu 24.04 with Rust (rustup) installed. Runs apt through sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=false
[[ "${1:-}" == "--tests" ]] && want_tests=true

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

app_packages=(
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config libasound2-dev libdbus-1-dev
)
test_packages=(
  xvfb xauth imagemagick webkit2gtk-driver dbus-daemon iputils-ping iproute2 python3
  chromium kamailio kamailio-tls-modules sip-tester baresip minisign gnome-keyring libsecret-tools dunst
)
packages=("${app_packages[@]}")
$want_tests && packages+=("${test_packages[@]}")
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]})); then
  say "installing ${#missing[@]} Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages: all present"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 18)); then
  echo "Node.js $node_major is too old: Locus's UI tooling needs Node.js 18 or newer." >&2
  exit 1
fi

if ! command -v cargo >/dev/null; then
  echo "Rust is not installed: install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi
for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" || { say "adding $component"; rustup component add "$component"; }
done

if $want_tests; then
  for target in aarch64-apple-darwin x86_64-pc-windows-msvc; do
    rustup target list --installed | grep -qx "$target" || { say "adding Rust target $target"; rustup target add "$target"; }
  done
  if ! command -v tauri-driver >/dev/null; then
    say "installing tauri-driver"
    cargo install tauri-driver --version 2.1.0 --locked --quiet
  fi
fi

# UI dependencies at the locked versions. Re-install only when the lockfile changed. `npm install` rather than
# `npm ci`: npm 11 leaves other platforms' optional packages (esbuild, rollup, tauri-cli binaries) out of the
# lockfile, and `npm ci` then refuses the lockfile as out of sync although every locked version is honoured.
if [[ ! -f ui/node_modules/.package-lock.json || ui/package-lock.json -nt ui/node_modules/.package-lock.json ]]; then
  say "installing UI packages (npm install, locked versions)"
  npm install --prefix ui --no-audit --no-fund --loglevel=error
else
  say "UI packages: up to date"
fi

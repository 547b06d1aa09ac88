#!/usr/bin/env bash
# Builds the release app and its .deb with the Tauri bundler, and checks the package's contents.
# (.msi/NSIS need Windows and .dmg/.app need macOS; their configuration is in tauri.conf.json.)
set -euo pipefail
cd "$(dirname "$0")/.."
ui/node_modules/.bin/tauri build --ci --bundles deb
deb=$(ls -t "${CARGO_TARGET_DIR:-target}"/release/bundle/deb/*.deb | head -1)
dpkg-deb --info "$deb" | grep -E "Package|Version|Depends"
# Listed once into a variable: `dpkg-deb --contents | grep -q` fails under pipefail whenever grep stops reading
# early and dpkg-deb dies of SIGPIPE.
contents=$(dpkg-deb --contents "$deb")
grep -q "usr/bin/locus$" <<<"$contents" || { echo "the .deb has no usr/bin/locus" >&2; exit 1; }
grep -q "usr/share/applications/Locus.desktop$" <<<"$contents" || { echo "the .deb has no desktop entry" >&2; exit 1; }
# The desktop entry registers Locus for tel: and sip: links (plugins.deep-link in tauri.conf.json) and hands the
# link over as the argument (`%u`, from src-tauri/packaging/locus.desktop).
entry=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*usr/share/applications/Locus.desktop')
grep -q "^Exec=locus %u$" <<<"$entry" || { echo "the desktop entry does not pass the link (%u):" >&2; echo "$entry" >&2; exit 1; }
for scheme in tel sip; do
  grep -Eq "^MimeType=.*x-scheme-handler/$scheme(;|$)" <<<"$entry" \
    || { echo "the desktop entry does not register $scheme: links:" >&2; echo "$entry" >&2; exit 1; }
done
echo "built $deb ($(du -h "$deb" | cut -f1))"

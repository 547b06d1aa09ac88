#!/usr/bin/env bash
# Whole-process benchmarks of the desktop app (numbers go to docs/BENCHMARKS.md; this is not a test):
#   - launch to first paint: the UI reports its first frame with live data; the app logs the time since start.
#     Also measured from outside (wall clock from exec until that log line appears, polled every 10 ms).
#   - idle memory of the whole process tree (app + WebKit web and network processes) 30 s after launch,
#     as RSS (what `top` shows; shared pages counted per process) and PSS (shared pages split fairly).
#   - the same for the emptiest WebKitGTK app (.ci/bench/webkit-floor.c, built here with the system's WebKitGTK)
#     under the environment Locus gives WebKit: what any WebKitGTK window costs on this machine.
#   - sizes of the release binary and the .deb.
# Needs the release build from .ci/package.sh, Xvfb, dbus-daemon, gcc and the WebKitGTK headers (both installed by
# .ci/setup.sh). Usage: .ci/bench-desktop.sh [runs]; LOCUS_APP=path measures another build of the app.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
app=${LOCUS_APP:-$PWD/target/release/locus}
[[ -x $app ]] || { echo "build first: .ci/package.sh" >&2; exit 1; }

display=:$((100 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
# A session bus, as on a desktop: the app's tray and notifications talk to it.
eval "$(dbus-daemon --session --fork --print-address=1 --print-pid=1 | { read -r a; read -r p; echo "export DBUS_SESSION_BUS_ADDRESS=$a; bus_pid=$p"; })"
trap 'kill $xvfb $bus_pid 2>/dev/null || true' EXIT
sleep 1

descendants() { # all descendants of $1, including itself
  local pid=$1
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid"); do descendants "$child"; done
}

memory_of_tree() { # prints "rss_kb pss_kb processes", and each process on stderr
  local rss=0 pss=0 n=0 r p
  for pid in $(descendants "$1"); do
    [[ -r /proc/$pid/status ]] || continue
    r=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" || echo 0)
    p=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" || echo 0)
    printf '    %-16s RSS %4d MB  PSS %4d MB\n' "$(cat "/proc/$pid/comm")" $((r / 1024)) $((p / 1024)) >&2
    rss=$((rss + r)) pss=$((pss + p)) n=$((n + 1))
  done
  echo "$rss $pss $n"
}

# The emptiest WebKitGTK window, with the environment src-tauri/webview.rs gives WebKit.
floor_bin=$(mktemp -d)/webkit-floor
gcc -O2 -o "$floor_bin" .ci/bench/webkit-floor.c $(pkg-config --cflags --libs webkit2gtk-4.1 gtk+-3.0)
DISPLAY=$display GDK_BACKEND=x11 WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 JSC_useJIT=0 \
  "$floor_bin" >/dev/null 2>&1 &
floor=$!
sleep 30
read -r floor_rss floor_pss floor_procs < <(memory_of_tree "$floor")
echo "empty WebKitGTK window after 30 s: RSS $((floor_rss / 1024)) MB, PSS $((floor_pss / 1024)) MB across $floor_procs processes"
kill "$floor"; wait "$floor" 2>/dev/null || true

paint_ms=() wall_ms=()
for run in $(seq 1 "$runs"); do
  home=$(mktemp -d)
  start=$(date +%s%N)
  DISPLAY=$display LOCUS_HOME=$home GDK_BACKEND=x11 "$app" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 2000); do
    line=$(grep -h "first paint" "$home"/logs/locus.*.log 2>/dev/null || true)
    [[ -n $line ]] && break
    sleep 0.01
  done
  end=$(date +%s%N)
  [[ -n $line ]] || { echo "run $run: no first paint within 20 s" >&2; kill "$pid"; exit 1; }
  paint_ms+=("$(sed -n 's/.*elapsed_ms="\{0,1\}\([0-9.]*\).*/\1/p' <<<"$line")")
  wall_ms+=("$(((end - start) / 1000000))")
  if [[ $run -eq 1 ]]; then
    sleep 30
    read -r rss pss procs < <(memory_of_tree "$pid")
    echo "idle after 30 s: RSS $((rss / 1024)) MB, PSS $((pss / 1024)) MB across $procs processes"
    echo "  above the empty WebKitGTK window: RSS $(((rss - floor_rss) / 1024)) MB, PSS $(((pss - floor_pss) / 1024)) MB"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$home"
done

stats() { sort -n | awk '{a[NR]=$1} END {printf "min %s  p50 %s  max %s (n=%d)", a[1], a[int((NR+1)/2)], a[NR], NR}'; }
echo "first paint, app-reported ms: $(printf '%s\n' "${paint_ms[@]}" | stats)"
echo "first paint, wall-clock ms:   $(printf '%s\n' "${wall_ms[@]}" | stats)"
echo "release binary: $(du -h "$app" | cut -f1) ($(stat -c %s "$app") bytes)"
deb=$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)
[[ -n $deb ]] && echo ".deb: $(du -h "$deb" | cut -f1) ($(stat -c %s "$deb") bytes)"

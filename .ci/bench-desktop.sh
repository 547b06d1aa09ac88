#!/usr/bin/env bash
# Whole-process benchmarks of the desktop app (numbers go to docs/BENCHMARKS.md; this is not a test):
#   - launch to first paint: the UI reports its first frame with live data; the app logs the time since start.
#     Also measured from outside (wall clock from exec until that log line appears, polled every 10 ms).
#   - idle memory of the whole process tree (app + WebKit web and network processes) 30 s after launch,
#     as RSS (what `top` shows; shared pages counted per process) and PSS (shared pages split fairly).
#   - sizes of the release binary and the .deb.
# Needs the release build from .ci/package.sh, Xvfb and dbus-run-session. Usage: .ci/bench-desktop.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
app=$PWD/target/release/locus
[[ -x $app ]] || { echo "build first: .ci/package.sh" >&2; exit 1; }

display=:$((100 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1

descendants() { # all descendants of $1, including itself
  local pid=$1
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid"); do descendants "$child"; done
}

memory_of_tree() { # prints "rss_kb pss_kb processes"
  local rss=0 pss=0 n=0
  for pid in $(descendants "$1"); do
    [[ -r /proc/$pid/status ]] || continue
    rss=$((rss + $(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" || echo 0)))
    pss=$((pss + $(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" || echo 0)))
    n=$((n + 1))
  done
  echo "$rss $pss $n"
}

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

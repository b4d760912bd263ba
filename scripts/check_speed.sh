#!/usr/bin/env bash
# The DESIGN.md §8 `check` budget (≥ 50 MB/s per core) as BENCHMARKS.md
# measures it: the whole `copydesk check --format json FOLDER` command,
# process start included, on one thread (RAYON_NUM_THREADS=1), its CPU
# time over RUNS
# runs; prints the best and the median run and the MB/s per core of each.
# The CPU time is perf's task-clock of the command (counted from its exec);
# without a working `perf`, python3's getrusage of the finished child,
# which also counts the child's few instructions between fork and exec
# (about 1 ms more a run here).
#
#   scripts/check_speed.sh [FOLDER...]
#
# FOLDER defaults to ../shared/corpus/en-wikinews/texts and
# ../shared/corpus/polnear-dev/texts (read only, for measuring).
# Environment: COPYDESK_BIN (default: a release build of this repo),
# RUNS (default 30). Needs python3 (for the sums). CPU time, not wall
# time: on a shared machine it moves less with the neighbours' load, but
# it still moves; run it twice and on a quiet host before comparing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-30}"
if [[ $# -eq 0 ]]; then
  set -- "$ROOT/../shared/corpus/en-wikinews/texts" "$ROOT/../shared/corpus/polnear-dev/texts"
fi
BIN="${COPYDESK_BIN:-}"
if [[ -z "$BIN" ]]; then
  (cd "$ROOT" && cargo build --release --quiet)
  BIN="$ROOT/target/release/copydesk"
fi
command -v python3 >/dev/null || { echo "check_speed.sh: needs python3" >&2; exit 2; }

for folder in "$@"; do
  [[ -d "$folder" ]] || { echo "check_speed.sh: $folder: no such folder" >&2; exit 2; }
  python3 - "$BIN" "$folder" "$RUNS" <<'EOF'
import os, resource, shutil, subprocess, sys

binary, folder, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
# What check reads: the drafts' bytes (.txt, .md, .markdown) under the folder.
size = sum(
    os.path.getsize(os.path.join(d, f))
    for d, _, files in os.walk(folder)
    for f in files
    if f.endswith((".txt", ".md", ".markdown"))
)
env = dict(os.environ, RAYON_NUM_THREADS="1")
use_perf = subprocess.run(["perf", "stat", "-x", ",", "-e", "task-clock", "--", "true"],
                          capture_output=True, text=True).returncode == 0 if shutil.which("perf") else False
times = []
for _ in range(runs):
    command = [binary, "check", "--format", "json", folder]
    if use_perf:
        command = ["perf", "stat", "-x", ",", "-e", "task-clock", "--"] + command
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=env, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # perf stat passes the command's exit code on.
    if done.returncode not in (0, 1):
        sys.exit(f"check_speed.sh: copydesk check exited {done.returncode} on {folder}")
    if use_perf:
        line = next(l for l in done.stderr.splitlines() if "task-clock" in l)
        times.append(float(line.split(",")[0]) / 1e3)
    else:
        times.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
times.sort()
best, median = times[0], times[(len(times) - 1) // 2]
mb = size / 1e6
clock = "perf task-clock" if use_perf else "getrusage"
print(f"{folder}: {size} bytes, {runs} runs, one thread, {clock}: CPU best {best * 1e3:.1f} ms, "
      f"median {median * 1e3:.1f} ms = {mb / best:.1f} / {mb / median:.1f} MB/s per core")
EOF
done

#!/bin/bash
# Scale-out measurements on this machine, in one run: 1 worker vs 4 workers (per-shard and total ECG/s), Parquet
# bytes per 1,000 embeddings, peak memory (max RSS) per worker, and the time a killed worker takes to resume.
#   benchmarks/scale-out/measure.sh [MODEL_DIR] [COPIES]
# MODEL_DIR: folder with dbeta-ecg.onnx (default /tmp/full, from 'dbeta convert --random --out /tmp/full': full D-BETA size).
# FILES: number of input .npy files of 10 distinct seeded ECGs each at CODE's 400 Hz x 4096 (default 5, i.e. 50 ECGs).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
model_dir="${1:-/tmp/full}"
files="${2:-5}"
dbeta=(dotnet "$root/src/DBeta.Cli/bin/Release/net10.0/dbeta.dll")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$root/src/DBeta.Cli" -c Release -v q -nologo >/dev/null
[[ -f "$model_dir/dbeta-ecg.onnx" ]] || "${dbeta[@]}" convert --random --out "$model_dir" >/dev/null
mkdir -p "$work/input"
# Distinct ECG-like signals (a repeated record would make its repeated embeddings compress and flatter the file size).
/usr/bin/python3 - "$work/input" "$files" <<'PY'
import sys, numpy as np
folder, files = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(8)
t = np.arange(4096) / 400.0
for f in range(files):
    beats = np.sin(2 * np.pi * rng.uniform(0.8, 2.0, (10, 12, 1)) * t) ** 15
    noise = rng.normal(0, 0.05, (10, 12, 4096))
    np.save(f"{folder}/exams_{f:02d}.npy", (beats * rng.uniform(0.5, 2.0, (10, 12, 1)) + noise).astype(np.float32))
PY
records=$((files * 10))
cores=$(nproc)
common=(embed --model "$model_dir/dbeta-ecg.onnx" --input "$work/input/*.npy" --rate 400 --layout LeadMajor --batch-size 4 --checkpoint-every 1)

# Runs one worker under /usr/bin/time; prints its max RSS (KiB) to $1.rss and its log to $1.log.
worker() {
  local name=$1; shift
  /usr/bin/time -f "%M" -o "$work/$name.rss" "$@" > "$work/$name.log" 2>&1
}
now() { date +%s.%N; }
seconds() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['embed_seconds'])" "$1"; }

echo "machine: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $records ECGs (CODE 400 Hz x 4096 -> 500 Hz x 5000); model $(du -h "$model_dir/dbeta-ecg.onnx" | cut -f1)"

# 1 worker, all cores.
start=$(now)
worker one "${dbeta[@]}" "${common[@]}" --parts "$work/one" --threads "$cores"
one_wall=$(python3 -c "print($(now) - $start)")
printf "1 worker  (threads %d): %d ECGs in %.1f s wall = %.2f ECG/s (embedding %.1f s), max RSS %d MiB\n" \
  "$cores" "$records" "$one_wall" "$(python3 -c "print($records / $one_wall)")" "$(seconds "$work/one/part-00000-of-00001.json")" $(( $(cat "$work/one.rss") / 1024 ))

# 4 workers as a Kubernetes Indexed Job would start them, each with max(1, cores/4) threads.
threads=$(( cores / 4 > 0 ? cores / 4 : 1 ))
start=$(now)
for i in 0 1 2 3; do
  JOB_COMPLETION_INDEX=$i DBETA_SHARD_COUNT=4 worker "four-$i" "${dbeta[@]}" "${common[@]}" --parts "$work/four" --threads "$threads" &
done
wait
four_wall=$(python3 -c "print($(now) - $start)")
for i in 0 1 2 3; do
  manifest="$work/four/part-0000$i-of-00004.json"
  n=$(python3 -c "import json; print(json.load(open('$manifest'))['record_count'])")
  s=$(seconds "$manifest")
  printf "  shard %d/4 (threads %d): %d ECGs in %.1f s = %.2f ECG/s, max RSS %d MiB\n" "$i" "$threads" "$n" "$s" "$(python3 -c "print($n / $s)")" $(( $(cat "$work/four-$i.rss") / 1024 ))
done
printf "4 workers total: %d ECGs in %.1f s wall = %.2f ECG/s (%.2fx one worker)\n" "$records" "$four_wall" \
  "$(python3 -c "print($records / $four_wall)")" "$(python3 -c "print($one_wall / $four_wall)")"

# Merge and file size.
"${dbeta[@]}" merge --parts "$work/four" --out "$work/all.parquet" > "$work/merge.log"
bytes=$(stat -c %s "$work/all.parquet")
printf "merged Parquet: %d bytes for %d embeddings = %.0f KiB per 1,000 embeddings (raw float32: %d KiB)\n" \
  "$bytes" "$records" "$(python3 -c "print($bytes / $records * 1000 / 1024)")" $(( 768 * 4 * 1000 / 1024 ))

# Kill a worker (SIGKILL) once its first checkpoint is on disk, restart it and time how long it takes to continue.
"${dbeta[@]}" "${common[@]}" --parts "$work/killed" --threads "$cores" > "$work/killed.log" 2>&1 &
pid=$!
until compgen -G "$work/killed/.part-00000-of-00001.work/seg-*.parquet" > /dev/null; do sleep 0.01; done
kill -KILL $pid; wait $pid 2>/dev/null || true
done_before=$(ls "$work"/killed/.part-00000-of-00001.work/seg-*.parquet | wc -l)
start=$(now)
"${dbeta[@]}" "${common[@]}" --parts "$work/killed" --threads "$cores" 2>&1 | while IFS= read -r line; do
  if [[ "$line" == *"resuming at record"* ]]; then
    printf "resume after kill: continued %.2f s after the restart (%s)\n" "$(python3 -c "print($(now) - $start)")" "${line#*: }"
  fi
done
python3 - "$work/four" "$work/all.parquet" <<'PY'
import json, sys, glob
rows = sum(json.load(open(m))["rows"] for m in glob.glob(sys.argv[1] + "/part-*.json"))
print(f"check: the 4 parts hold {rows} rows")
PY

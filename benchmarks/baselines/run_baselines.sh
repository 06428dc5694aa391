#!/usr/bin/env bash
# Issue 5's baselines side by side on one machine: eager PyTorch (2 and 1 threads), DBeta.MLNet's converted model and a
# plain torch.onnx.export, both through `dbeta embed`, on the same synthetic CODE ECGs and the same random weights.
# Usage: benchmarks/baselines/run_baselines.sh [WORK_DIR (default /tmp/dbeta-baselines)] [COUNT (default 32)]
# Needs /usr/bin/python3 with Debian's python3-torch, python3-scipy, python3-h5py; writes nothing into the repository.
set -euo pipefail
work=${1:-/tmp/dbeta-baselines}
count=${2:-32}
repo=$(cd "$(dirname "$0")/../.." && pwd)
py=(/usr/bin/python3 "$repo/benchmarks/baselines/pytorch_embed.py")
mkdir -p "$work"

dotnet build "$repo/src/DBeta.Cli" -c Release -v q -nologo >/dev/null
dbeta=$(ls -d "$repo"/src/DBeta.Cli/bin/Release/net*/)dbeta

[ -f "$work/dbeta-full.pt" ] || "${py[@]}" make-checkpoint --out "$work" --seed 42
[ -f "$work/onnx/dbeta-ecg.onnx" ] || "$dbeta" convert --checkpoint "$work/dbeta-full.pt" --config "$work/config.json" --out "$work/onnx"
[ -f "$work/torch-export.onnx" ] || "${py[@]}" export --checkpoint "$work/dbeta-full.pt" --out "$work/torch-export.onnx"
# Two files with the same first records (synth is deterministic per seed): the short one measures the fixed start-up cost.
"$dbeta" synth --count "$count" --seed 7 --out "$work/synth.h5" >/dev/null
"$dbeta" synth --count 4 --seed 7 --out "$work/synth4.h5" >/dev/null

wall() { # TAG COMMAND...: whole-process wall seconds (/usr/bin/time); output in $work/TAG.log, "seconds max-RSS-KiB" in $work/TAG.time
    local tag=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/$tag.time" "$@" >"$work/$tag.log" 2>&1 || { cat "$work/$tag.log"; return 1; }
    cut -d' ' -f1 "$work/$tag.time"
}

# Once with the environment as it is; once tuned: OpenBLAS picks its kernels for this CPU (OPENBLAS_CORETYPE unset) and
# OpenMP's idle threads sleep instead of spinning on the cores OpenBLAS's own threads need (OMP_WAIT_POLICY=PASSIVE).
for blas in as-is tuned; do
    env_cmd=(env); [ "$blas" = tuned ] && env_cmd=(env -u OPENBLAS_CORETYPE OMP_WAIT_POLICY=PASSIVE)
    for threads in 2 1; do
        echo "== eager PyTorch, $threads threads, environment $blas (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
        "${env_cmd[@]}" "${py[@]}" embed --checkpoint "$work/dbeta-full.pt" --input "$work/synth.h5" --threads "$threads" \
            --batch-size 4 --out "$work/torch-${threads}t-$blas.npy" | grep -E "OpenBLAS|BLAS:|model:|whole:" | sed 's/^/   /'
    done
done
cp "$work/torch-2t-as-is.npy" "$work/torch-2t.npy"

for model in onnx/dbeta-ecg.onnx torch-export.onnx; do
    name=$(basename "$model" .onnx)
    rm -f "$work/$name.npy" "$work/$name-4.npy"
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    t_all=$(wall "$name-all" "$dbeta" embed --input "$work/synth.h5" --model "$work/$model" --threads 2 --batch-size 4 --out "$work/$name.npy")
    t_four=$(wall "$name-4" "$dbeta" embed --input "$work/synth4.h5" --model "$work/$model" --threads 2 --batch-size 4 --out "$work/$name-4.npy")
    echo "== dbeta embed --model $model, 2 threads, batch 4 (load average: $before)"
    echo "   whole process: $count ECGs in ${t_all} s ($(echo "scale=2; $count / $t_all" | bc) ECG/s, max RSS $(($(cut -d' ' -f2 "$work/$name-all.time") / 1024)) MiB); 4 ECGs in ${t_four} s"
    echo "   past start-up: $(echo "scale=2; ($count - 4) / ($t_all - $t_four)" | bc) ECG/s (the $((count - 4)) ECGs the longer run adds)"
    echo "   its last progress line: $(tr '\r' '\n' <"$work/$name-all.log" | grep -o 'embedding [0-9]*/[0-9]* ([0-9.]*/s)' | tail -1)"
    echo "   vs eager PyTorch: $("${py[@]}" compare "$work/$name.npy" "$work/torch-2t.npy" | sed -n 1p)"
done
echo "== eager PyTorch, 2 threads tuned vs as-is: $("${py[@]}" compare "$work/torch-2t-tuned.npy" "$work/torch-2t.npy" | sed -n 1p)"
echo "== dbeta bench (ML.NET pipeline rate after a warm-up batch, same converted model and ECGs)"
"$dbeta" bench --model "$work/onnx/dbeta-ecg.onnx" --input "$work/synth.h5" --threads 2 --batch-size 4 --matmul-seconds 1 \
    | grep -E "^(MatMul|achieved|load average)" | sed 's/^/   /'

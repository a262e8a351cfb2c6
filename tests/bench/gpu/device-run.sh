#!/usr/bin/env bash
# Runs ON the GPU machine (device tool), from the repository root, after tests/bench/gpu/prepare.sh here and with
# carry [".gpu/carry"]. Builds llama.cpp b9842 for sm_90 (kept in .gpu/build-sm90, which is not carried, so a second
# call on a warm machine reuses it), synthesizes Llama-3.2-1B and Llama-3.1-8B shapes (random weights), quantizes them
# to Q4_K_M with the build's llama-quantize, then runs llama-bench -p 512 -n 128, llama-batched-bench (B = 1, 8, 32)
# and our published `pmcopilot bench` (+ --parallel 8 32) on the same files and the same libraries. Everything it
# measures goes to $OUT (results.md + raw JSON/logs).
#   SHAPES="1b 8b" (default), ARCH=90, SKIP_BUILD=1 (reuse only), STEP_TIMEOUT=240 (seconds per benchmark command)
set -uo pipefail
root="$(pwd)"
out="${OUT:-$root/artifacts/gpu-out}"; mkdir -p "$out"
arch="${ARCH:-90}" shapes="${SHAPES:-1b 8b}" step="${STEP_TIMEOUT:-240}"
work="$root/.gpu"; carry="$work/carry"; build="$work/build-sm$arch"; models="$work/models"
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$out/run.log" >&2; }
results="$out/results.md"
{
  echo "# GPU run $(date -u +%Y-%m-%dT%H:%MZ)"
  nvidia-smi --query-gpu=name,compute_cap,memory.total,driver_version --format=csv,noheader | sed 's/^/GPU: /'
  nvcc --version | tail -1 | sed 's/^/nvcc: /'
  echo "cmake: $(cmake --version | head -1)"
} > "$results" 2>&1

# 1. Build b9842 for this architecture (once).
if [ ! -x "$build/bin/llama-bench" ]; then
  [ "${SKIP_BUILD:-0}" = 1 ] && { log "no build in $build and SKIP_BUILD=1"; exit 3; }
  for t in nvcc cmake; do command -v $t >/dev/null || { log "$t is missing on this machine"; exit 3; }; done
  mkdir -p "$work/llama.cpp" && tar -xzf "$carry/llama-src.tar.gz" -C "$work/llama.cpp"
  log "configuring b9842 for sm_$arch"
  cmake -S "$work/llama.cpp" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES="$arch" \
    -DBUILD_SHARED_LIBS=ON -DCMAKE_BUILD_RPATH_USE_ORIGIN=ON -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_EXAMPLES=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF > "$out/cmake-configure.log" 2>&1 \
    || { log "configure failed"; tail -30 "$out/cmake-configure.log"; exit 1; }
  log "building (llama, ggml-cuda, llama-bench, llama-batched-bench, llama-quantize)"
  cmake --build "$build" -j "$(nproc)" --target llama llama-bench llama-batched-bench llama-quantize > "$out/cmake-build.log" 2>&1 \
    || { log "build failed"; tail -40 "$out/cmake-build.log"; exit 1; }
fi
natives="$build/bin"
ls "$natives" > "$out/natives.txt"
log "natives: $(ls "$natives" | grep -c '\.so') libraries in $natives"

# 2. Models: random weights of real shapes, Q4_K_M by the build's own quantizer.
mkdir -p "$models"
for s in $shapes; do
  q="$models/$s-q4_k_m.gguf"
  [ -f "$q" ] && continue
  log "synthesizing $s"
  PYTHONPATH="$work/llama.cpp/gguf-py" python3 "$root/../shared/gpu/synth_gguf.py" "$root/../shared/gpu/ggml-vocab-llama-bpe.gguf" "$models/$s-f16.gguf" "$s" >> "$out/synth.log" 2>&1 \
    || { log "synth $s failed"; tail -5 "$out/synth.log"; exit 1; }
  log "quantizing $s to Q4_K_M"
  "$natives/llama-quantize" "$models/$s-f16.gguf" "$q.partial" Q4_K_M "$(nproc)" >> "$out/quantize.log" 2>&1 && mv "$q.partial" "$q" \
    || { log "quantize $s failed"; exit 1; }
  rm -f "$models/$s-f16.gguf"
done

# 3. The same files, the same libraries: llama.cpp's tools, then ours.
pmcopilot="$carry/pmcopilot/pmcopilot"
export PMCOPILOT_NATIVE_DIR="$natives"
for s in $shapes; do
  q="$models/$s-q4_k_m.gguf"
  log "$s: llama-bench"
  timeout "$step" "$natives/llama-bench" -m "$q" -ngl 99 -p 512 -n 128 -r 3 -o json > "$out/llama-bench-$s.json" 2> "$out/llama-bench-$s.log" || log "llama-bench $s failed (exit $?)"
  log "$s: llama-batched-bench"
  timeout "$step" "$natives/llama-batched-bench" -m "$q" -ngl 99 -c 32768 -b 2048 -ub 512 -npp 512 -ntg 128 -npl 1,8,32 \
    > "$out/batched-bench-$s.txt" 2> "$out/batched-bench-$s.log" || log "llama-batched-bench $s failed (exit $?)"
  log "$s: pmcopilot bench"
  timeout "$step" "$pmcopilot" bench -p 512 -n 128 -r 3 --parallel 8 32 --no-ttft --gpu-layers -1 --threads 4 \
    --native-dir "$natives" --model "$q" --json "$out/pmcopilot-$s.json" > "$out/pmcopilot-$s.txt" 2>&1 || log "pmcopilot bench $s failed (exit $?)"
  {
    echo; echo "## $s Q4_K_M"
    echo '```'; cat "$out/pmcopilot-$s.txt" 2>/dev/null | grep -E '^(pp|tg|natives|model)' ; echo '```'
    echo '```'; grep -E '^\|' "$out/batched-bench-$s.txt" 2>/dev/null; echo '```'
    python3 - "$out/llama-bench-$s.json" "$out/pmcopilot-$s.json" <<'PY' || true
import json, sys
try:
    ref = {("pp" if r["n_prompt"] else "tg"): r["avg_ts"] for r in json.load(open(sys.argv[1]))}
    ours = {m["name"][:2]: m["mean"] for m in json.load(open(sys.argv[2]))["measurements"] if m["name"][:2] in ("pp", "tg") and "x" not in m["name"]}
    for k in ("pp", "tg"):
        print(f"- {k}: ours {ours[k]:,.1f} / llama-bench {ref[k]:,.1f} tok/s = {ours[k] / ref[k]:.3f}")
except Exception as e:
    print(f"- ratio not computed: {e}")
PY
  } >> "$results"
done
log "done; $results"
cat "$results"

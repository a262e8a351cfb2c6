#!/usr/bin/env bash
# Runs ON the GPU machine (device tool), from the repository root, after tests/bench/gpu/prepare.sh here and with
# carry [".gpu/carry"]:  bash tests/bench/gpu/device-run.sh
#
# Builds llama.cpp b9842 for sm_$ARCH, synthesizes random-weight Llama-3.2-1B / Llama-3.1-8B shapes and quantizes them
# to Q4_K_M with the build's llama-quantize, then runs on the same files and libraries: llama-bench, llama-batched-bench
# and our published `pmcopilot bench`. Results: $OUT/results.md (ratios, by summarize.py) plus the raw files.
#
# The device gives 600 s per call and ~15 min per session, so the work is in stages that each leave a mark in .gpu/
# (not carried; a warm machine keeps it): a second call continues where the first stopped. A call starts nothing new
# after BUDGET seconds and a build or benchmark still running then is stopped (ninja resumes it next call); the exit
# code says what happened: 0 everything measured, 4 time ran out (call again), 1 a step failed, 3 a tool is missing.
#
# env: BACKEND=cuda|cpu (cpu: a rehearsal on a machine without a GPU), ARCH=90, SHAPES="1b 8b", NPP=512, NTG=128,
#      NPL="1 8 32", REPS=3, THREADS (default: nproc), BUDGET=500 (seconds for this call), SKIP_BUILD=1 (reuse only),
#      PYTHON=python3 (one with numpy, for synth_gguf.py)
set -uo pipefail
root="$(pwd)"
started=$SECONDS
backend="${BACKEND:-cuda}" arch="${ARCH:-90}" shapes="${SHAPES:-1b 8b}"
python="${PYTHON:-python3}" npp="${NPP:-512}" ntg="${NTG:-128}" npl="${NPL:-1 8 32}" reps="${REPS:-3}" threads="${THREADS:-$(nproc)}" budget="${BUDGET:-500}"
work="$root/.gpu"; carry="$work/carry"; models="$work/models"; state="$work/results"
if [ "$backend" = cpu ]; then build="$work/build-cpu"; ngl=0; else build="$work/build-sm$arch"; ngl=99; fi
out="${OUT:-$root/artifacts/gpu-out}"
mkdir -p "$out" "$state" "$models"

log() { printf '[%s +%ds] %s\n' "$(date -u +%H:%M:%S)" "$((SECONDS - started))" "$*" | tee -a "$state/run.log" >&2; }
left() { echo $((budget - (SECONDS - started))); }
finish() {
  python3 "$root/tests/bench/gpu/summarize.py" "$state" "$shapes" "$npl" > "$state/results.md" 2> "$state/summarize.log" \
    || log "summary failed: $(tail -1 "$state/summarize.log")"
  cp -r "$state/." "$out/" 2>/dev/null
  cat "$state/results.md" 2>/dev/null
  exit "$1"
}
# Runs "$@" with what is left of the budget; a run cut short by it ends the call with exit 4 (nothing is marked done).
bounded() {
  local limit; limit=$(left)
  [ "$limit" -gt 10 ] || { log "budget spent before: $*"; finish 4; }
  timeout "$limit" "$@"; local rc=$?
  if [ $rc -eq 124 ]; then log "budget spent during: $1 (call again: it resumes)"; finish 4; fi
  return $rc
}

{
  echo "this call: $(date -u +%Y-%m-%dT%H:%MZ) (earlier calls' results are kept; see run.log for when each ran)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
  if [ "$backend" = cuda ]; then
    nvidia-smi --query-gpu=name,compute_cap,memory.total,driver_version --format=csv,noheader | sed 's/^/gpu: /'
    nvcc --version | tail -1 | sed 's/^/nvcc: /'
  else
    echo "gpu: none (BACKEND=cpu rehearsal)"
  fi
  echo "cmake: $(cmake --version | head -1)"
  echo "settings: backend $backend, threads $threads, NPP $npp, NTG $ntg, NPL $npl, repetitions $reps"
} > "$state/machine.txt" 2>&1

# 1. Build b9842 (once; resumable).
if [ ! -f "$state/build.done" ]; then
  [ "${SKIP_BUILD:-0}" = 1 ] && { log "no finished build in $build and SKIP_BUILD=1"; finish 3; }
  tools="cmake $python"; [ "$backend" = cuda ] && tools="$tools nvcc"
  for t in $tools; do command -v "$t" >/dev/null || { log "$t is missing on this machine"; finish 3; }; done
  if [ ! -f "$work/llama.cpp/CMakeLists.txt" ]; then
    mkdir -p "$work/llama.cpp" && tar -xzf "$carry/llama-src.tar.gz" -C "$work/llama.cpp" || { log "no llama.cpp source in $carry (run prepare.sh and carry .gpu/carry)"; finish 1; }
  fi
  if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
    generator=(); command -v ninja >/dev/null && generator=(-G Ninja)
    cuda=(-DGGML_CUDA=OFF); [ "$backend" = cuda ] && cuda=(-DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES="$arch")
    log "configuring b9842 ($backend$([ "$backend" = cuda ] && echo ", sm_$arch"))"
    cmake -S "$work/llama.cpp" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "${cuda[@]}" \
      -DBUILD_SHARED_LIBS=ON -DCMAKE_BUILD_RPATH_USE_ORIGIN=ON -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_EXAMPLES=OFF \
      -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF > "$state/cmake-configure.log" 2>&1 \
      || { log "configure failed: $(tail -3 "$state/cmake-configure.log")"; rm -rf "$build"; finish 1; }
  fi
  log "building llama, llama-bench, llama-batched-bench, llama-quantize ($(left) s left)"
  bounded cmake --build "$build" -j "$(nproc)" --target llama llama-bench llama-batched-bench llama-quantize >> "$state/cmake-build.log" 2>&1 \
    || { log "build failed: $(tail -5 "$state/cmake-build.log")"; finish 1; }
  ls "$build/bin" > "$state/natives.txt"
  touch "$state/build.done"
  log "built: $(grep -c '\.so' "$state/natives.txt") libraries"
fi
natives="$build/bin"

# 2. Models: random weights of real shapes, Q4_K_M by the build's own quantizer. gguf-py imports PyYAML, for model
#    cards only (synth_gguf.py reads none): where it is missing a stub stands in, so numpy is all the machine needs.
pythonpath="$work/llama.cpp/gguf-py"
if ! "$python" -c 'import yaml' 2>/dev/null; then
  mkdir -p "$work/pyshim"
  printf '%s\n' 'def safe_load(*args, **kwargs):' '    raise RuntimeError("PyYAML is not installed")' > "$work/pyshim/yaml.py"
  pythonpath="$pythonpath:$work/pyshim"
fi
for s in $shapes; do
  q="$models/$s-q4_k_m.gguf"
  [ -f "$q" ] && continue
  if [ ! -f "$models/$s-f16.gguf" ]; then
    log "synthesizing $s"
    bounded env PYTHONPATH="$pythonpath" "$python" "$root/../shared/gpu/synth_gguf.py" "$root/../shared/gpu/ggml-vocab-llama-bpe.gguf" "$models/$s-f16.gguf.partial" "$s" >> "$state/synth.log" 2>&1 \
      || { log "synth $s failed: $(tail -2 "$state/synth.log")"; finish 1; }
    mv "$models/$s-f16.gguf.partial" "$models/$s-f16.gguf"
  fi
  log "quantizing $s to Q4_K_M"
  bounded "$natives/llama-quantize" "$models/$s-f16.gguf" "$q.partial" Q4_K_M "$(nproc)" >> "$state/quantize.log" 2>&1 \
    || { log "quantize $s failed: $(tail -2 "$state/quantize.log")"; finish 1; }
  mv "$q.partial" "$q" && rm -f "$models/$s-f16.gguf"
done

# 3. The same files, the same libraries: llama.cpp's tools, then ours (each result kept; a later call skips it).
pmcopilot="$carry/pmcopilot/pmcopilot"
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1  # as published (prepare.sh); no libicu needed
[ -x "$pmcopilot" ] || { log "no published pmcopilot in $carry (run prepare.sh)"; finish 1; }
npl_csv=$(echo $npl | tr ' ' ',')
ctx=$(( $(echo $npl | tr ' ' '\n' | sort -n | tail -1) * (npp + ntg > 1024 ? npp + ntg : 1024) ))
failed=0
for s in $shapes; do
  q="$models/$s-q4_k_m.gguf"
  if [ ! -s "$state/llama-bench-$s.json" ]; then
    log "$s: llama-bench -p $npp -n $ntg"
    bounded "$natives/llama-bench" -m "$q" -ngl $ngl -t "$threads" -p "$npp" -n "$ntg" -r "$reps" -o json > "$state/llama-bench-$s.json.partial" 2> "$state/llama-bench-$s.log" \
      && mv "$state/llama-bench-$s.json.partial" "$state/llama-bench-$s.json" || { log "llama-bench $s failed: $(tail -2 "$state/llama-bench-$s.log")"; failed=1; }
  fi
  if [ ! -s "$state/batched-bench-$s.jsonl" ]; then
    log "$s: llama-batched-bench -npl $npl_csv"
    bounded "$natives/llama-batched-bench" -m "$q" -ngl $ngl -t "$threads" -c "$ctx" -b 2048 -ub 512 -npp "$npp" -ntg "$ntg" -npl "$npl_csv" --output-format jsonl \
      > "$state/batched-bench-$s.jsonl.partial" 2> "$state/batched-bench-$s.log" \
      && mv "$state/batched-bench-$s.jsonl.partial" "$state/batched-bench-$s.jsonl" || { log "llama-batched-bench $s failed: $(tail -2 "$state/batched-bench-$s.log")"; failed=1; }
  fi
  # Twice, as llama.cpp's tools run: pp/tg on a one-sequence context (llama-bench), the batched figures on a context of
  # max(B) sequences (llama-batched-bench); more KV streams make every step of a small model dearer on both sides.
  for mode in single parallel; do
    result="$state/pmcopilot-$s-$mode.json"
    [ -s "$result" ] && continue
    extra=(); [ $mode = parallel ] && extra=(--parallel $npl --http)
    log "$s: pmcopilot bench -p $npp -n $ntg ${extra[*]}"
    bounded "$pmcopilot" bench -p "$npp" -n "$ntg" -r "$reps" "${extra[@]}" --no-ttft --gpu-layers $([ $ngl = 0 ] && echo 0 || echo -1) \
      --threads "$threads" --native-dir "$natives" --model "$q" --json "$result.partial" > "$state/pmcopilot-$s-$mode.txt" 2>&1 \
      && mv "$result.partial" "$result" || { log "pmcopilot bench $s $mode failed: $(tail -3 "$state/pmcopilot-$s-$mode.txt")"; failed=1; }
  done
done
log "done"
finish $failed

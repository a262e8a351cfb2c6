#!/usr/bin/env bash
# Peer benchmark of the LLM runtime (issue 10): our `pmcopilot bench` against node-llama-cpp 3.19.0, in the same run,
# on the same model files and the SAME native libraries (node-llama-cpp's prebuilt b9842 CPU folder, which our runtime
# loads through --native-dir), same thread count. Repetitions of the two sides are interleaved so that load from other
# processes hits both alike. Not part of CI (minutes of CPU).
#
#   tests/bench/llm/run.sh                 # tiny model and the Llama-3.2-1B shape (Q4_K_M), 3 repetitions
#   REPS=5 MODELS="tiny" tests/bench/llm/run.sh
#
# Environment: REPS (3: processes per side, interleaved), INNER (5: repetitions inside each process after a warm-up, median
#              reported — the first large decode of a process is often slower, on both sides), THREADS (1), CONTEXT (1024 tokens, both sides; room for the ~700-token TTFT turn), MODELS ("tiny 1b"), P_TINY/N_TINY (512/128), P_1B/N_1B (128/32), TTFT_ALL (0: TTFT on the tiny model only),
#              BENCH_CACHE (artifacts/bench-cache: npm install, llama.cpp source, models — reused by later runs).
# Output: artifacts/bench-cache/results/<timestamp>/{*.json,summary.md}; summary.md is the table for docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
shared="$(cd "$root/../shared" && pwd)"
cache="${BENCH_CACHE:-$root/artifacts/bench-cache}"
reps="${REPS:-3}" inner="${INNER:-5}" threads="${THREADS:-1}" context="${CONTEXT:-1024}" models="${MODELS:-tiny 1b}"
mkdir -p "$cache"
say() { printf '[bench] %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null || { echo "run.sh needs '$1' on PATH ($2)" >&2; exit 3; }; }
need node "Node.js 20+"; need npm "npm"; need dotnet ".NET 10 SDK"; need git "git"; need python3 "python3"
# gguf-py needs numpy: take the first python that has it (a pyenv shim often shadows Debian's python3-numpy).
py=""
for candidate in ${PYTHON:-} python3 /usr/bin/python3; do
  "$candidate" -c 'import numpy' 2>/dev/null && { py="$candidate"; break; }
done

# 1. The peer, from npm. SKIP_DOWNLOAD: never build llama.cpp; the optional dependency @node-llama-cpp/linux-x64
#    brings the prebuilt b9842 CPU libraries, which both sides load (named explicitly; the other optional platform
#    packages — CUDA, Vulkan, ARM, hundreds of MB — are omitted).
npm_dir="$cache/npm"
if [ ! -d "$npm_dir/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64" ]; then
  say "installing node-llama-cpp@3.19.0 into $npm_dir"
  mkdir -p "$npm_dir"
  [ -f "$npm_dir/package.json" ] || echo '{"name":"pmcopilot-bench-peer","private":true,"type":"module"}' > "$npm_dir/package.json"
  (cd "$npm_dir" && NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm install --no-audit --no-fund --loglevel=error --omit=optional node-llama-cpp@3.19.0 @node-llama-cpp/linux-x64@3.19.0)
fi
natives="$npm_dir/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64"
[ -f "$natives/libllama.b9842.so" ] || { echo "expected b9842 libraries in $natives" >&2; exit 3; }
cp "$root/tests/bench/llm/peer.mjs" "$npm_dir/peer.mjs"   # resolves node-llama-cpp from $npm_dir/node_modules

# 2. Our CLI.
say "building pmcopilot (Release)"
dotnet build "$root/src/PmCopilot.Cli" -c Release -nologo -v q >&2
pmcopilot=(dotnet "$root/src/PmCopilot.Cli/bin/Release/net10.0/pmcopilot.dll")

# 3. Models: tiny from ../shared; Llama-3.2-1B shape with random weights (synth_gguf.py + gguf-py from the llama.cpp
#    source node-llama-cpp bundles), quantized to Q4_K_M by our quantizer on the same natives.
mkdir -p "$cache/models"
model_path() {
  case "$1" in
    tiny) echo "$shared/models/llama-2-tiny-random.gguf" ;;
    1b)
      local q="$cache/models/1b-q4_k_m.gguf" f16="$cache/models/1b-f16.gguf"
      if [ ! -f "$q" ]; then
        if [ ! -d "$cache/llama.cpp/gguf-py" ]; then
          say "cloning llama.cpp b9842 from node-llama-cpp's git bundle"
          git clone -q "$npm_dir/node_modules/node-llama-cpp/llama/gitRelease.bundle" "$cache/llama.cpp" >&2
        fi
        if [ ! -f "$f16" ]; then
          say "synthesizing the Llama-3.2-1B shape (random F16 weights)"
          [ -n "$py" ] || { echo "no python with numpy (Debian: apt-get install python3-numpy, or set PYTHON)" >&2; exit 3; }
          PYTHONPATH="$cache/llama.cpp/gguf-py" "$py" "$shared/gpu/synth_gguf.py" "$shared/gpu/ggml-vocab-llama-bpe.gguf" "$f16.partial" 1b >&2
          mv "$f16.partial" "$f16"
        fi
        say "quantizing to Q4_K_M"
        "${pmcopilot[@]}" bench quantize "$f16" "$q" --type Q4_K_M --threads "$(nproc)" --native-dir "$natives" >&2
      fi
      echo "$q" ;;
    *) echo "unknown model '$1' (tiny, 1b)" >&2; exit 2 ;;
  esac
}

out="$cache/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
for m in $models; do
  path="$(model_path "$m")"
  # TTFT turns (~700 tokens) only on the tiny model by default: on a loaded 2-core VM they take minutes on the 1B.
  case "$m" in tiny) p="${P_TINY:-512}" n="${N_TINY:-128}" ttft=() ;; *) p="${P_1B:-128}" n="${N_1B:-32}" ttft=(--no-ttft) ;; esac
  [ "${TTFT_ALL:-0}" = 1 ] && ttft=()
  echo "$p $n $path" > "$out/$m.params"
  for r in $(seq 1 "$reps"); do
    ours() {
      say "$m rep $r: ours"
      "${pmcopilot[@]}" bench -p "$p" -n "$n" -r "$inner" --threads "$threads" --context "$context" --native-dir "$natives" --model "$path" "${ttft[@]}" \
        --json "$out/$m-ours-$r.json" > "$out/$m-ours-$r.txt" 2>&1 || { cat "$out/$m-ours-$r.txt" >&2; exit 1; }
    }
    peer() {
      say "$m rep $r: node-llama-cpp"
      (cd "$npm_dir" && INNER="$inner" node peer.mjs "$path" "$p" "$n" "$threads" "$context" "${ttft[@]}") > "$out/$m-peer-$r.json"
    }
    # Alternate which side goes first.
    if [ $((r % 2)) -eq 1 ]; then ours; peer; else peer; ours; fi
  done
done

INNER="$inner" python3 "$root/tests/bench/llm/summarize.py" "$out" "$natives" "$threads" | tee "$out/summary.md"
say "results in $out"

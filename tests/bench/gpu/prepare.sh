#!/usr/bin/env bash
# Prepares what tests/bench/gpu/device-run.sh needs on the GPU machine (which has no dotnet and no network), in the
# ignored folder .gpu/carry/ — carry exactly that path with the device tool (cap: 64 MiB):
#   .gpu/carry/pmcopilot/         the CLI published self-contained for linux-x64 (trimmed; no bundled natives — the
#                                 run points it at the CUDA build with --native-dir)
#   .gpu/carry/llama-src.tar.gz   llama.cpp b9842 source (the parts a CUDA build with tools needs), from the git
#                                 bundle inside node-llama-cpp@3.19.0
# usage: tests/bench/gpu/prepare.sh [BUNDLE_OR_LLAMA_CPP_CLONE]   (default: the peer benchmark's npm cache or npm pack)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
carry="$root/.gpu/carry"
rm -rf "$carry"; mkdir -p "$carry"
limit=$((64 * 1024 * 1024))

# 1. llama.cpp b9842 source.
src="${1:-}"
if [ -z "$src" ]; then
  src="$root/artifacts/bench-cache/npm/node_modules/node-llama-cpp/llama/gitRelease.bundle"
  if [ ! -f "$src" ]; then
    mkdir -p "$root/.gpu/npm"
    (cd "$root/.gpu/npm" && npm pack node-llama-cpp@3.19.0 --loglevel=error >/dev/null && tar -xzf node-llama-cpp-3.19.0.tgz package/llama/gitRelease.bundle)
    src="$root/.gpu/npm/package/llama/gitRelease.bundle"
  fi
fi
clone="$src"
if [ -f "$src" ]; then
  clone="$root/.gpu/llama.cpp"
  [ -d "$clone/.git" ] || git clone -q "$src" "$clone"
fi
# Without the other GPU backends and the server's web UI (not built; ~3 MB the 64 MiB carry cap needs).
excludes=(); for b in cann hexagon hip metal musa opencl openvino sycl virtgpu vulkan webgpu zdnn zendnn; do excludes+=(":(exclude)ggml/src/ggml-$b"); done
git -C "$clone" archive --format=tar.gz -o "$carry/llama-src.tar.gz" HEAD \
  CMakeLists.txt cmake ggml src include common tools vendor gguf-py licenses LICENSE app pocs \
  ":(exclude)tools/ui" "${excludes[@]}"
echo "llama.cpp source: $(du -h "$carry/llama-src.tar.gz" | cut -f1) ($(git -C "$clone" describe --tags --always 2>/dev/null || echo '?'))"

# 2. The CLI, self-contained, one compressed file (not trimmed: the analyzers are netstandard2.0, and trimming breaks
#    reflection-based JSON and Semantic Kernel). Invariant globalization: the GPU machine may have no libicu, which a
#    self-contained .NET app otherwise needs at start; the benchmark does not depend on culture. LLamaSharp's bundled CPU natives are dropped: on the device the CUDA build is
#    the native folder.
dotnet publish "$root/src/PmCopilot.Cli" -c Release -r linux-x64 --self-contained -nologo -v q \
  -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:InvariantGlobalization=true \
  -p:IncludeNativeLibrariesForSelfExtract=false -o "$carry/pmcopilot"
rm -rf "$carry/pmcopilot/runtimes" "$carry/pmcopilot"/*.pdb
find "$carry/pmcopilot" -maxdepth 1 -name 'lib*.so' \( -name 'libllama*' -o -name 'libggml*' -o -name 'libmtmd*' \) -delete
size=$(du -sb "$carry" | cut -f1)
echo "carry folder: $((size / 1024 / 1024)) MiB of 64 MiB"
[ "$size" -lt "$limit" ] || { echo "too big to carry: trim further (see docs/gpu.md)" >&2; exit 1; }
echo "ok: run the device script with carry [\".gpu/carry\"]"

// The peer side of tests/bench/llm/run.sh: node-llama-cpp 3.19.0 on its own b9842 CPU libraries, measured the way
// llama-bench (and `pmcopilot bench`) measure: pp = N random tokens decoded on an empty sequence, tg = M tokens
// generated greedily one at a time (end of generation ignored), plus time to first token for a ~400-token first turn
// and a short follow-up that extends it (KV reuse). INNER repetitions per run (median reported); run.sh interleaves
// runs with ours.
// usage: node peer.mjs MODEL.gguf PROMPT_TOKENS GEN_TOKENS THREADS CONTEXT [--no-ttft]   → one JSON object on stdout
import { getLlama, LlamaLogLevel } from "node-llama-cpp";

const [modelPath, pArg, nArg, tArg, cArg, ...rest] = process.argv.slice(2);
const p = Number(pArg), n = Number(nArg), threads = Number(tArg), contextSize = Number(cArg);
const measureTtft = !rest.includes("--no-ttft");
if (!modelPath || !(p > 0) || !(n > 1) || !(threads > 0) || !(contextSize > Math.max(p, n))) {
    console.error("usage: node peer.mjs MODEL.gguf PROMPT_TOKENS GEN_TOKENS THREADS CONTEXT [--no-ttft]");
    process.exit(2);
}

const now = () => Number(process.hrtime.bigint()) / 1e9;
let seed = 1234;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

// PEER_LOG=1: llama.cpp's whole log on stderr (to compare the backend variant, n_ubatch, flash attention, buffers
// with `pmcopilot bench --native-log`).
const logLevel = process.env.PEER_LOG === "1" ? LlamaLogLevel.debug : LlamaLogLevel.error;
const logger = (level, message) => process.stderr.write(`[${level}] ${message}\n`);
const llama = await getLlama({ gpu: false, build: "never", maxThreads: threads, logLevel, logger, progressLogs: false });
const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
const context = await model.createContext({ contextSize, batchSize: 512, sequences: 1, threads: { ideal: threads, min: threads } });
const sequence = context.getSequence();
const vocab = model.tokens; // special tokens
const vocabSize = model.fileInfo.metadata?.tokenizer?.ggml?.tokens?.length;
if (!(vocabSize > 100)) throw new Error("could not read the vocabulary size from the GGUF metadata");
const randomTokens = (count) => Array.from({ length: count }, () => Math.floor(vocabSize / 10 + random() * (vocabSize - 1 - vocabSize / 10)));

async function generate(tokens, count) {
    // Greedy (temperature 0 is node-llama-cpp's default), one token per decode, EOS not checked here.
    const start = now();
    let first = 0, generated = 0;
    const out = [];
    for await (const token of sequence.evaluate(tokens, { temperature: 0 })) {
        if (generated++ === 0) first = now() - start;
        out.push(token);
        if (generated >= count) break;
    }
    return { first, total: now() - start, generated, out };
}

// Warm-up, the same as ours (and llama-bench's): an 8-token decode (compute buffers), then one unmeasured round of the
// measured shapes.
await sequence.clearHistory();
await generate(randomTokens(8), 2);
await sequence.clearHistory();
await sequence.evaluateWithoutGeneratingNewTokens(randomTokens(p));
await sequence.clearHistory();
await generate(randomTokens(1), Math.min(n, 16));

// INNER repetitions inside this process, like ours (`pmcopilot bench -r INNER`); the median of each is reported. The
// first large decode of a process is often slower (first touch of compute buffers, scheduler placement): one sample
// per process measured that, not the runtime.
const inner = Math.max(1, Number(process.env.INNER ?? "1"));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const ppSamples = [], tgSamples = [];
for (let i = 0; i < inner; i++) {
    await sequence.clearHistory();
    const start = now();
    await sequence.evaluateWithoutGeneratingNewTokens(randomTokens(p));
    ppSamples.push(p / (now() - start));

    await sequence.clearHistory();
    const g = await generate(randomTokens(1), n);
    tgSamples.push((g.generated - 1) / (g.total - g.first));
}

const result = { side: "peer", runtime: "node-llama-cpp 3.19.0", threads, contextSize, inner, pp: median(ppSamples), tg: median(tgSamples), ppSamples, tgSamples };
if (measureTtft) {
    // Same shape as our chat-client turns: chatml-formatted ~400-token user turn, 8 greedy tokens, then a follow-up.
    const words = ["roadmap", "latency", "budget", "retention", "onboarding", "pricing", "feedback", "metric", "launch", "privacy"];
    const text = (k) => Array.from({ length: k }, () => words[Math.floor(random() * words.length)]).join(" ");
    const tok = (s) => model.tokenize(s, true);
    const samples = { cold: [], followUp: [], tokenizeCold: [], tokenizeFollowUp: [] };
    for (let i = 0; i < inner; i++) {
        await sequence.clearHistory();
        // Tokenizing is timed apart: ours counts its template + tokenization inside TTFT, so the summary also shows the
        // peer with it added.
        const coldText = `<|im_start|>user\nSession ${i} ${Date.now()}: ${text(380)}<|im_end|>\n<|im_start|>assistant\n`;
        let t = now();
        const firstTurn = [...(vocab.bos != null ? [vocab.bos] : []), ...tok(coldText)];
        samples.tokenizeCold.push((now() - t) * 1000);
        const cold = await generate(firstTurn, 8);
        const followText = `<|im_end|>\n<|im_start|>user\n${text(16)}<|im_end|>\n<|im_start|>assistant\n`;
        t = now();
        // The last generated token was never decoded; it goes first so the history matches the conversation.
        const followUp = [...cold.out.slice(-1), ...tok(followText)];
        samples.tokenizeFollowUp.push((now() - t) * 1000);
        const warm = await generate(followUp, 8);
        samples.cold.push(cold.first * 1000);
        samples.followUp.push(warm.first * 1000);
        result.ttftColdPromptTokens = firstTurn.length;
        result.ttftFollowUpNewTokens = followUp.length;
    }
    result.ttftColdMs = median(samples.cold);
    result.ttftFollowUpMs = median(samples.followUp);
    result.tokenizeColdMs = median(samples.tokenizeCold);
    result.tokenizeFollowUpMs = median(samples.tokenizeFollowUp);
    result.ttftSamples = samples;
}

console.log(JSON.stringify(result));
await context.dispose();
await model.dispose();
await llama.dispose();

#!/usr/bin/env python3
"""Turn the per-repetition JSON of tests/bench/llm/run.sh into the Markdown table for docs/benchmarks.md."""
import glob, json, os, statistics, sys

out, natives, threads = sys.argv[1], sys.argv[2], sys.argv[3]


def ours_value(doc, prefix):
    # The median of the process's repetitions, as the peer reports (run.sh INNER).
    for m in doc["measurements"]:
        if m["name"].startswith(prefix):
            return statistics.median(m["samples"]) if m.get("samples") else m["mean"]
    return None


def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None, None
    return statistics.mean(values), (statistics.stdev(values) if len(values) > 1 else 0.0)


def fmt(mean, sd):
    return "—" if mean is None else f"{mean:,.1f} ± {sd:,.1f}"


print("| model | test | ours (pmcopilot bench) | peer (node-llama-cpp 3.19.0) | ours/peer (means) | ours/peer (median of paired reps) |")
print("| --- | --- | ---: | ---: | ---: | ---: |")
for params in sorted(glob.glob(os.path.join(out, "*.params"))):
    name = os.path.basename(params)[:-len(".params")]
    p, n, path = open(params).read().split(maxsplit=2)
    ours = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(out, f"{name}-ours-*.json")))]
    peer = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(out, f"{name}-peer-*.json")))]
    label = f"{name} ({os.path.basename(path.strip())})"
    rows = [
        (f"pp{p} tok/s", [ours_value(d, f"pp{p}") for d in ours], [d["pp"] for d in peer], True),
        (f"tg{n} tok/s", [ours_value(d, f"tg{n}") for d in ours], [d["tg"] for d in peer], True),
        ("TTFT cold ms", [ours_value(d, "TTFT cold") for d in ours], [d.get("ttftColdMs") for d in peer], False),
        ("TTFT follow-up ms", [ours_value(d, "TTFT follow-up") for d in ours], [d.get("ttftFollowUpMs") for d in peer], False),
        # The peer tokenizes before its clock starts; ours renders and tokenizes inside it. Same turns, peer's
        # tokenization added:
        ("TTFT cold ms, peer + its tokenization", [ours_value(d, "TTFT cold") for d in ours],
         [d["ttftColdMs"] + d["tokenizeColdMs"] if "tokenizeColdMs" in d else None for d in peer], False),
        ("TTFT follow-up ms, peer + its tokenization", [ours_value(d, "TTFT follow-up") for d in ours],
         [d["ttftFollowUpMs"] + d["tokenizeFollowUpMs"] if "tokenizeFollowUpMs" in d else None for d in peer], False),
    ]
    for test, a, b, higher_is_better in rows:
        (ma, sa), (mb, sb) = stats(a), stats(b)
        # Ratio oriented so that > 1 means ours is better (speed ratio for tok/s, inverse time ratio for latency).
        ratio = "—" if ma is None or mb is None else f"{(ma / mb if higher_is_better else mb / ma):.2f}"
        # Repetition r of both sides ran back to back, under about the same load: their ratio is the steadier figure.
        pairs = [(x / y if higher_is_better else y / x) for x, y in zip(a, b) if x and y]
        paired = f"{statistics.median(pairs):.2f}" if pairs else "—"
        print(f"| {label} | {test} | {fmt(ma, sa)} | {fmt(mb, sb)} | {ratio} | {paired} |")
print()
inner = os.environ.get("INNER", "1")
print(f"{len(ours)} interleaved processes per side, each the median of {inner} repetition(s) after a warm-up; {threads} thread(s); both sides on `{natives}`.")

#!/usr/bin/env python3
"""Turns one device-run.sh results folder into the markdown table for docs/benchmarks.md.

usage: summarize.py RESULTS_DIR "SHAPES" "NPL"

Reads, per shape S: llama-bench-S.json (llama-bench -o json), batched-bench-S.jsonl (llama-batched-bench
--output-format jsonl) and pmcopilot-S-single.json / pmcopilot-S-parallel.json (pmcopilot bench --json without and with --parallel). A missing file leaves its rows marked "not run".
Ratios are ours / llama.cpp's tool on the same build, model file and machine; targets from issue 11.
"""
import json
import os
import sys

PP_TG_TARGET = 0.97
BATCHED_TARGET = 0.95
BATCHED_TARGET_B = (8, 32)


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def load_jsonl(path):
    rows = []
    try:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    try:
                        rows.append(json.loads(line))
                    except ValueError:
                        pass
    except OSError:
        return None
    return rows


def fmt(value):
    return "not run" if value is None else f"{value:,.1f}"


def row(figure, ours, theirs, target):
    if ours is None or theirs is None or theirs == 0:
        return f"| {figure} | {fmt(ours)} | {fmt(theirs)} | – | {target or ''} |"
    ratio = ours / theirs
    verdict = ""
    if target:
        verdict = f"≥ {target:.2f} {'met' if ratio >= target else 'NOT met'}"
    return f"| {figure} | {ours:,.1f} | {theirs:,.1f} | **{ratio:.3f}** | {verdict} |"


def summarize(folder, shapes, npl):
    lines = []
    machine = os.path.join(folder, "machine.txt")
    if os.path.exists(machine):
        with open(machine) as f:
            lines += ["```", f.read().rstrip(), "```", ""]
    for shape in shapes:
        bench = load_json(os.path.join(folder, f"llama-bench-{shape}.json")) or []
        batched = load_jsonl(os.path.join(folder, f"batched-bench-{shape}.jsonl")) or []
        ours = {}
        for mode in ("parallel", "single"):  # the single-sequence run's pp/tg win over the parallel run's
            doc = load_json(os.path.join(folder, f"pmcopilot-{shape}-{mode}.json")) or {}
            ours.update({m["name"]: m["mean"] for m in doc.get("measurements", [])})

        lines += [f"### {shape} Q4_K_M", ""]
        lines += ["| figure (tok/s) | pmcopilot bench | llama.cpp tool | ours / tool | target |", "| --- | ---: | ---: | ---: | --- |"]
        for record in bench:
            kind, n = ("pp", record["n_prompt"]) if record.get("n_prompt") else ("tg", record["n_gen"])
            lines.append(row(f"{kind}{n} (llama-bench)", ours.get(f"{kind}{n}"), record.get("avg_ts"), PP_TG_TARGET))
        if not bench:
            lines.append("| pp/tg (llama-bench) | not run | not run | – | |")
        by_b = {r["pl"]: r for r in batched}
        for b in npl:
            r = by_b.get(b)
            pp, tg = (r["pp"], r["tg"]) if r else (None, None)
            ours_tg = next((v for k, v in ours.items() if k.startswith("tg") and k.endswith(f" x{b} aggregate")), None)
            ours_http = next((v for k, v in ours.items() if k.startswith("tg") and k.endswith(f" x{b} aggregate via HTTP")), None)
            ours_pp = next((v for k, v in ours.items() if k.startswith("pp") and k.endswith(f" x{b} aggregate")), None)
            target = BATCHED_TARGET if b in BATCHED_TARGET_B else None
            shape = f"{pp}+{tg}" if r else "not run"
            lines.append(row(f"B={b} generation S_TG (batched-bench, {shape})", ours_tg, r and r.get("speed_tg"), target))
            lines.append(row(f"B={b} generation S_TG through serve --http", ours_http, r and r.get("speed_tg"), target))
            lines.append(row(f"B={b} prompts S_PP (batched-bench)", ours_pp, r and r.get("speed_pp"), None))
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    folder, shapes, npl = sys.argv[1], sys.argv[2].split(), [int(b) for b in sys.argv[3].split()]
    print(summarize(folder, shapes, npl))

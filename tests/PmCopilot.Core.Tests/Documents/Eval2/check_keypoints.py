#!/usr/bin/env python3
"""Check keypoints.json against the documents of the second blind set (heldout2).

Written from the format description in the first set's README (that set's own
script was not available to the author).  Rules implemented here:

* Sentences end at . ! ? (except a '.' between two digits, as in 3.9%), at the
  full-width 。！？, and at every line break (\\n, \\r\\n and a lone \\r).
* For .html only visible text counts: <script>, <style>, <nav>, <footer> and
  <head> are dropped; block-level tags and <br> start a new line.
* A key point is a list of 1-3 case-insensitive substrings that must all occur
  in one sentence.  Every point must match >= 1 sentence; points that match
  more than 3 sentences are flagged as errors.
* Also checked: 8-10 points per document, split == "heldout2", language mix
  (6 en, 5 zh, 1 mixed), format mix, length limits (en 600-2,500 words;
  zh 1,200-3,500 non-space characters; mixed: Latin words + CJK characters,
  600-3,500), every listed file exists and every document in the folder is listed.

Usage: /usr/bin/python3 check_keypoints.py [-v]
"""
import html
import json
import os
import re
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
VERBOSE = "-v" in sys.argv[1:]

SKIP_TAGS = {"script", "style", "nav", "footer", "head"}
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3",
              "h4", "h5", "h6", "br", "section", "article", "aside", "header", "main",
              "blockquote", "pre", "dd", "dt", "dl", "figcaption", "title", "hr"}


class Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.out = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self.out.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS and not self.skip:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(re.sub(r"[ \t\r\n]+", " ", data))


def visible_text(path):
    raw = open(path, "rb").read().decode("utf-8")
    if path.endswith(".html"):
        p = Visible()
        p.feed(raw)
        p.close()
        return html.unescape("".join(p.out))
    return raw


def sentences(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out, cur = [], []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "\n":
            out.append("".join(cur)); cur = []
            continue
        cur.append(ch)
        end = False
        if ch in "!?。！？":
            end = True
        elif ch == ".":
            prev_d = i > 0 and text[i - 1].isdigit()
            next_d = i + 1 < n and text[i + 1].isdigit()
            end = not (prev_d and next_d)
        if end:
            out.append("".join(cur)); cur = []
    out.append("".join(cur))
    return [s.strip() for s in out if s.strip()]


CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def sizes(text):
    cjk = len(CJK.findall(text))
    latin_words = len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’\-.,$%/:]*", CJK.sub(" ", text)))
    nonspace = len(re.sub(r"\s", "", text))
    return cjk, latin_words, nonspace


def main():
    kp = json.load(open(os.path.join(HERE, "keypoints.json"), encoding="utf-8"))
    docs = kp["documents"]
    errors, warnings = [], []
    total_points = 0
    langs, fmts = {}, {}
    listed = set()
    crlf_txt = 0
    for d in docs:
        f = d["file"]; listed.add(f)
        path = os.path.join(HERE, f)
        if not os.path.exists(path):
            errors.append(f"{f}: missing"); continue
        if d.get("split") != "heldout2":
            errors.append(f"{f}: split is {d.get('split')!r}, expected 'heldout2'")
        lang = d.get("lang"); langs[lang] = langs.get(lang, 0) + 1
        ext = os.path.splitext(f)[1]; fmts[ext] = fmts.get(ext, 0) + 1
        raw = open(path, "rb").read()
        if ext == ".txt" and b"\r\n" in raw:
            crlf_txt += 1
            if raw.replace(b"\r\n", b"").count(b"\n"):
                warnings.append(f"{f}: mixes CRLF and bare LF line endings")
        text = visible_text(path)
        sents = sentences(text)
        cjk, words, nonspace = sizes(text)
        if lang == "en":
            size, ok = f"{words} words", 600 <= words <= 2500
        elif lang == "zh":
            size, ok = f"{nonspace} non-space chars ({cjk} CJK)", 1200 <= nonspace <= 3500
        else:
            size, ok = f"{words} Latin words + {cjk} CJK chars = {words + cjk}", 600 <= words + cjk <= 3500
        if not ok:
            errors.append(f"{f}: length out of range ({size})")
        pts = d["key_points"]
        total_points += len(pts)
        if not 8 <= len(pts) <= 10:
            errors.append(f"{f}: {len(pts)} key points (need 8-10)")
        print(f"{f} [{lang}, {ext}] {size}, {len(sents)} sentences, {len(pts)} points")
        for p in pts:
            if not 1 <= len(p) <= 3 or not all(isinstance(t, str) and t.strip() for t in p):
                errors.append(f"{f}: bad point {p}")
                continue
            low = [t.lower() for t in p]
            hits = [s for s in sents if all(t in s.lower() for t in low)]
            status = "ok"
            if not hits:
                status = "NO MATCH"; errors.append(f"{f}: {p} matches no sentence")
            elif len(hits) > 3:
                status = "TOO MANY"; errors.append(f"{f}: {p} matches {len(hits)} sentences (> 3)")
            print(f"   {status:8} {len(hits)}  {p}")
            if VERBOSE:
                for s in hits:
                    print(f"              - {s[:220]}")
    on_disk = {x for x in os.listdir(HERE) if os.path.splitext(x)[1] in (".md", ".txt", ".html")
               and x != "README.md"}
    for x in sorted(on_disk - listed):
        errors.append(f"{x}: document not listed in keypoints.json")
    print()
    print(f"documents: {len(docs)}  key points: {total_points}  langs: {langs}  formats: {fmts}  CRLF .txt: {crlf_txt}")
    if langs != {"en": 6, "zh": 5, "mixed": 1}:
        errors.append(f"language mix {langs} != 6 en / 5 zh / 1 mixed")
    if len(docs) != 12:
        errors.append(f"{len(docs)} documents, expected 12")
    if fmts.get(".html", 0) != 1:
        errors.append("expected exactly one .html document")
    if crlf_txt != 1:
        errors.append(f"expected exactly one CRLF .txt document, found {crlf_txt}")
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Adds up the .trx files and the extra suites' `*.counts` files ("passed failed") under a folder and prints one line."""
import glob
import os
import sys
import xml.etree.ElementTree as ET

folder = sys.argv[1]
passed = failed = 0
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in glob.glob(os.path.join(folder, "**", "*.trx"), recursive=True):
    counters = ET.parse(trx).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
for counts in glob.glob(os.path.join(folder, "**", "*.counts"), recursive=True):
    with open(counts) as f:
        p, fl = f.read().split()[:2]
        passed += int(p)
        failed += int(fl)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)

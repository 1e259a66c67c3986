#!/usr/bin/env python3
"""Writes a scenario's expected.json from the template on stdin, with each @NAME@ replaced by the frame numbers given
as NAME="12 15" (as frames.py prints them), written as a JSON list's items "12, 15". Checks that the result is JSON
and that no placeholder is left.

    expected.py OUT.json NAME="FRAMES" ... < TEMPLATE
"""
import json
import re
import sys

out, pairs = sys.argv[1], sys.argv[2:]
text = sys.stdin.read()
for pair in pairs:
    name, _, frames = pair.partition("=")
    numbers = frames.split()
    if not numbers or not all(n.isdigit() for n in numbers):
        sys.exit(f"expected.py: {name}: not frame numbers: {frames!r}")
    text = text.replace(f"@{name}@", ", ".join(numbers))
left = re.findall(r"@[A-Za-z0-9_]+@", text)
if left:
    sys.exit(f"expected.py: no frames given for {', '.join(sorted(set(left)))}")
json.loads(text)
with open(out, "w") as f:
    f.write(text)

#!/usr/bin/python3
"""README screenshots from the end-to-end run: crops the editor area of test-results/design-<theme>-<panel>.png
(1400x900 workbench) and writes small palette PNGs beside this script. Dev-only (Debian's python3-pil).
Usage: /usr/bin/python3 docs/screenshots/make.py [theme]   (after `THEMES=light node scripts/hostTest.mjs --only e2e --grep theme`)"""
import glob
import os
import sys

from PIL import Image

theme = sys.argv[1] if len(sys.argv) > 1 else 'light'
here = os.path.dirname(os.path.abspath(__file__))
results = os.path.join(here, '..', '..', 'test-results')
for path in sorted(glob.glob(os.path.join(results, f'design-{theme}-*.png'))):
    name = os.path.basename(path)[len(f'design-{theme}-'):]
    img = Image.open(path).convert('RGB')
    w, h = img.size
    editor = img.crop((int(w * 0.247), int(h * 0.067), w, int(h * 0.96)))
    editor.thumbnail((820, 820))
    out = os.path.join(here, name)
    editor.quantize(colors=64).save(out, optimize=True)
    print(f'{out}: {os.path.getsize(out) // 1024} KB')

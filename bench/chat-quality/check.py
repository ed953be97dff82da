"""Checks the corpus against its PDFs: every `want` entry of every questions.json has an
alternative that pdftotext (poppler-utils) finds in the résumé, and the counts the README
asks for. Run: python3 bench/chat-quality/check.py [corpus/dev/<id> ...]"""

import glob
import json
import os
import re
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
dirs = sys.argv[1:] or sorted(glob.glob(os.path.join(here, "corpus", "dev", "*")))


def squash(s):
    # pdftotext puts a space where the font changes ("875 점"), a reader may not: compare
    # without white space, case-insensitively.
    return re.sub(r"\s+", "", s).lower()


bad = 0
total = {"q": 0, "refuse": 0, "other": 0}
for d in dirs:
    doc = json.load(open(os.path.join(d, "questions.json")))
    # Both of pdftotext's readings: in reading order, and laid out as on the page.
    text = " ".join(squash(subprocess.run(["pdftotext", *mode, os.path.join(d, "resume.pdf"), "-"],
                                          capture_output=True, text=True, check=True).stdout) for mode in ([], ["-layout"]))
    qs = doc["questions"]
    refuse = sum(1 for q in qs if q.get("refuse"))
    other = sum(1 for q in qs if doc["lang"] != "mixed" and q["lang"] != doc["lang"])
    for q in qs:
        for w in q.get("want", []):
            if not any(squash(alt) in text for alt in w.split("|")):
                print(f"{os.path.basename(d)}: {q['q']!r}: {w!r} is not in the PDF")
                bad += 1
    for f in doc.get("forbid", []):
        if squash(f) not in text:
            print(f"{os.path.basename(d)}: forbid {f!r} is not in the PDF (it guards nothing)")
            bad += 1
    print(f"{os.path.basename(d):24} {doc['producer']:18} {doc['lang']:5} {len(qs):3} questions, "
          f"{refuse:2} unanswerable ({100 * refuse / len(qs):.0f} %), {other:2} in the other language")
    total["q"] += len(qs)
    total["refuse"] += refuse
    total["other"] += other
print(f"total: {total['q']} questions, {total['refuse']} unanswerable ({100 * total['refuse'] / max(total['q'], 1):.0f} %), "
      f"{total['other']} in the other language")
sys.exit(1 if bad else 0)

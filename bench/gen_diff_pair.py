#!/usr/bin/env python3
"""Generate a realistic Markdown revision pair for the diff benchmark.

Usage: gen_diff_pair.py OUT_DIR [LINES]

Writes OUT_DIR/real-old.md and OUT_DIR/real-new.md (about LINES lines
each, default 100,000), built like real documentation: chapters and
sections of varied prose paragraphs, bullet and numbered lists, tables,
fenced code in several languages, block quotes and links. The new
revision edits words in about 4 % of the paragraphs, rewrites list items
and table cells, adds code lines, inserts and deletes paragraphs, renames
a few headings and moves one chapter, as a real revision would.
Also writes real-flat-old.md / real-flat-new.md: the same text without
heading lines. Fixed seed: the same arguments always give the same bytes.
"""
import os
import random
import sys

WORDS = (
    "the agent plan task review budget token iteration schedule risk owner "
    "deliverable gate quality spec compile render section template config "
    "build release deploy staging production rollback metric latency error "
    "queue worker event contract schema migration index cache request user "
    "project team handoff story epic sprint estimate dependency path critical "
    "coordinate validate document update publish reader writer format table "
    "list code block link heading paragraph change revision diff merge branch"
).split()
LANGS = ["rust", "python", "yaml", "sh", "json", "toml"]


def sentence(rng):
    n = rng.randint(6, 18)
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.2:
        words.insert(rng.randint(0, n), "[`%s`](../%s.md)" % (rng.choice(WORDS), rng.choice(WORDS)))
    if rng.random() < 0.15:
        words.insert(rng.randint(0, n), "**%s**" % rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    # Wrapped at about 80 columns, like hand-written Markdown.
    text = " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))
    lines, line = [], ""
    for w in text.split():
        if len(line) + len(w) > 78:
            lines.append(line)
            line = w
        else:
            line = (line + " " + w).strip()
    lines.append(line)
    return lines


def block(rng):
    kind = rng.random()
    if kind < 0.55:
        return ["P"] + paragraph(rng)
    if kind < 0.7:
        marker = rng.choice(["-", "*", "1."])
        return ["L"] + ["%s %s" % (marker, sentence(rng)) for _ in range(rng.randint(3, 8))]
    if kind < 0.82:
        cols = rng.randint(3, 5)
        head = [rng.choice(WORDS).capitalize() for _ in range(cols)]
        rows = ["| " + " | ".join(head) + " |", "|" + "---|" * cols]
        for _ in range(rng.randint(3, 12)):
            rows.append("| " + " | ".join(rng.choice(WORDS) for _ in range(cols)) + " |")
        return ["T"] + rows
    if kind < 0.95:
        lang = rng.choice(LANGS)
        body = []
        for i in range(rng.randint(4, 20)):
            indent = "    " * rng.randint(0, 2)
            body.append("%s%s_%d = %s(%s)" % (indent, rng.choice(WORDS), i, rng.choice(WORDS), rng.choice(WORDS)))
        return ["C", "```" + lang] + body + ["```"]
    return ["Q"] + ["> " + l for l in paragraph(rng)]


def document(lines):
    rng = random.Random(14)
    chapters, total, c = [], 0, 0
    while total < lines:
        c += 1
        sections = []
        for s in range(rng.randint(3, 9)):
            blocks = [block(rng) for _ in range(rng.randint(2, 7))]
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))).title()
            sections.append([title, blocks])
            total += 2 + sum(len(b) for b in blocks)
        chapters.append(["Chapter %d: %s" % (c, rng.choice(WORDS).title()), sections])
    return chapters


def revise(chapters):
    rng = random.Random(41)
    out = []
    for ch in chapters:
        title, sections = ch
        new_sections = []
        for st, blocks in sections:
            if rng.random() < 0.02:
                st = st + " (Revised)"
            nb = []
            for b in blocks:
                r = rng.random()
                if r < 0.01:
                    continue  # deleted
                b = list(b)
                if b[0] in "PQ" and r < 0.05:
                    i = rng.randrange(1, len(b))
                    words = b[i].split()
                    words[rng.randrange(len(words))] = rng.choice(WORDS)
                    b[i] = " ".join(words)
                elif b[0] in "LT" and r < 0.08:
                    i = rng.randrange(2 if b[0] == "T" else 1, len(b))
                    b[i] = b[i].replace(" the ", " a ", 1) + " (updated)"
                elif b[0] == "C" and r < 0.06:
                    b.insert(rng.randrange(2, len(b) - 1), "    new_line = added(here)")
                nb.append(b)
                if rng.random() < 0.01:
                    nb.append(["P"] + paragraph(rng))
            new_sections.append([st, nb])
        out.append([title, new_sections])
    # One chapter moves to the end.
    if len(out) > 10:
        out.append(out.pop(5))
    return out


def render(chapters, headings=True):
    out = ["# Platform Guide", "", "Intro paragraph of the guide.", ""]
    for title, sections in chapters:
        if headings:
            out += ["## " + title, ""]
        for st, blocks in sections:
            if headings:
                out += ["### " + st, ""]
            for b in blocks:
                out += b[1:] + [""]
    if not headings:
        out = [l for l in out if not l.startswith("#")]
    return "\n".join(out) + "\n"


def main():
    out_dir = sys.argv[1]
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    os.makedirs(out_dir, exist_ok=True)
    old = document(lines)
    new = revise([[t, [[s, [list(b) for b in bs]] for s, bs in ss]] for t, ss in old])
    for name, doc in [("old", old), ("new", new)]:
        with open(os.path.join(out_dir, "real-%s.md" % name), "w") as f:
            f.write(render(doc))
        with open(os.path.join(out_dir, "real-flat-%s.md" % name), "w") as f:
            f.write(render(doc, headings=False))


if __name__ == "__main__":
    main()

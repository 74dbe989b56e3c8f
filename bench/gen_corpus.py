#!/usr/bin/env python3
"""Generate the lint benchmark corpus: deterministic Markdown files.

Usage: gen_corpus.py OUT_DIR [FILES]

Writes FILES (default 2,300) Markdown files, about 18 MB in all, under
OUT_DIR in nested directories: compiled JAEGIS plans (every manifest
section, tables; 12 %), half-filled PACT templates with placeholders and
an LLM directive (8 %), READMEs with code blocks and links (55 %), and
changelogs with spec-kit task lines (25 %). The same arguments always give the same bytes (fixed seed), so
runs on different machines compare.
"""
import os
import random
import sys
import tomllib

MANIFESTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "templates", "manifests")


def headings(kind):
    """The manifest's headings, `*` filled in, optional ones kept."""
    with open(os.path.join(MANIFESTS, kind + ".toml"), "rb") as f:
        text = tomllib.load(f)["headings"]
    out = []
    for line in text.strip().splitlines():
        line = line.replace("{optional}", "").replace("{repeat}", "").strip()
        out.append(line.replace("*", "Atlas"))
    return out

WORDS = (
    "agent plan task phase review deploy metric owner risk gate stream "
    "schedule budget token coordination quality release service database "
    "migration rollback monitor alert incident report handover dependency "
    "critical path estimate capacity latency throughput contract schema"
).split()


def sentence(rng, n=None):
    n = n or rng.randint(6, 18)
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def table(rng, rows, cols, placeholder_rate):
    head = "| " + " | ".join(rng.choice(WORDS).title() for _ in range(cols)) + " |"
    sep = "|" + "|".join("---" for _ in range(cols)) + "|"
    body = []
    for r in range(rows):
        cells = []
        for c in range(cols):
            if rng.random() < placeholder_rate:
                cells.append("[" + rng.choice(WORDS).upper() + "_" + rng.choice(WORDS).upper() + "]")
            else:
                cells.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))))
        body.append("| " + " | ".join(cells) + " |")
    return "\n".join([head, sep] + body)


def code_block(rng):
    lang = rng.choice(["", "yaml", "json", "python", "sh", "rust", "text"])
    lines = []
    for _ in range(rng.randint(4, 20)):
        key = rng.choice(WORDS)
        if lang in ("", "yaml", "text"):
            value = "[" + key.upper() + "]" if rng.random() < 0.2 else rng.choice(WORDS)
            lines.append(f"  {key}: {value}")
        elif lang == "json":
            lines.append(f'  "{key}": "{rng.choice(WORDS)}",')
        elif lang == "sh":
            lines.append(f"quickgrep --type {key} '[A-Z]+' src/{rng.choice(WORDS)}")
        else:
            lines.append(f"let {key} = items[INDEX].{rng.choice(WORDS)}();")
    return f"```{lang}\n" + "\n".join(lines) + "\n```"


def document(rng, i):
    kind = rng.random()
    parts = []
    if kind < 0.12:  # compiled plan: every section filled, big tables
        for h in headings("jaegis-framework"):
            parts.append(h)
            parts.append(" ".join(sentence(rng) for _ in range(rng.randint(1, 3))))
            if h.startswith("### ") and rng.random() < 0.5:
                parts.append(table(rng, rng.randint(3, 9), rng.randint(4, 6), 0.01))
            if h.startswith("### ") and rng.random() < 0.15:
                parts.append(code_block(rng))
        parts.append("<!-- planforge-kind: jaegis-framework -->")
    elif kind < 0.20:  # half-filled PACT template
        parts.append("[[LLM: VALIDATION CHECKPOINT - review every section.]]")
        for h in headings("pact-action-phase"):
            parts.append(h)
            if rng.random() < 0.1:
                parts.append("- **Owner**: [OWNER_NAME]\n- **Window**: [START_DATE - END_DATE]")
                parts.append("[Describe the " + " ".join(rng.choice(WORDS) for _ in range(6)) + "]")
            else:
                parts.append(" ".join(sentence(rng) for _ in range(rng.randint(1, 3))))
            if rng.random() < 0.15:
                parts.append(table(rng, rng.randint(3, 6), 5, 0.3))
    elif kind < 0.75:  # README / guide
        parts.append(f"# tool-{i}")
        parts.append(paragraph(rng))
        for s in range(rng.randint(2, 6)):
            parts.append(f"## {sentence(rng, 2)[:-1]}")
            parts.append(paragraph(rng))
            parts.append(code_block(rng))
            parts.append(f"See [the guide][guide] and [{rng.choice(WORDS)}](https://example.com/{i}).")
            parts.append("- [ ] open item\n- [x] done item [^1]")
        parts.append("[guide]: https://example.com/guide\n[^1]: A footnote.")
    else:  # changelog / tasks
        parts.append("# Changelog")
        for v in range(rng.randint(8, 22)):
            parts.append(f"## [1.{v}.0] - 2024-05-{v % 28 + 1:02d}")
            for _ in range(rng.randint(2, 6)):
                todo = " TODO check" if rng.random() < 0.1 else ""
                parts.append(f"- T{v:03d} [P] [US{v % 5 + 1}] {sentence(rng)}{todo}")
    return "\n\n".join(parts) + "\n"


def main():
    out = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 2300
    rng = random.Random(20261121)
    total = 0
    for i in range(files):
        d = os.path.join(out, f"dir{i % 40:02d}", f"sub{i % 7}")
        os.makedirs(d, exist_ok=True)
        text = document(rng, i)
        with open(os.path.join(d, f"doc{i:05d}.md"), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
    with open(os.path.join(out, "small.md"), "w", encoding="utf-8") as f:
        f.write("# Notes\n\nOwner: [OWNER_NAME]. Status: drafted, TODO review.\n\n"
                "| Step | Owner |\n|---|---|\n| deploy | ops |\n")
    print(f"{files} files, {total / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()

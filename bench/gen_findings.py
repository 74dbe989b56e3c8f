#!/usr/bin/env python3
"""Generate the many-findings lint corpus: half-filled templates.

Usage: gen_findings.py OUT_DIR [FILES]

Writes FILES (default 2,000) Markdown files under OUT_DIR, each a JAEGIS
framework document that lost most of its sections and kept its slots:
about 29 findings a file (placeholders in prose, tables and shell/JSON
blocks, an LLM directive, missing sections with near misses), so 2,000
files give about 58,000 findings. Deterministic (fixed seed).
"""
import os
import random
import sys

SLOTS = ["[PROJECT_NAME]", "{{app_name}}", "[OWNER_NAME]", "{{Title Case}}",
         "[Provide a comprehensive overview of the phase]", "<OWNER_NAME>",
         "[insert date here]", "${PROJECT_NAME}", "{snake_case}"]
HEADINGS = ["## Executive Summary", "### Orchestration Overview",
            "## Multi-Agent Coordination Architcture", "### Agent Ecosystem Overveiw",
            "## Risk Assesment Matrix", "## Notes", "### Timeline", "### Budget"]


def doc(rng, i):
    out = [f"# Execution Orchestration Framework: Project {i}", ""]
    for h in rng.sample(HEADINGS, 5):
        out += [h, ""]
        for _ in range(2):
            out.append(f"The {rng.choice(['owner', 'lead', 'agent'])} is {rng.choice(SLOTS)} for now.")
        out.append("")
    out += ["| Role | Owner |", "|---|---|", f"| Lead | {rng.choice(SLOTS)} |", ""]
    out += ["```bash", 'APP="{{app_name}}"', 'echo "{{project_name}}"', "```", ""]
    out += ["```json", '{"id": "{{workflow_id}}"}', "```", ""]
    out += ["[[LLM: check the plan before sending it]]", ""]
    return "\n".join(out)


def main():
    out_dir = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rng = random.Random(12)
    for i in range(files):
        d = os.path.join(out_dir, f"team{i % 20:02d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"plan{i:04d}.md"), "w") as f:
            f.write(doc(rng, i))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes a synthetic planforge spec with AGENTS agents and 10x as many tasks.

Deterministic (a fixed linear congruential generator): each task depends on
up to three earlier tasks, durations vary from 1h to 3d. Agent capacity is
on: every agent leads one task at a time, except every fifth, which leads
two (so the resource-constrained scheduler does real work).
Usage: gen_spec.py AGENTS > spec.yaml
"""
import sys

def main():
    agents = int(sys.argv[1])
    tasks = agents * 10
    state = 12345
    def rnd(n):
        nonlocal state
        state = (state * 1103515245 + 12345) % (2**31)
        return state % n
    out = ["project:", f"  name: Scale test with {agents} agents", "  date: 2026-01-05", "agents:"]
    for a in range(agents):
        out += [f"  - id: a{a:05d}", f"    name: Agent {a}", f"    role: Role {a % 17}",
                f"    capacity: {2 if a % 5 == 0 else 1}"]
    out.append("tasks:")
    units = ["1h", "4h", "8h", "1d", "2d", "3d"]
    for t in range(tasks):
        deps = sorted({f"T{rnd(t):06d}" for _ in range(rnd(4))}) if t else []
        out += [f"  - id: T{t:06d}", f"    name: Task number {t}", f"    agent: a{rnd(agents):05d}",
                f"    duration: {units[rnd(len(units))]}"]
        if deps:
            out.append(f"    depends_on: [{', '.join(deps)}]")
    risks = min(agents, 50)
    out.append("risks:")
    for r in range(risks):
        out += [f"  - id: R{r:03d}", f"    description: Risk {r}", f"    probability: 0.{rnd(9) + 1}",
                f"    impact: {rnd(5) + 1}", "    mitigation: Mitigate it", "    contingency: Recover",
                f"    owner: a{rnd(agents):05d}"]
    print("\n".join(out))

main()

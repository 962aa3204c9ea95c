"""Kill rate of the last `make mutate` run, per module, for the mutants it was asked to run.

`mutmut run` also writes mutants it never runs (the rest of a file whose access helper alone
is run) as "not checked"; they are left out here. Run from the project root:

    .venv/bin/python -m tests.mutation_summary "portal.domain.*" ...
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from fnmatch import fnmatch
from pathlib import Path

# mutmut's exit codes of a mutant's test run (mutmut/stats.py).
STATUS = {0: "survived", 1: "killed", 3: "killed", 33: "no tests", 5: "no tests",
          36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout",
          34: "skipped", None: "not checked"}


def results(root: Path, patterns: list[str]) -> dict[str, dict[str, str]]:
    """{module: {mutant name: status}} for the mutants matching `patterns`."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for meta in sorted(root.glob("**/*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        for name, code in data.get("exit_code_by_key", {}).items():
            if patterns and not any(fnmatch(name, pattern) for pattern in patterns):
                continue
            module = name.split(".x_")[0].split(".xǁ")[0]
            found[module][name] = STATUS.get(code, "suspicious")
    return found


def main(patterns: list[str]) -> None:
    by_module = results(Path("mutants"), patterns)
    total: Counter[str] = Counter()
    print(f"{'module':45} {'killed':>7} {'survived':>8} {'other':>6} {'kill rate':>9}")
    for module, statuses in sorted(by_module.items()):
        counts = Counter(statuses.values())
        total.update(counts)
        print(_row(module, counts))
    print(_row("all", total))
    for module, statuses in sorted(by_module.items()):
        for name, status in sorted(statuses.items()):
            if status not in ("killed", "not checked"):
                print(f"{status}: {name}")


def _row(label: str, counts: Counter[str]) -> str:
    checked = sum(n for status, n in counts.items() if status != "not checked")
    killed = counts["killed"] + counts["timeout"]
    other = checked - killed - counts["survived"]
    rate = f"{100 * killed / checked:.1f} %" if checked else "-"
    return f"{label:45} {killed:7} {counts['survived']:8} {other:6} {rate:>9}"


if __name__ == "__main__":
    main(sys.argv[1:])

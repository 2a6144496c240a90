"""`python -m claimgraph.actors.kb`: validate every KB file and print counts."""

from __future__ import annotations

import sys
from collections import Counter

from claimgraph.actors.kb import KB_DIR, load_kb_from
from claimgraph.errors import KBError


def main() -> int:
    errors: list[str] = []
    try:
        kb = load_kb_from(KB_DIR, errors)
    except KBError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    by_file = Counter(kb.sources.values())
    for name, count in sorted(by_file.items()):
        print(f"{name:32} {count:5}")
    print(f"{'total actors':32} {len(kb.actors):5}")
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

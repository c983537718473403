"""Benchmarks that print JSON: ``python -m bench [--quick]`` (dialog steps, status lookups, memory, load; see
``bench/README.md``), ``python -m bench.documents``, ``python -m bench.deadlines``, ``python -m bench.breakdown``."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit(report: Any, path: str | None) -> None:
    """Print the report as JSON, and write it to ``path`` too when one is given."""
    text = json.dumps(report, ensure_ascii=False, indent=2)
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    sys.stdout.write(text + "\n")

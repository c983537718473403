"""The code keeps the shape DESIGN.md gives it: modules a newcomer reads in one sitting (at most 400 lines),
functions of at most 60, the Standard pure (no aiogram, no SQL), and SQL in the store only."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXEMPT = ("bot/store/migrations/versions/", "bot/demo/fake_telegram.py")  # generated migrations; the fake Bot API


def sources(*folders: str) -> list[Path]:
    return [
        p
        for folder in folders
        for p in sorted((ROOT / folder).rglob("*.py"))
        if not any(str(p.relative_to(ROOT)).startswith(e) for e in EXEMPT)
    ]


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_modules_and_functions_stay_small():
    too_long = []
    for path in sources("bot", "dialogs"):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        if len(text.splitlines()) > 400:
            too_long.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                too_long.append(f"{name}:{node.lineno} {node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert too_long == []


def test_the_standard_is_pure_and_sql_stays_in_the_store():
    for path in sources("bot/standard"):
        assert not imported(path) & {"aiogram", "aiogram_dialog", "sqlalchemy"}, path
    for path in sources("dialogs"):
        assert "sqlalchemy" not in imported(path), path

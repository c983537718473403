"""Keep the catalogs in step with the code: ``python -m bot.catalogs`` extracts every msgid into
``locales/messages.pot`` and merges it into the kk, ru and en catalogs (new entries come in empty,
and changed ones fuzzy, for a translator to fill in)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = ("Tr", "N_", "gettext", "InputError")


def extract_command(output: Path) -> list[str]:
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    return [
        sys.executable,
        "-m",
        "babel.messages.frontend",
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        "--no-default-keywords",
        *keywords,
        "--no-location",
        "--sort-output",
        "--project",
        "intake-bot",
        "--copyright-holder",
        "intake-bot developers",
        "-o",
        str(output),
        str(ROOT),
    ]


def main() -> None:
    pot = ROOT / "locales" / "messages.pot"
    subprocess.run(extract_command(pot), check=True, cwd=ROOT)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "update",
            "-i",
            str(pot),
            "-d",
            str(ROOT / "locales"),
            "--no-wrap",
            "--ignore-obsolete",
        ],
        check=True,
        cwd=ROOT,
    )


if __name__ == "__main__":
    main()

"""What the command modules share: how they register, and how they print for scripts."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

AddCommand = Callable[..., argparse.ArgumentParser]


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def add_json_flag(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--json", action="store_true", help="print machine-readable JSON (for scripts)")


def json_text(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def print_json(data: object) -> None:
    print(json_text(data), end="")

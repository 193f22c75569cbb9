"""The `paperchat` command: a thin layer over ingest and the Assistant API.

Results go to standard output, progress and errors to standard error, so that `paperchat ask ... | less`
shows only the answer."""

from __future__ import annotations

import argparse
import sys

from assistant.answer import QuestionError
from assistant.cli import library, questions, tools
from ingest.keyword_index import KeywordIndexError
from ingest.locking import WriteLockError
from ingest.pipeline import IngestError, PruneRefused
from ingest.records import SourceError
from ingest.settings import SettingsError
from ingest.store import StoreError

USER_ERRORS = (SettingsError, SourceError, IngestError, StoreError, KeywordIndexError, QuestionError,
               PruneRefused, WriteLockError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="paperchat", description="Ask questions of research papers.")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in (library, questions, tools):
        module.register(commands.add_parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except USER_ERRORS as exc:
        print(f"paperchat: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("paperchat: interrupted", file=sys.stderr)
        return 130

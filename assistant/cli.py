"""The `paperchat` command: a thin layer over ingest and the Assistant API."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer import Answer, QuestionError
from assistant.llm.backends import BACKENDS
from ingest.keyword_index import KeywordIndexError
from ingest.locking import WriteLockError
from ingest.pipeline import ConfirmPrune, IngestError, PruneRefused, ingest
from ingest.records import SourceError
from ingest.settings import SettingsError, load_settings
from ingest.store import Store, StoreError

if TYPE_CHECKING:
    from assistant.api import Assistant

USER_ERRORS = (SettingsError, SourceError, IngestError, StoreError, KeywordIndexError, QuestionError,
               PruneRefused, WriteLockError)


def _prune_confirmation(assume_yes: bool) -> ConfirmPrune:
    """Show what prune will remove; removing more than half of the store needs --yes or a 'y' typed
    at the terminal."""
    def confirm(titles: list[str], stored: int) -> bool:
        print(f"prune will remove {len(titles)} of {stored} stored papers:", file=sys.stderr)
        for title in titles:
            print(f"  - {title}", file=sys.stderr)
        if assume_yes or 2 * len(titles) <= stored:
            return True
        if not sys.stdin.isatty():
            return False
        return input("Remove them? [y/N] ").strip().lower() in {"y", "yes"}

    return confirm


def _cmd_ingest(args: argparse.Namespace) -> int:
    settings = load_settings()
    report = ingest(args.paths, settings, prune=args.prune, skip_bad=args.skip_bad, rebuild=args.rebuild,
                    confirm_prune=_prune_confirmation(args.yes))
    print(report.summary())
    return 1 if report.bad_files else 0


def _cmd_papers(args: argparse.Namespace) -> int:
    settings = load_settings()
    records = Store(settings, settings.embedding_model, create=False).paper_records()
    for record in records:
        date = record["published"] or "-"
        print(f"{record['id']}  {date:<10}  {record['title']}")
    print(f"{len(records)} papers")
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from assistant.api import Assistant

    assistant = Assistant()
    if args.papers:
        for rank, hit in enumerate(assistant.search_papers(args.question, k=args.k), start=1):
            print(f"{rank}. {hit.title}  (score {hit.score:.3f})")
        return 0
    for rank, passage in enumerate(assistant.search(args.question, k=args.k), start=1):
        print(f"{rank}. {passage.title}  (score {passage.score:.3f}, chars {passage.start}-{passage.end})")
        print(f"   {passage.text[:300]}")
    return 0


def _print_answer(answer: Answer, streamed: str) -> None:
    """After the streamed draft, the checked answer (when it differs) and its numbered sources."""
    if answer.notice:
        print(f"\n[{answer.notice}]")
    if answer.text.strip() != streamed.strip():
        print(f"\n{answer.text}" if streamed else answer.text)
    if answer.citations:
        print("\nSources:")
        for citation in answer.citations:
            link = f"  {citation.url}" if citation.url else ""
            print(f"  [{citation.n}] {citation.title}{link}\n      \"{citation.quote}\"")
    print()


def _stream_answer(assistant: Assistant, question: str, history: list[dict[str, str]], llm: str | None) -> Answer:
    streamed = ""
    for event in assistant.stream(question, history, llm):
        if isinstance(event, str):
            streamed += event
            print(event, end="", flush=True)
        else:
            print()
            _print_answer(event, streamed)
            return event
    raise RuntimeError("the answer stream ended without an answer")


def _cmd_ask(args: argparse.Namespace) -> int:
    from assistant.api import Assistant

    _stream_answer(Assistant(llm=args.llm), args.question, [], None)
    return 0


def _cmd_chat(args: argparse.Namespace) -> int:
    from assistant.api import Assistant

    assistant = Assistant(llm=args.llm)
    history: list[dict[str, str]] = []
    print("Ask about the stored papers; an empty line or Ctrl-D ends the chat.")
    while True:
        try:
            question = input("you> ").strip()
        except EOFError:
            return 0
        if not question:
            return 0
        try:
            answer = _stream_answer(assistant, question, history, None)
        except QuestionError as exc:
            print(exc)
            continue
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]


def _cmd_cite(args: argparse.Namespace) -> int:
    from assistant.api import Assistant
    from assistant.references import bibtex, bibtex_key

    if bool(args.text) == bool(args.file):
        raise QuestionError("give either TEXT or --file FILE")
    claims = [args.text] if args.text else [
        line.strip() for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    assistant = Assistant()
    results = [assistant.cite(claim, k=args.k) for claim in claims]
    if args.format == "bibtex":
        keys: dict[str, int] = {}
        entries = {}
        for result in results:
            if result.found and result.matches[0].paper_id not in entries:
                match = result.matches[0]
                key = bibtex_key(match.ref)
                keys[key] = keys.get(key, 0) + 1
                suffix = "" if keys[key] == 1 else chr(ord("a") + keys[key] - 1)
                entries[match.paper_id] = bibtex(match.ref, key=key + suffix)
        output = "\n\n".join(entries.values()) + "\n"
    else:
        rows = ["claim\tmatch\tscore\ttitle\tsentence"]
        for result in results:
            best = result.matches[0] if result.found else None
            rows.append("\t".join([result.text, best.kind if best else "none", f"{best.score:.3f}" if best else "",
                                   best.title if best else result.message, best.sentence if best else ""]))
        output = "\n".join(rows) + "\n"
    if args.output:
        args.output.write_text(output, encoding="utf-8")
        print(f"wrote {len(results)} lookups to {args.output}")
    else:
        print(output, end="")
    return 0 if all(r.found for r in results) else 1


def _cmd_eval(args: argparse.Namespace) -> int:
    from assistant import eval as evaluation

    argv = [str(args.questions), "-k", str(args.k)] + (["--show-misses"] if args.show_misses else [])
    argv += (["--answers", args.answers] if args.answers else []) + (["--limit", str(args.limit)] if args.limit else [])
    argv += ["--cite", str(args.cite)] if args.cite else []
    return evaluation.main(argv)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="paperchat", description="Ask questions of research papers.")
    commands = parser.add_subparsers(dest="command", required=True)

    cmd = commands.add_parser("ingest", help="read paper sources into the store")
    cmd.add_argument("paths", nargs="+", type=Path, help="files or directories")
    cmd.add_argument("--prune", action="store_true",
                     help="remove stored papers that files read now no longer contain, or whose files are gone "
                          "from directories read now")
    cmd.add_argument("--yes", action="store_true", help="confirm a prune that removes more than half of the store")
    cmd.add_argument("--skip-bad", action="store_true", help="ingest the good files, report the bad")
    cmd.add_argument("--rebuild", action="store_true", help="rebuild the keyword index from the store")
    cmd.set_defaults(run=_cmd_ingest)

    cmd = commands.add_parser("papers", help="list the stored papers")
    cmd.set_defaults(run=_cmd_papers)

    cmd = commands.add_parser("search", help="show the passages (or papers) that match a question")
    cmd.add_argument("question")
    cmd.add_argument("-k", type=int, default=5)
    cmd.add_argument("--papers", action="store_true", help="rank papers instead of passages")
    cmd.set_defaults(run=_cmd_search)

    cmd = commands.add_parser("ask", help="answer one question with citations")
    cmd.add_argument("question")
    cmd.add_argument("--llm", choices=list(BACKENDS), help="answer backend (default: PAPERCHAT_LLM)")
    cmd.set_defaults(run=_cmd_ask)

    cmd = commands.add_parser("chat", help="a conversation in the terminal, with follow-up questions")
    cmd.add_argument("--llm", choices=list(BACKENDS), help="answer backend (default: PAPERCHAT_LLM)")
    cmd.set_defaults(run=_cmd_chat)

    cmd = commands.add_parser("cite", help="find the paper and sentence a quote, claim or title comes from")
    cmd.add_argument("text", nargs="?")
    cmd.add_argument("--file", type=Path, help="one claim per line")
    cmd.add_argument("--format", choices=["table", "bibtex"], default="table")
    cmd.add_argument("--output", type=Path, help="write here instead of standard output")
    cmd.add_argument("-k", type=int, default=3)
    cmd.set_defaults(run=_cmd_cite)

    cmd = commands.add_parser("eval", help="score retrieval on a questions JSONL file")
    cmd.add_argument("questions", type=Path)
    cmd.add_argument("-k", type=int, default=5)
    cmd.add_argument("--show-misses", action="store_true")
    cmd.add_argument("--answers", metavar="BACKEND", help="also score the answers of this backend")
    cmd.add_argument("--limit", type=int, help="only the first N questions of each kind")
    cmd.add_argument("--cite", type=Path, metavar="LOOKUPS", help="also score citation lookup on this JSONL")
    cmd.set_defaults(run=_cmd_eval)
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


if __name__ == "__main__":
    sys.exit(main())

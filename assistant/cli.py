"""The `paperchat` command: a thin layer over ingest and the Assistant API."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer import Answer, QuestionError, Sources
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
        if isinstance(event, Sources):  # shown while the model is still reading them
            print("Sources found:")
            for source in event.sources:
                print(f"  [{source.n}] {source.title}")
            print(flush=True)
        elif isinstance(event, str):
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


def _cmd_digest(args: argparse.Namespace) -> int:
    from assistant.api import Assistant

    overview = Assistant().overview(published=args.published)
    if args.output:
        args.output.write_text(overview.to_markdown(), encoding="utf-8")
        print(f"wrote the digest of {overview.paper_count} papers in {len(overview.topics)} topics to {args.output}")
    else:
        print(overview.to_markdown(), end="")
    return 0


def _cmd_related(args: argparse.Namespace) -> int:
    from assistant.api import Assistant

    assistant = Assistant()
    paper_id = assistant.overviews.find(args.paper)
    print(f"Related to: {assistant.retriever.papers[paper_id]['title']}")
    for rank, paper in enumerate(assistant.related(paper_id, k=args.k), start=1):
        print(f"{rank}. {paper.title}  (similarity {paper.score:.3f})")
        if paper.shared_terms:
            print(f"   shared: {', '.join(paper.shared_terms)}")
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from assistant.api import Assistant

    table = Assistant().compare(args.papers, args.aspects)
    print(table.to_csv() if args.format == "csv" else table.to_markdown(), end="")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from assistant.api import Assistant

    try:
        text = args.draft.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionError(f"cannot read the draft {args.draft}: {exc}") from None
    report = Assistant().check(text)
    for sentence in report.sentences:
        print(f"[{sentence.verdict}] {sentence.text}")
        if sentence.title:
            print(f"    {sentence.title} (score {sentence.score:.2f}): \"{sentence.quote}\"")
    counts = {v: sum(s.verdict == v for s in report.sentences) for v in ("supported", "weak")}
    print(f"{len(report.sentences)} sentences: {counts['supported']} supported, {counts['weak']} weak, "
          f"{len(report.sentences) - counts['supported'] - counts['weak']} not found in the stored papers")
    if args.bib:
        args.bib.write_text(report.bib(), encoding="utf-8")
        print(f"wrote the BibTeX of the supporting papers to {args.bib}")
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from assistant import eval as evaluation

    argv = [str(args.questions), "-k", str(args.k), "--split", args.split]
    argv += ["--show-misses"] if args.show_misses else []
    argv += (["--answers", args.answers] if args.answers else []) + (["--limit", str(args.limit)] if args.limit else [])
    argv += ["--cite", str(args.cite)] if args.cite else []
    return evaluation.main(argv)


def _cmd_serve_llm(args: argparse.Namespace) -> int:
    from assistant.llm.backends import local_server_spec
    from assistant.llm.local_models import ModelUnavailable
    from assistant.llm.local_server import ServerError, serve_forever

    try:
        serve_forever(local_server_spec(load_settings(), host=args.host, port=args.port, api_key=args.api_key))
    except (ModelUnavailable, ServerError) as exc:
        print(f"paperchat: error: {exc}", file=sys.stderr)
        return 2
    return 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


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

    cmd = commands.add_parser("digest", help="the stored papers by topic, each with a one-line TLDR (Markdown)")
    cmd.add_argument("--published", metavar="DATE", help="only papers published that day (2025-10-09, Oct 9)")
    cmd.add_argument("--output", type=Path, help="write here instead of standard output")
    cmd.set_defaults(run=_cmd_digest)

    cmd = commands.add_parser("related", help="the stored papers closest in content to one paper")
    cmd.add_argument("paper", help="its title (half-remembered is fine) or id")
    cmd.add_argument("-k", type=_positive, default=5, help="how many (default 5)")
    cmd.set_defaults(run=_cmd_related)

    cmd = commands.add_parser("compare", help="2-6 papers side by side, aspect by aspect (from their abstracts)")
    cmd.add_argument("papers", nargs="+", help="titles (half-remembered is fine) or ids")
    cmd.add_argument("--aspects", nargs="+", metavar="ASPECT",
                     help="default: problem, method, data / evaluation, main result, limitation")
    cmd.add_argument("--format", choices=["markdown", "csv"], default="markdown")
    cmd.set_defaults(run=_cmd_compare)

    cmd = commands.add_parser("check", help="check each sentence of a draft against the stored papers")
    cmd.add_argument("draft", type=Path, help="a text or Markdown file")
    cmd.add_argument("--bib", type=Path, help="write the BibTeX of every supporting paper here")
    cmd.set_defaults(run=_cmd_check)

    cmd = commands.add_parser("eval", help="score retrieval and answers on a questions JSONL file")
    cmd.add_argument("questions", type=Path)
    cmd.add_argument("-k", type=int, default=5)
    cmd.add_argument("--show-misses", action="store_true")
    cmd.add_argument("--split", choices=["tune", "report", "all"], default="all", help="only this split's questions")
    cmd.add_argument("--answers", metavar="BACKEND", default="extractive",
                     help="score the answers of this backend (default: extractive)")
    cmd.add_argument("--limit", type=int, help="only the first N questions of each kind")
    cmd.add_argument("--cite", type=Path, metavar="LOOKUPS", help="also score citation lookup on this JSONL")
    cmd.set_defaults(run=_cmd_eval)

    cmd = commands.add_parser("serve-llm", help="serve the local model to several app processes (OpenAI API)")
    cmd.add_argument("--host", default="127.0.0.1")
    cmd.add_argument("--port", type=int, default=8080)
    cmd.add_argument("--api-key", help="require this key from clients (PAPERCHAT_OPENAI_API_KEY)")
    cmd.set_defaults(run=_cmd_serve_llm)
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

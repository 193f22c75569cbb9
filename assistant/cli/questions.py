"""Commands that ask the stored papers: search, ask, chat and citation lookup."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer import Answer, QuestionError
from assistant.cli.common import AddCommand, add_json_flag, json_text, print_json
from assistant.llm.backends import BACKENDS
from assistant.lookup import CiteResult

if TYPE_CHECKING:
    from assistant.api import Assistant


def _cmd_search(args: argparse.Namespace) -> int:
    from assistant.api import Assistant

    assistant = Assistant()
    if args.papers:
        hits = assistant.search_papers(args.question, k=args.k)
        if args.json:
            print_json([{"rank": rank, "paper_id": hit.paper_id, "title": hit.title, "score": hit.score}
                        for rank, hit in enumerate(hits, start=1)])
            return 0
        for rank, hit in enumerate(hits, start=1):
            print(f"{rank}. {hit.title}  (score {hit.score:.3f})")
        return 0
    passages = assistant.search(args.question, k=args.k)
    if args.json:
        print_json([{"rank": rank, **asdict(passage)} for rank, passage in enumerate(passages, start=1)])
        return 0
    for rank, passage in enumerate(passages, start=1):
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


def _stream_answer(assistant: Assistant, question: str, history: list[dict[str, str]]) -> Answer:
    """On a terminal: the sources at once, the draft as the model writes it, then the checked answer.
    Piped (`paperchat ask ... | less`), that live view goes to stderr and stdout gets the checked answer."""
    live = sys.stdout if sys.stdout.isatty() else sys.stderr
    stream = assistant.stream(question, history)
    try:
        if stream.sources is not None:  # shown while the model is still reading them
            print("Sources found:", file=live)
            for source in stream.sources:
                print(f"  [{source.n}] {source.title}", file=live)
            print(file=live, flush=True)
        streamed = ""
        for delta in stream:
            streamed += delta
            print(delta, end="", file=live, flush=True)
        print(file=live, flush=True)
    finally:
        stream.close()
    _print_answer(stream.answer, streamed if live is sys.stdout else "")
    return stream.answer


def _cmd_ask(args: argparse.Namespace) -> int:
    from assistant.api import Assistant

    assistant = Assistant(llm=args.llm)
    if args.json:
        print_json(assistant.ask(args.question).to_dict())
    else:
        _stream_answer(assistant, args.question, [])
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
            answer = _stream_answer(assistant, question, history)
        except QuestionError as exc:
            print(exc)
            continue
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]


def _cite_output(results: list[CiteResult], output: str) -> str:
    from assistant.references import bib_file

    if output == "json":
        return json_text([result.to_dict() for result in results])
    if output == "bibtex":
        return bib_file([result.matches[0].ref for result in results if result.found])
    rows = ["claim\tmatch\tscore\ttitle\tsentence"]
    for result in results:
        best = result.matches[0] if result.found else None
        rows.append("\t".join([result.text, best.kind if best else "none", f"{best.score:.3f}" if best else "",
                               best.title if best else result.message, best.sentence if best else ""]))
    return "\n".join(rows) + "\n"


def _cmd_cite(args: argparse.Namespace) -> int:
    from assistant.api import Assistant

    if bool(args.text) == bool(args.file):
        raise QuestionError("give either TEXT or --file FILE")
    if args.json and args.format != "table":
        raise QuestionError(f"give either --json or --format {args.format}, not both")
    claims = [args.text] if args.text else [
        line.strip() for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    assistant = Assistant()
    results = [assistant.cite(claim, k=args.k) for claim in claims]
    output = _cite_output(results, "json" if args.json else args.format)
    if args.output:
        args.output.write_text(output, encoding="utf-8")
        print(f"wrote {len(results)} lookups to {args.output}", file=sys.stderr)
    else:
        print(output, end="")
    return 0 if all(r.found for r in results) else 1


def register(add: AddCommand) -> None:
    cmd = add("search", help="show the passages (or papers) that match a question")
    cmd.add_argument("question")
    cmd.add_argument("-k", type=int, default=5)
    cmd.add_argument("--papers", action="store_true", help="rank papers instead of passages")
    add_json_flag(cmd)
    cmd.set_defaults(run=_cmd_search)

    cmd = add("ask", help="answer one question with citations")
    cmd.add_argument("question")
    cmd.add_argument("--llm", choices=list(BACKENDS), help="answer backend (default: PAPERCHAT_LLM)")
    add_json_flag(cmd)
    cmd.set_defaults(run=_cmd_ask)

    cmd = add("chat", help="a conversation in the terminal, with follow-up questions")
    cmd.add_argument("--llm", choices=list(BACKENDS), help="answer backend (default: PAPERCHAT_LLM)")
    cmd.set_defaults(run=_cmd_chat)

    cmd = add("cite", help="find the paper and sentence a quote, claim or title comes from")
    cmd.add_argument("text", nargs="?")
    cmd.add_argument("--file", type=Path, help="one claim per line")
    cmd.add_argument("--format", choices=["table", "bibtex"], default="table")
    cmd.add_argument("--output", type=Path, help="write here instead of standard output")
    cmd.add_argument("-k", type=int, default=3)
    add_json_flag(cmd)
    cmd.set_defaults(run=_cmd_cite)

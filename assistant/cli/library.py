"""Commands that fill the store and describe the papers in it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.answer import QuestionError
from assistant.cli.common import AddCommand, add_json_flag, positive, print_json
from ingest.embedding import embed_on_every_core
from ingest.pipeline import ConfirmPrune, ingest
from ingest.settings import load_settings
from ingest.store import Store


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
        print("Remove them? [y/N] ", end="", file=sys.stderr, flush=True)  # stdout is for results
        return input().strip().lower() in {"y", "yes"}

    return confirm


def _cmd_ingest(args: argparse.Namespace) -> int:
    embed_on_every_core()  # no local model in this process
    settings = load_settings()
    report = ingest(args.paths, settings, prune=args.prune, skip_bad=args.skip_bad, rebuild=args.rebuild,
                    confirm_prune=_prune_confirmation(args.yes))
    print(report.summary())
    return 1 if report.bad_files else 0


def _cmd_papers(args: argparse.Namespace) -> int:
    settings = load_settings()
    records = Store(settings, settings.store.embedding_model, create=False).paper_records()
    if args.json:
        print_json([record.public() for record in records])
        return 0
    for record in records:
        date = record.published or "-"
        print(f"{record.id}  {date:<10}  {record.title}")
    print(f"{len(records)} papers")
    return 0


def _cmd_digest(args: argparse.Namespace) -> int:
    from assistant.api import Assistant

    overview = Assistant().overview(published=args.published)
    if args.output:
        args.output.write_text(overview.to_markdown(), encoding="utf-8")
        print(f"wrote the digest of {overview.paper_count} papers in {len(overview.topics)} topics to {args.output}",
              file=sys.stderr)
    else:
        print(overview.to_markdown(), end="")
    return 0


def _cmd_related(args: argparse.Namespace) -> int:
    from assistant.api import Assistant

    assistant = Assistant()
    target = assistant.find_paper(args.paper)
    print(f"Related to: {target.title}")
    for rank, paper in enumerate(assistant.related(target.id, k=args.k), start=1):
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
        print(f"wrote the BibTeX of the supporting papers to {args.bib}", file=sys.stderr)
    return 0


def register(add: AddCommand) -> None:
    cmd = add("ingest", help="read paper sources into the store")
    cmd.add_argument("paths", nargs="+", type=Path, help="files or directories")
    cmd.add_argument("--prune", action="store_true",
                     help="remove stored papers that files read now no longer contain, or whose files are gone "
                          "from directories read now")
    cmd.add_argument("--yes", action="store_true", help="confirm a prune that removes more than half of the store")
    cmd.add_argument("--skip-bad", action="store_true", help="ingest the good files, report the bad")
    cmd.add_argument("--rebuild", action="store_true", help="rebuild the keyword index from the store")
    cmd.set_defaults(run=_cmd_ingest)

    cmd = add("papers", help="list the stored papers")
    add_json_flag(cmd)
    cmd.set_defaults(run=_cmd_papers)

    cmd = add("digest", help="the stored papers by topic, each with a one-line TLDR (Markdown)")
    cmd.add_argument("--published", metavar="DATE", help="only papers published that day (2025-10-09, Oct 9)")
    cmd.add_argument("--output", type=Path, help="write here instead of standard output")
    cmd.set_defaults(run=_cmd_digest)

    cmd = add("related", help="the stored papers closest in content to one paper")
    cmd.add_argument("paper", help="its title (half-remembered is fine) or id")
    cmd.add_argument("-k", type=positive, default=5, help="how many (default 5)")
    cmd.set_defaults(run=_cmd_related)

    cmd = add("compare", help="2-6 papers side by side, aspect by aspect (from their abstracts)")
    cmd.add_argument("papers", nargs="+", help="titles (half-remembered is fine) or ids")
    cmd.add_argument("--aspects", nargs="+", metavar="ASPECT",
                     help="default: problem, method, data / evaluation, main result, limitation")
    cmd.add_argument("--format", choices=["markdown", "csv"], default="markdown")
    cmd.set_defaults(run=_cmd_compare)

    cmd = add("check", help="check each sentence of a draft against the stored papers")
    cmd.add_argument("draft", type=Path, help="a text or Markdown file")
    cmd.add_argument("--bib", type=Path, help="write the BibTeX of every supporting paper here")
    cmd.set_defaults(run=_cmd_check)

"""What one ingest run read, set against what the store already holds: which stored id each paper
keeps, which ids would collide, and which stored papers this run can vouch are gone."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ingest.records import Paper, PaperRecord, SourceError, normalise_title


@dataclass
class SourceScan:
    papers: list[Paper]
    errors: list[SourceError]
    read_files: set[str]  # resolved paths of the files parsed successfully
    bad_files: set[str]  # resolved paths of the files that failed (skipped)
    directories: list[Path]  # resolved directories that were walked
    names: dict[str, str]  # resolved path -> the name relative to what was ingested

    def vouches_for_removal(self, sources: list[str]) -> bool:
        """True when every source of a stored paper was read now (and no longer holds it), or is gone
        from a directory walked now. A paper of a bad, skipped or unscanned file is never removed."""
        def accounted(source: str) -> bool:
            path = Path(source).resolve()
            if str(path) in self.bad_files:
                return False
            if str(path) in self.read_files:
                return True
            return not path.exists() and any(path.is_relative_to(d) for d in self.directories)

        return bool(sources) and all(accounted(source) for source in sources)


def resolve_ids(papers: list[Paper], stored: dict[str, PaperRecord]) -> tuple[list[Paper], list[SourceError]]:
    """Each paper keeps the id the store knows it by (same arXiv id or same normalised title), else
    gets its own. Two different papers on one id are refused, never overwritten."""
    by_arxiv = {record.arxiv_id: pid for pid, record in stored.items() if record.arxiv_id}
    by_title = {normalise_title(record.title): pid for pid, record in stored.items()}
    owners: dict[str, Paper] = {}
    resolved: list[Paper] = []
    errors: list[SourceError] = []
    for paper in papers:
        title_key = normalise_title(paper.title)
        pid = (paper.arxiv_id and by_arxiv.get(paper.arxiv_id)) or by_title.get(title_key) or paper.id
        holder = stored.get(pid)
        same_arxiv = bool(paper.arxiv_id) and holder is not None and holder.arxiv_id == paper.arxiv_id
        if holder is not None and normalise_title(holder.title) != title_key and not same_arxiv:
            errors.append(SourceError(paper.source, f"the paper {paper.title!r} would get id {pid}, which the stored "
                                      f"paper {holder.title!r} already has; refusing to overwrite it",
                                      line=paper.line))
            continue
        if pid in owners:
            errors.append(SourceError(paper.source, f"the papers {paper.title!r} and {owners[pid].title!r} "
                                      f"({owners[pid].source}) map to the same id {pid}", line=paper.line))
            continue
        owners[pid] = paper
        resolved.append(paper if pid == paper.id else replace(paper, assigned_id=pid))
    return resolved, errors


def removals(scan: SourceScan, stored: dict[str, PaperRecord], present: set[str]) -> list[str]:
    """Stored paper ids that prune may remove: absent from this run, and vouched for by the scan."""
    return [pid for pid, record in stored.items()
            if pid not in present and scan.vouches_for_removal(list(record.sources))]

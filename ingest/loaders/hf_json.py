"""Hugging Face `daily_papers` API JSON: a list of {paper: {id, title, summary, authors}, publishedAt}."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ingest.loaders.text import decode
from ingest.records import Paper, SourceError, arxiv_base_id, clean_text


def _text_field(path: Path, obj: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = obj.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise SourceError(path, f"missing or not a non-empty string: {key!r}", field=f"{where}.{key}")
    return clean_text(value)


def load_hf_json(path: Path, data: bytes) -> list[Paper]:
    text = decode(path, data)
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno) from None
    except RecursionError:
        raise SourceError(path, "invalid JSON: nested too deeply") from None
    items = parsed if isinstance(parsed, list) else [parsed]
    papers = []
    for index, item in enumerate(items):
        where = f"[{index}]"
        if not isinstance(item, dict):
            raise SourceError(path, "expected an object", field=where)
        paper = item.get("paper", item)
        if "paper" in item:
            where += ".paper"
        if not isinstance(paper, dict):
            raise SourceError(path, "expected an object", field=where)
        arxiv_id = _text_field(path, paper, "id", where, required=False)
        authors = paper.get("authors") or []
        if not isinstance(authors, list):
            raise SourceError(path, "expected a list", field=f"{where}.authors")
        names = tuple(clean_text(a["name"]) for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str))
        published = item.get("publishedAt") or paper.get("publishedAt")
        papers.append(Paper(
            title=_text_field(path, paper, "title", where),
            abstract=_text_field(path, paper, "summary", where),
            source=str(path),
            authors=names,
            published=published[:10] if isinstance(published, str) else None,
            url=f"https://huggingface.co/papers/{arxiv_base_id(arxiv_id)}" if arxiv_id else None,
            arxiv_id=arxiv_base_id(arxiv_id) or None,
        ))
    return papers

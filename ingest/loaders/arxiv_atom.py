"""arXiv API Atom XML, parsed with defusedxml so entity-expansion bombs are refused."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ingest.records import Paper, SourceError, arxiv_base_id, clean_text

_NS = {"atom": "http://www.w3.org/2005/Atom"}


def _child_text(entry: Element, tag: str) -> str:
    node = entry.find(f"atom:{tag}", _NS)
    return clean_text(node.text or "") if node is not None else ""


def load_arxiv_atom(path: Path, data: bytes) -> list[Paper]:
    try:
        root = SafeET.fromstring(data)
    except ParseError as exc:
        line, column = exc.position
        raise SourceError(path, f"invalid XML: {exc.msg if hasattr(exc, 'msg') else exc} (column {column})",
                          line=line) from None
    except DefusedXmlException as exc:
        raise SourceError(path, f"refused unsafe XML: {exc}") from None
    if root.tag != f"{{{_NS['atom']}}}feed":
        raise SourceError(path, f"not an Atom feed (root element {root.tag!r})", line=1)
    papers = []
    for index, entry in enumerate(root.findall("atom:entry", _NS)):
        fields = {tag: _child_text(entry, tag) for tag in ("id", "title", "summary", "published")}
        for required in ("title", "summary"):
            if not fields[required]:
                raise SourceError(path, f"entry without a {required}", field=f"entry[{index}].{required}")
        authors = tuple(clean_text(n.text or "") for n in entry.findall("atom:author/atom:name", _NS))
        arxiv_id = arxiv_base_id(fields["id"]) if "arxiv.org" in fields["id"] else None
        papers.append(Paper(
            title=fields["title"], abstract=fields["summary"], source=str(path), authors=authors,
            published=fields["published"][:10] or None,
            url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else (fields["id"] or None),
            arxiv_id=arxiv_id,
        ))
    return papers

"""Downloads the web app writes (comparisons, conversations) do not pile up in a long-running app."""

from __future__ import annotations

import os
from pathlib import Path

from assistant.web.work_tabs import write_downloads


def test_downloads_are_written_and_old_ones_removed() -> None:
    first = [Path(p) for p in write_downloads({"a.md": "# one", "a.bib": "@misc{x,}"})]
    assert [p.read_text() for p in first] == ["# one", "@misc{x,}"]
    hour_and_a_bit = first[0].parent.stat().st_mtime - 3700
    os.utime(first[0].parent, (hour_and_a_bit, hour_and_a_bit))
    second = [Path(p) for p in write_downloads({"b.md": "# two"})]
    assert second[0].read_text() == "# two" and not first[0].parent.exists()

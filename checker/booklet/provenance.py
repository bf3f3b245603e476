"""What a booklet says about itself: its title, and whether it is a synthetic edition.

Provenance is read once, from the reader's lines and the file name, and kept
on the ``Document`` (``title``, ``synthetic_label``); reports and the diff ask
the document, and nothing else looks for the markers.
"""

from __future__ import annotations

import os

from checker.reading.records import RawDocument

# A first line containing one of these (case-insensitive) says the edition is synthetic.
SYNTHETIC_MARKERS = ("SYNTHETIC", "合成")


def synthetic_label(raw: RawDocument) -> str | None:
    """The line that says an edition is synthetic, verbatim, if it says so (else its
    file name, when that says so)."""
    first = next((line.text.strip() for line in raw.lines if line.text.strip()), "")
    if any(marker in first.upper() for marker in SYNTHETIC_MARKERS):
        return first
    if "synthetic" in os.path.basename(raw.path).lower():
        return os.path.basename(raw.path)
    return None


def booklet_title(raw: RawDocument) -> str:
    """The booklet's title: its first non-blank line that is not a synthetic label,
    with the next line when that is a parenthesised subtitle such as (総務省重点施策2020)."""
    lines = [line.text.strip() for line in raw.lines[:40] if line.text.strip()]
    lines = [text for text in lines if not any(marker in text.upper() for marker in SYNTHETIC_MARKERS)]
    if not lines:
        return os.path.basename(raw.path)
    title = lines[0]
    if len(lines) > 1 and lines[1].startswith(("(", "（")) and len(lines[1]) <= 40:
        title += " " + lines[1]
    return title

"""Files a check read besides the documents: a rule's dictionary, its imports.

The result cache (``checker.result_cache``) answers a check again only while
everything its findings came from is unchanged; the documents and the
configuration are in its key, and code that reads any other file names it here
(``record(path)``) so the cached answer is tied to that file's bytes too. A
third-party rule that reads files should do the same, or set
``Rule.cacheable = False``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

_recording: list[set[str]] = []


def record(path: str) -> None:
    """Note that the check being run read ``path`` (a no-op when nobody records)."""
    if _recording:
        _recording[-1].add(os.path.abspath(path))


@contextmanager
def recording() -> Iterator[set[str]]:
    """The set of absolute paths ``record`` is given while the block runs."""
    paths: set[str] = set()
    _recording.append(paths)
    try:
        yield paths
    finally:
        _recording.pop()

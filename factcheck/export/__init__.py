"""Exports of verdicts: CSV, JSON Lines, ClaimReview JSON-LD and the hash-chained audit trail.

Every exporter is a pure function from an iterable of records to an iterator of ``bytes``
chunks, so the CLI (to a file) and the UI (a download button) serve the same bytes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

FORMATS: tuple[str, ...] = ("csv", "jsonl", "claimreview", "audit")
EXTENSIONS: dict[str, str] = {"csv": ".csv", "jsonl": ".jsonl", "claimreview": ".json",
                              "audit": ".audit.jsonl"}


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A file object whose content replaces ``path`` only if the block completes.

    Writes a temporary file in the same folder, fsyncs it, then renames it over ``path``;
    on any error the temporary file is removed and ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write_chunks(chunks: Iterable[bytes], out: BinaryIO) -> int:
    """Write every chunk to ``out``; returns the number of bytes written."""
    total = 0
    for chunk in chunks:
        out.write(chunk)
        total += len(chunk)
    return total

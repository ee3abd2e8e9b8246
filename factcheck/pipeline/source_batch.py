"""Batched `sources add`: passages split in a helper process while the model embeds the chunk before."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING

from factcheck.errors import FactcheckError
from factcheck.fetch import FetchPolicy
from factcheck.models import Source
from factcheck.pipeline.ingest_batch import helper_pool
from factcheck.sources.library import SourceReport, read_source, source_record
from factcheck.sources.passages import PassageSpan, split_passages

if TYPE_CHECKING:
    from factcheck.workspace.sources import SourceLibrary

CHUNK = 256  # sources per step: one split job for the helper, one embedding pass for the model
POOL_FROM = 4  # a helper process pays off from this many sources on

Progress = Callable[[str, int, int], None]  # (input, done, total)


def split_many(texts: list[str]) -> list[list[PassageSpan]]:
    """``split_passages`` of each text (one job of the helper process)."""
    return [split_passages(text) for text in texts]


def add_source_inputs(library: SourceLibrary, values: Sequence[str], *, kind: str, publisher: str,
                      title: str, reliability_note: str, published: str,
                      progress: Progress | None = None) -> list[SourceReport]:
    """Archive every input, a chunk at a time: the helper splits chunk n + 1 into passages while the
    model embeds chunk n's. Each input gets a report (in order); errors never stop the batch."""
    policy = FetchPolicy.from_settings(library.settings)
    reports: list[SourceReport | None] = [None] * len(values)
    done = 0

    def report(number: int, result: SourceReport) -> None:
        nonlocal done
        reports[number] = result
        done += 1
        if progress is not None:
            progress(values[number], done, len(values))

    records: list[tuple[int, Source]] = []  # (position, record) of the inputs read
    for number, value in enumerate(values):
        try:
            records.append((number, source_record(read_source(value, policy), kind=kind, publisher=publisher,
                                                  title=title, reliability_note=reliability_note,
                                                  published=published)))
        except FactcheckError as exc:
            report(number, SourceReport(input=value, status="error", message=str(exc)))
        except OSError as exc:
            report(number, SourceReport(input=value, status="error",
                                        message=f"{value}: cannot read ({exc.strerror or exc})"))
    chunks = [records[at:at + CHUNK] for at in range(0, len(records), CHUNK)]
    pool = helper_pool() if len(records) >= POOL_FROM else None
    try:
        jobs = [_split(pool, [r.text for _, r in chunk]) for chunk in chunks]
        for chunk, job in zip(chunks, jobs, strict=True):
            stored = [(number, library.store_source(record, spans, label=values[number]))
                      for (number, record), spans in zip(
                          chunk, job.result() if isinstance(job, Future) else job, strict=True)]
            library.index.sync(save=False)  # embeds this chunk's passages
            for number, result in stored:
                report(number, result)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if any(r is not None and r.status == "added" for r in reports):
        library.index.save()  # once, for the whole batch
    return [r for r in reports if r is not None]


def _split(pool: Executor | None, texts: list[str]) -> Future[list[list[PassageSpan]]] | list[list[PassageSpan]]:
    return split_many(texts) if pool is None else pool.submit(split_many, texts)

"""Bulk jobs beyond one process: the Ray ingest (optional extra ``factcheck[scale]``)."""

"""Throughput pipelines: batched ingest (segment, tag, embed and store many articles at once)."""

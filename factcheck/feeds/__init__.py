"""Feeds: follow RSS and Atom sources and ingest new articles, with metadata that is never invented.

``parse`` turns feed bytes into entries, ``fetching`` fetches politely (conditional GET, per-host
cap, backoff), ``entries`` turns an entry (+ its page) into an article input, ``urls`` builds
dedup keys; the Workspace's ``Feeds`` service (factcheck/workspace/feeds.py) runs a poll.
"""

"""Child of the store crash test: writes articles of 200 claims in a loop until it is SIGKILLed.

``python tests/store_crash_child.py sqlite:FOLDER`` or ``python tests/store_crash_child.py postgresql://…``
prints ``started`` once its first write committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CLAIMS = 200


def article_text(n: int) -> str:
    return " ".join(f'Speaker {i} said "value {n}-{i} went up" today.' for i in range(CLAIMS))


def main(target: str) -> None:
    from factcheck.models import Article, SegmentItem
    from factcheck.store import Store
    from factcheck.store.protocol import StoreBackend
    from tests.store_contract.helpers import sha

    store: StoreBackend
    if target.startswith("sqlite:"):
        store = Store(Path(target.removeprefix("sqlite:")))
    else:
        from factcheck.store.postgres import PostgresStore

        store = PostgresStore(target, pool_size=1)
    n = 0
    while True:
        text = article_text(n)
        items = []
        for i in range(CLAIMS):
            part = f"value {n}-{i} went up"
            start = text.index(f'"{part}"') + 1
            items.append(SegmentItem(kind="direct", text=part, start=start, end=start + len(part),
                                     speaker=f"Speaker {i}"))
        store.add_article(Article(id=0, text=text, sha256=sha(text), origin="crash"), items)
        if n == 0:
            print("started", flush=True)
        n += 1


if __name__ == "__main__":
    main(sys.argv[1])

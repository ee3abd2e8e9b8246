"""The app's server process (``factcheck serve``): Streamlit, with the first page's data warmed once it has started."""

from __future__ import annotations

import logging
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if Path(sys.path[0]).resolve() == ROOT / "ui":  # run as a script: ui/ first on the path would
    sys.path[0] = str(ROOT)  # shadow the standard library (ui/queue.py is not `queue`)
elif str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WARM_UP_THREAD = "warm-up"


def warm_up() -> None:
    """What the Review page's first run needs, done before a browser connects: its modules
    imported, the workspace opened and the default queue computed, into the caches that page
    reads. (The claim index is left to the page's similar-claims panel, drawn after the verdict
    form: read while a browser starts, its 180 MB at 100k claims slowed the first page.)"""
    from factcheck.queue import QueueFilters
    from ui import double_review_panel, draft, review_form, review_panels, review_support  # noqa: F401
    from ui.queue import cached_queue, data_version, speaker_names
    from ui.resources import open_workspace, workspace_path

    path = str(workspace_path())
    ws = open_workspace(path)
    version = data_version(ws)
    speaker_names(path, version)
    cached_queue(path, version, QueueFilters(), ws.principal.key)  # the unfiltered queue, local user


class _FromWarmUp(logging.Filter):
    """Drops Streamlit's "missing ScriptRunContext" warning for the warm-up thread (no session yet)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != WARM_UP_THREAD


def _after_server_start(timeout: float = 30.0) -> None:
    """Wait until Streamlit's runtime has started (its health endpoint answers): warming up at the
    same time slowed the server's own start (one interpreter lock); gives up after ``timeout``."""
    from streamlit import runtime

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if runtime.exists() and runtime.get_instance().state != runtime.RuntimeState.INITIAL:
            return
        time.sleep(0.02)


def _warm_up_quietly() -> None:
    try:
        warm_up()
    except Exception:  # the first page meets the same error and shows it, with its fix
        return


def _warm_up_after_start() -> None:
    _after_server_start()
    _warm_up_quietly()


def main(argv: list[str]) -> None:
    """``streamlit run ui/app.py ARGV``, with :func:`warm_up` in a thread once the server has started."""
    from streamlit.web.cli import main as streamlit_main

    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_FromWarmUp())
    threading.Thread(target=_warm_up_after_start, name=WARM_UP_THREAD, daemon=True).start()

    streamlit_main(["run", str(ROOT / "ui" / "app.py"), *argv], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])

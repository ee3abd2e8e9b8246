"""App cold start: seconds from `factcheck serve` to a usable first page, in a real browser (Chromium).

    python bench/serve_start.py [--workspace bench/.cache/ws-100k] [--runs 3]

Each run starts `factcheck serve` as a fresh process on a free port, opens the app in headless
Chromium (Debian's, through playwright) and times: the health endpoint answering, the Review page
usable (the claim and its verdict form drawn: the "Save verdict" button enabled), and the
"language model is loading" notice gone (the model loaded in the background). It also reports the
CPU seconds the server's processes had used when the page became usable (from /proc: less
dependent on the machine's load than the wall times). The workspace is the one
bench/cold_start.py builds (100,000 claims and 19,250 priors).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its descendants so far (Linux /proc; NaN elsewhere)."""
    stats: dict[int, tuple[int, float]] = {}  # pid -> (parent, cpu seconds)
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = path.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        stats[int(path.parent.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    if pid not in stats:
        return float("nan")
    family, grew = {pid}, True
    while grew:
        grew = False
        for child, (parent, _) in stats.items():
            if parent in family and child not in family:
                family.add(child)
                grew = True
    return sum(stats[p][1] for p in family)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def one_run(workspace: Path, chromium: str) -> dict[str, float]:
    import httpx
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", "from factcheck.cli import main; main()", "--workspace",
                             str(workspace), "serve", "--port", str(port)], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        while True:
            try:
                if httpx.get(f"{base}/_stcore/health", timeout=1).text == "ok":
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - started > 120:
                raise RuntimeError("no health answer in 120 s")
            time.sleep(0.05)
        health = time.perf_counter() - started
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            browser_ready = time.perf_counter() - started
            page.goto(base)
            page.get_by_role("heading").first.wait_for(state="visible", timeout=120_000)
            first_paint = time.perf_counter() - started
            page.get_by_role("button", name="Save verdict").first.wait_for(state="visible", timeout=120_000)
            usable = time.perf_counter() - started
            server_cpu = cpu_seconds(proc.pid)
            notice = page.get_by_text("loading in the background")
            saw_notice = notice.count() > 0
            if not os.environ.get("NOLOAD"):
                notice.wait_for(state="detached", timeout=180_000)
            model = time.perf_counter() - started
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the server and anything it started
        proc.wait(10)
    return {"health": health, "browser": browser_ready, "paint": first_paint, "usable": usable,
            "server_cpu": server_cpu, "model": model, "notice": float(saw_notice)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workspace", type=Path, default=REPO / "bench" / ".cache" / "ws-100k")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("needs Debian's chromium (make sysdeps)")
    if not args.workspace.exists():
        sys.exit(f"{args.workspace} is missing: run `python bench/cold_start.py` first")
    runs = [one_run(args.workspace, chromium) for _ in range(args.runs)]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    med["load"] = os.getloadavg()[0]
    print(f"factcheck serve on {args.workspace.name}, {args.runs} runs (median): health {med['health']:.2f} s, "
          f"browser started {med['browser']:.2f} s, first heading {med['paint']:.2f} s, "
          f"first page usable {med['usable']:.2f} s (max {max(r['usable'] for r in runs):.2f}; server CPU "
          f"by then {med['server_cpu']:.2f} s), "
          f"model loaded (notice gone) {med['model']:.2f} s; notice shown in "
          f"{sum(int(r['notice']) for r in runs)}/{args.runs} runs; load average {os.getloadavg()[0]:.1f}")

    if args.json is not None:
        args.json.write_text(json.dumps(med, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

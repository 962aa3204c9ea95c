"""Pages per second under gunicorn (2 workers) and wrk, each as a ratio to the app's own
`/healthz` measured in the same run, in interleaved rounds.

Run: .venv/bin/python bench/pages.py --database-url URL [--seconds 5] [--rounds 3]
The database comes from bench/data.py. Pages: a knowledge-base article, /tiers, /prices with
a quote, /search (seeded queries), a ticket timeline of 200 events, the customer's ticket list,
the staff queue (filtered and not), a community question with 50 answers. Targets: article,
/tiers and the question page at least 0.6 of /healthz; the others at least 0.3.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PASSWORD = "bench-password"
QUERIES = ("импорт контактов", "лицензия ключ", "обновление версии", "настройка почты",
           "права доступа", "отчёты медленно", "резервная копия", "служба не запускается")
TARGETS = {"article": 0.6, "tiers": 0.6, "question": 0.6}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def session_cookie(base: str, email: str) -> str:
    """Log in through the form as a browser would; the session cookie for wrk."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"email": email, "password": PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    opener.open(base + "/login", urllib.parse.urlencode(data).encode())
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def wrk(url: str, seconds: float, cookie: str = "") -> float:
    """Requests per second wrk measured (2 threads, 8 connections); non-2xx answers fail."""
    command = ["wrk", "-t2", "-c8", f"-d{max(1, round(seconds))}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{url} answered errors:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def pages(database_url: str) -> dict[str, tuple[str, str]]:
    """name -> (path, who): the known rows bench/data.py made."""
    sys.path.insert(0, str(ROOT))
    from portal.db import open_database

    database = open_database(database_url)
    database.connect()
    number = database.execute_sql(
        "SELECT t.number FROM ticket t JOIN ticket_event e ON e.ticket_id = t.id"
        " GROUP BY t.number ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
    question = database.execute_sql(
        "SELECT id FROM community_question ORDER BY answer_count DESC LIMIT 1").fetchone()[0]
    database.close()
    rng = random.Random(2026)
    query = urllib.parse.quote(rng.choice(QUERIES))
    return {
        "healthz": ("/healthz", ""),
        "article": ("/kb/crm/import-contacts-csv", ""),
        "tiers": ("/tiers", ""),
        "prices": ("/prices?tier=standard&crm-standard=10", ""),
        "search": (f"/search?q={query}", ""),
        "timeline": (f"/tickets/{number}", "customer"),
        "my tickets": ("/tickets/", "customer"),
        "queue": ("/staff/queue", "agent"),
        "queue, filtered": ("/staff/queue?priority=1&product=crm", "agent"),
        "question": (f"/community/questions/{question}", ""),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--kb-dir", default="/tmp/bench/kb", help="as given to bench/data.py")
    parser.add_argument("--settle", type=float, default=20, help="seconds before measuring")
    options = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    instance = tempfile.mkdtemp(prefix="bench-pages-")
    env = dict(os.environ, PORTAL_DATABASE_URL=options.database_url, PORTAL_SECRET_KEY="bench",
               PORTAL_INSTANCE_DIR=instance, PORTAL_KB_DIR=options.kb_dir,
               PORTAL_DEMO_MODE="0")
    server = subprocess.Popen([str(VENV / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        cookies = {"customer": session_cookie(base, "bench@org1.example"),
                   "agent": session_cookie(base, "agent@bench.example")}
        chosen = pages(options.database_url)
        if options.only:
            chosen = {name: chosen[name] for name in ["healthz", *options.only.split(",")]}
        # Let the start's knowledge-base sync (a background thread) finish, then warm each
        # worker's caches once.
        time.sleep(options.settle)
        for name, (path, who) in chosen.items():
            wrk(base + path, 1, cookies.get(who, ""))
        rates: dict[str, list[float]] = {name: [] for name in chosen}
        for _round in range(options.rounds):
            for name, (path, who) in chosen.items():
                rates[name].append(wrk(base + path, options.seconds, cookies.get(who, "")))
        health = statistics.median(rates["healthz"])
        if not health:
            raise SystemExit("/healthz answered nothing in a round: is the server still "
                             "starting (the knowledge-base sync runs beside it)? Run again.")
        print(f"database: {options.database_url.split('@')[-1]}; median of {options.rounds} "
              f"rounds of {options.seconds:g} s; /healthz {health:.0f} pages/s")
        print(f"{'page':18} {'pages/s':>8} {'ratio':>6} {'target':>7}")
        for name, values in rates.items():
            rate = statistics.median(values)
            target = TARGETS.get(name, 0.3) if name != "healthz" else 1.0
            mark = "" if rate / health >= target else "  below"
            print(f"{name:18} {rate:8.0f} {rate / health:6.2f} {target:7.1f}{mark}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()

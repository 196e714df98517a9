"""make bench-import: import a Disqus export of 10,000 and 100,000 comments.

For each size, a Disqus XML file is generated (threads of 100 posts; a third
of the posts reply to another post, some to posts further down the file), and
imported into a fresh SQLite database by ``manage.py import_comments``, and by
Isso's own ``isso import`` (its Disqus importer, the peer) in the same run.
Each import runs in its own process; its peak memory is that process's
maximum resident set size (``wait4``). Prints comments per second, peak
memory, and Gazette's ratio to Isso. Targets: at least 5,000 comments/s,
under 300 MB, and flat from 10k to 100k.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from run import ensure_isso, say  # noqa: E402

SIZES = [
    int(n) for n in os.environ.get("BENCH_IMPORT_SIZES", "10000,100000").split(",")
]
PER_THREAD = 100
WORDS = [
    "harbour",
    "wall",
    "tide",
    "council",
    "survey",
    "ferry",
    "market",
    "repairs",
    "storm",
    "quay",
    "flood",
    "budget",
    "engineers",
    "residents",
    "pumps",
]


def generate(path: Path, size: int) -> None:
    """A Disqus export shaped like the real ones, written as it goes."""
    rng = random.Random(size)  # noqa: S311 - test data, not secrets
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
            'xmlns:dsq="http://disqus.com/disqus-internals">\n'
        )
        threads = (size + PER_THREAD - 1) // PER_THREAD
        for t in range(threads):
            out.write(
                f'<thread dsq:id="{t}"><id>story-{t}</id><forum>bench</forum>'
                f"<link>https://bench.example/story-{t}/</link><title>Story {t}</title>"
                "<createdAt>2020-01-01T00:00:00Z</createdAt><isClosed>false</isClosed>"
                "<isDeleted>false</isDeleted></thread>\n"
            )
        for n in range(size):
            thread = n // PER_THREAD
            first = thread * PER_THREAD
            parent = ""
            if n % 3 == 2 and n > first:  # a reply; one in ten to a later post
                last = min(first + PER_THREAD, size) - 1
                later = rng.random() < 0.1 and n < last
                target = (
                    rng.randrange(n + 1, last + 1) if later else rng.randrange(first, n)
                )
                if later and target % 3 == 2:  # later replies could make a cycle
                    target -= 1
                if target != n:
                    parent = f'<parent dsq:id="{target}"/>'
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 60)))
            out.write(
                f'<post dsq:id="{n}"><id/><message><![CDATA[<p>{words}.</p>]]></message>'
                f"<createdAt>2020-01-{1 + n % 28:02d}T{n % 24:02d}:00:00Z</createdAt>"
                "<isDeleted>false</isDeleted><isSpam>false</isSpam>"
                f"<author><name>Reader {n % 997}</name>"
                f"<email>reader{n % 997}@example.org</email>"
                "<isAnonymous>false</isAnonymous></author>"
                f"<ipAddress>198.51.100.{n % 250}</ipAddress>"
                f'<thread dsq:id="{thread}"/>{parent}</post>\n'
            )
        out.write("</disqus>\n")


def measured(
    command: list[str], env: dict[str, str], cwd: Path, log: Path
) -> tuple[float, float]:
    """(seconds, peak resident MB) of one process, run to the end."""
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT
        )
        _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        sys.exit(f"{' '.join(command)} failed:\n{log.read_text()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def gazette(export: Path, work: Path) -> tuple[float, float]:
    env = {
        **os.environ,
        "GAZETTE_DATA_DIR": str(work),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    command = [*manage, "import_comments", "--format", "disqus", "--no-progress"]
    return measured([*command, str(export)], env, ROOT, work / "import.log")


def reported_rate(work: Path) -> str:
    """The rate the import command reports (the import alone, without startup)."""
    for line in (work / "import.log").read_text().splitlines():
        if "comments/s" in line:
            return line.rsplit("(", 1)[-1].rstrip(").")
    return "?"


def isso(export: Path, work: Path) -> tuple[float, float]:
    venv = ensure_isso()
    config = work / "isso.cfg"
    config.write_text(
        f"[general]\ndbpath = {work / 'isso.db'}\nhost = http://bench.example/\n",
        encoding="utf-8",
    )
    command = [str(venv / "bin" / "isso"), "-c", str(config), "import", str(export)]
    return measured(command, dict(os.environ), work, work / "import.log")


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory(prefix="gazette-bench-import-") as scratch:
        for size in SIZES:
            export = Path(scratch) / f"disqus-{size}.xml"
            generate(export, size)
            megabytes = export.stat().st_size / 1e6
            say(f"Importing {size:,} comments ({megabytes:.0f} MB of Disqus XML)...")
            results = {}
            for name, run in (("gazette", gazette), ("isso", isso)):
                work = Path(scratch) / f"{name}-{size}"
                work.mkdir()
                results[name] = run(export, work)
            inside = reported_rate(Path(scratch) / f"gazette-{size}")
            rows.append((size, results, inside))
    say("")
    say(
        "comments/s: the whole process, start-up included (Gazette's import alone: in brackets)"
    )
    say(f"{'comments':>9} {'':9} {'comments/s':>11} {'peak MB':>8}")
    for size, results, inside in rows:
        for name, (seconds, peak) in results.items():
            alone = f"  ({inside})" if name == "gazette" else ""
            say(f"{size:>9,} {name:9} {size / seconds:>11,.0f} {peak:>8.0f}{alone}")
        g, i = results["gazette"], results["isso"]
        say(
            f"{'':>9} {'ratio':9} {i[0] / g[0]:>10.1f}x {g[1] / i[1]:>7.2f}x"
            "   (Gazette speed ÷ Isso's; Gazette memory ÷ Isso's)"
        )
    peaks = [results["gazette"][1] for _size, results, _inside in rows]
    say(
        f"Gazette peak memory from smallest to largest file: {peaks[0]:.0f} → {peaks[-1]:.0f} MB"
    )


if __name__ == "__main__":
    main()

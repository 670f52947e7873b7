"""Kill loop: copytrail commands SIGKILLed at random moments, resumed, and compared row for row
with the same commands run uninterrupted.

Three commands are killed, each a real ``copytrail`` process on a real store: the first scan of
a folder, a scan that adds a second folder to that store (incremental), and a ``forget`` of some
of the added files.  A kill falls either inside a chosen transaction (its writes done, its
commit not: nothing of it may stay), just after a chosen commit (all of it stays), or at a
random moment of the run, whatever the process is doing then.  Each transaction is named by
the stage it belongs to (ingest, alignment, narratives, claims, forget, settings).  After
each kill the command is run again to its end, and every row of documents, band keys,
alignments, narratives and their members, claims, claim groups and statements, input files
and errors must equal the uninterrupted store's, except the columns that say when a row was
written (``files.scanned_at``, ``errors.recorded_at``).

    .venv/bin/python bench/kill_loop.py --minutes 10 [--seed 1]

The corpus is generated here (made-up words and figures, our own text): ``--documents`` files,
a fifth of them added by the incremental scan, planted shared paragraphs with changed figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COPYTRAIL = Path(sys.executable).with_name("copytrail")
FLAGS = ["--batch-size", "4", "--workers", "1", "-q"]
# The columns that say when a row was written: a resumed run writes them later.
WHEN_WRITTEN = {"files": "scanned_at", "errors": "recorded_at"}
COMPARED = (
    "documents", "band_keys", "alignments", "narratives", "narrative_members", "claims", "claim_docs",
    "claim_groups", "claim_statements", "files", "errors",
)  # fmt: skip

# ``python -c KILLER AT WHEN NOTE ARGS…``: the copytrail command with every Store transaction
# counted; at transaction AT (0: never) it is SIGKILLed 'inside' (the block ran, no commit) or
# 'after' its commit.  NOTE gets a JSON list of the stage of every transaction begun.
KILLER = """
import atexit, json, os, signal, sys, traceback
from contextlib import contextmanager
from copytrail.store import Store
from copytrail.cli.main import main
at, when, note = int(sys.argv[1]), sys.argv[2], sys.argv[3]
STAGES = {"_apply_settings": "settings", "ensure_paths_current": "settings", "_flush": "ingest", "_forget": "ingest", "_align_pending": "alignment",
          "update_narratives": "narratives", "update_claims": "claims", "rebuild_claims": "claims",
          "_regroup_claims": "claims", "forget": "forget"}
real = Store.transaction
stages = []
def save():
    with open(note, "w") as fh:
        json.dump(stages, fh)
atexit.register(save)
def stage():
    for frame in reversed(traceback.extract_stack()):
        if frame.name in STAGES:
            return STAGES[frame.name]
    return "other"
@contextmanager
def counted(self):
    stages.append(stage())
    if len(stages) != at:
        with real(self):
            yield
        return
    save()
    if when == "inside":  # the block runs, its commit never comes
        if not self._transactions:
            self.con.execute("BEGIN TRANSACTION")
            self._transactions = 1
        yield
    else:
        with real(self):
            yield
    os.kill(os.getpid(), signal.SIGKILL)
Store.transaction = counted
sys.argv = ["copytrail", *sys.argv[4:]]
main()
"""

_SYLLABLES = "ka lo mi ren tas vo pel dri sun ak ore mab tin qua les hov zar nel bi cut".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3)))


def _sentence(rng: random.Random, figure: bool = False) -> str:
    words = [_word(rng) for _ in range(rng.randint(8, 16))]
    if figure:
        words.insert(rng.randint(1, len(words) - 1), f"{rng.randint(2, 90)} million euros")
    return " ".join(words).capitalize() + "."


def make_corpus(root: Path, documents: int, seed: int) -> tuple[Path, Path]:
    """``articles/`` and ``more/`` (a fifth of the documents) under ``root``: .txt files, some
    reprinting one of a few shared paragraphs (one of its figures changed in some copies),
    each dated by a first line the reader does not parse (so their order is their storing order)."""
    rng = random.Random(seed)
    shared = [[_sentence(rng, figure=i % 2 == 0) for i in range(5)] for _ in range(4)]
    first, more = root / "articles", root / "more"
    first.mkdir(parents=True)
    more.mkdir()
    for i in range(documents):
        body = [" ".join(_sentence(rng, figure=rng.random() < 0.3) for _ in range(4)) for _ in range(3)]
        if i % 3 != 2:
            paragraph = list(shared[i % len(shared)])
            if i % 4 == 1:
                paragraph[0] = paragraph[0].replace("million", "billion")
            body.insert(1, " ".join(paragraph))
        folder = more if i >= documents - max(1, documents // 5) else first
        (folder / f"article-{i:03d}.txt").write_text(f"Article {i}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    return first, more


def store_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the compared tables, sorted, without the columns of :data:`WHEN_WRITTEN`."""
    from copytrail.store import open_store

    out: dict[str, list[tuple[Any, ...]]] = {}
    with open_store(db, read_only=True) as store:
        for table in COMPARED:
            columns = [r[0] for r in store.con.execute(f"DESCRIBE {table}").fetchall() if r[0] != WHEN_WRITTEN.get(table)]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = store.con.execute(f"SELECT {quoted} FROM {table}").fetchall()  # noqa: S608 - fixed names
            out[table] = sorted(rows, key=repr)
    return out


def differences(got: dict[str, list[tuple[Any, ...]]], want: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    """The tables whose rows differ, each with a row of one side the other lacks."""
    out = []
    for table in COMPARED:
        if got[table] != want[table]:
            extra = sorted(set(got[table]) - set(want[table]), key=repr)[:1]
            missing = sorted(set(want[table]) - set(got[table]), key=repr)[:1]
            out.append(f"{table}: {len(got[table])} rows, want {len(want[table])}; extra {extra}, missing {missing}")
    return out


def _copy_store(source: Path | None, target: Path) -> None:
    for path in (target, target.with_name(target.name + ".wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(target.with_name(target.name + ".keys"), ignore_errors=True)
    if source is not None:
        shutil.copy(source, target)


def _run(args: list[str], at: int = 0, when: str = "inside", note: Path | None = None, timeout: float = 300) -> tuple[int, list[str]]:
    """Run a copytrail command under the transaction counter; its exit status and stages."""
    note = note or Path(os.devnull)
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(at), when, str(note), *args],
        capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    stages = json.loads(note.read_text()) if note != Path(os.devnull) and note.exists() and note.read_text() else []
    if done.returncode not in (0, -signal.SIGKILL):
        raise RuntimeError(f"copytrail {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.returncode, stages


@dataclass
class Command:
    """One killable command: the store it starts from, its arguments, the store it must end as."""

    name: str
    start: Path | None  # the store it starts from (None: no store yet)
    args: list[str]
    expected: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    stages: list[str] = field(default_factory=list)  # the stage of each of its transactions
    seconds: float = 0.0  # its uninterrupted run time


@dataclass
class KillLoop:
    """The corpus, the uninterrupted reference stores and the commands to kill."""

    work: Path
    documents: int = 30
    seed: int = 1
    commands: dict[str, Command] = field(default_factory=dict)
    survived: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def prepare(self) -> None:
        """Generate the corpus and run each command once uninterrupted, counting its transactions."""
        first, more = make_corpus(self.work / "corpus", self.documents, self.seed)
        references = self.work / "references"
        references.mkdir()
        db = self.work / "store.duckdb"
        forgotten = [str(p) for p in sorted(more.iterdir())[::2]]
        plans = [
            ("first scan", None, ["scan", str(first)], references / "first.duckdb"),
            ("incremental scan", references / "first.duckdb", ["scan", str(first), str(more)], references / "grown.duckdb"),
            ("forget", references / "grown.duckdb", ["forget", *forgotten], references / "forgotten.duckdb"),
        ]
        for name, start, args, keep in plans:
            _copy_store(start, db)
            command = Command(name, start, [*args, "--db", str(db), *(FLAGS if args[0] == "scan" else ["-q"])])
            clock = time.perf_counter()
            _, command.stages = _run(command.args, note=self.work / "note.json")
            command.seconds = time.perf_counter() - clock
            command.expected = store_rows(db)
            shutil.copy(db, keep)
            self.commands[name] = command

    def kill_once(
        self, command: Command, rng: random.Random, stage: str | None = None, *, when: str | None = None, moment: bool = False
    ) -> str:
        """Kill ``command`` once: inside or after (``when``) a transaction of ``stage``, else at a
        random transaction, or with ``moment`` (or by chance) at a random moment; run it again to
        its end and compare with the uninterrupted store.  Returns what was killed."""
        db = self.work / "store.duckdb"
        _copy_store(command.start, db)
        choices = [i + 1 for i, s in enumerate(command.stages) if stage is None or s == stage]
        if not moment and (stage is not None or rng.random() < 0.7):
            at, when = rng.choice(choices), when or rng.choice(("inside", "after"))
            kind = f"{command.name}: {command.stages[at - 1]}"
            label = f"{kind} ({when} transaction {at} of {len(command.stages)})"
            code, _ = _run(command.args, at, when, self.work / "note.json")
            if code != -signal.SIGKILL:
                raise RuntimeError(f"{label}: the command was not killed")
        else:
            delay = rng.uniform(0.3, max(0.4, command.seconds))
            kind = f"{command.name}: a random moment"
            label = f"{kind} ({delay:.1f} s of {command.seconds:.1f} s)"
            proc = subprocess.Popen([sys.executable, "-c", KILLER, "0", "inside", os.devnull, *command.args],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
            time.sleep(delay)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=300)
        self._resume(command)
        wrong = differences(store_rows(db), command.expected)
        if wrong:
            self.failures.append(f"{label}: " + "; ".join(wrong))
        else:
            self.survived[kind] += 1
        return label

    def _resume(self, command: Command) -> None:
        """Run the killed command again to its end.  A forget that had committed before its kill
        names files no longer stored: then there is nothing left to do."""
        if command.name == "forget":
            from copytrail.store import open_store

            with open_store(self.work / "store.duckdb", read_only=True) as store:
                left = store.con.execute(
                    "SELECT count(*) FROM files WHERE path IN (SELECT unnest(?::VARCHAR[]))",
                    [[str(Path(a).resolve()) for a in command.args[1 : command.args.index("--db")]]],
                ).fetchone()[0]
            if not left:
                return
        _run(command.args)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="how long to keep killing")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--documents", type=int, default=30)
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a fresh temporary one)")
    args = parser.parse_args(argv)
    import tempfile

    work = args.work or Path(tempfile.mkdtemp(prefix="kill-loop-"))
    loop = KillLoop(work, args.documents, args.seed)
    started = time.perf_counter()
    loop.prepare()
    for command in loop.commands.values():
        print(f"{command.name}: {len(command.stages)} transactions {dict(Counter(command.stages))}, {command.seconds:.1f} s", flush=True)
    rng = random.Random(args.seed)
    kills = 0
    while time.perf_counter() - started < args.minutes * 60:
        command = rng.choice(list(loop.commands.values()))
        label = loop.kill_once(command, rng)
        kills += 1
        print(f"{kills:4d} {'FAILED' if loop.failures and loop.failures[-1].startswith(label) else 'ok    '} {label}", flush=True)
    summary = {
        "kills": kills,
        "survived": sum(loop.survived.values()),
        "failed": len(loop.failures),
        "by_kind": dict(sorted(loop.survived.items())),
        "minutes": round((time.perf_counter() - started) / 60, 1),
        "documents": args.documents,
        "seed": args.seed,
    }
    print(json.dumps(summary, indent=2))
    for failure in loop.failures:
        print("FAILED", failure)
    if args.work is None:
        shutil.rmtree(work)
    if loop.failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main(sys.argv[1:])

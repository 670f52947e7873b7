"""Benchmark corpora built from the public data in ../shared/data, plus planted copies.

Nothing here is shipped: the corpora are unpacked into ``.data/`` (ignored by git) and written
as JSONL, the format ``copytrail scan`` reads fastest.  Planted copies carry controlled word
edits so that recall is measured against a known truth.
"""

from __future__ import annotations

import json
import random
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.stages.align import AlignSettings

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
UNPACKED = REPO / ".data"


def unpack(name: str) -> Path:
    """Unpack ``../shared/data/<name>.tar.gz`` into ``.data/`` once; return the folder."""
    tarball = SHARED / f"{name}.tar.gz"
    if not tarball.is_file():
        raise SystemExit(f"missing {tarball}: the benchmark corpora come from ../shared/data")
    UNPACKED.mkdir(exist_ok=True)
    with tarfile.open(tarball) as tar:
        top = tar.getmembers()[0].name.split("/")[0]
        if not (UNPACKED / top).exists():
            tar.extractall(UNPACKED, filter="data")
    return UNPACKED / top


_REUTERS = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("TITLE", "BODY", "DATE")}


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&#3;", "").strip()


def reuters() -> Iterator[dict]:
    root = unpack("reuters21578")
    for sgm in sorted(root.glob("reut2-*.sgm")):
        for match in _REUTERS.finditer(sgm.read_text(encoding="latin-1")):
            body = _FIELD["BODY"].search(match.group(2))
            if not body:
                continue
            title = _FIELD["TITLE"].search(match.group(2))
            date = _FIELD["DATE"].search(match.group(2))
            published = None
            if date:
                try:
                    # " 5-APR-1987 01:53:30.88": the hundredths off (a one-digit day made a
                    # fixed cut leave the full stop on, and a third of the stories undated)
                    stamp = date.group(1).strip().split(".")[0]
                    published = datetime.strptime(stamp, "%d-%b-%Y %H:%M:%S").isoformat() + "+00:00"
                except ValueError:
                    published = None
            yield {
                "id": f"reuters-{match.group(1)}",
                "title": _unescape(title.group(1)) if title else None,
                "text": _unescape(body.group(1)),
                "published": published,
                "outlet": "Reuters",
            }


def bbc() -> Iterator[dict]:
    root = unpack("bbc")
    for path in sorted(root.glob("*/*.txt")):
        raw = path.read_text(encoding="latin-1")
        title, _, body = raw.partition("\n")
        yield {"id": f"bbc-{path.parent.name}-{path.stem}", "title": title.strip(), "text": body.strip(), "outlet": "BBC"}


def newsgroups() -> Iterator[dict]:
    root = unpack("20newsgroups")
    for path in sorted(root.glob("*/*/*")):
        if path.is_file():
            text = path.read_text(encoding="latin-1").strip()
            if text:
                yield {"id": f"20ng-{path.parent.parent.name[-5:]}-{path.parent.name}-{path.name}", "text": text, "outlet": path.parent.name}


def pan_documents() -> Iterator[dict]:
    root = unpack("pan13-train")
    for folder in ("src", "susp"):
        for path in sorted((root / folder).glob("*.txt")):
            yield {"id": f"pan-{path.stem}", "text": path.read_text(encoding="utf-8"), "outlet": f"pan-{folder}"}


@dataclass(frozen=True)
class Planted:
    target: str
    source: str
    words: int
    edits: int


def _edit(words: list[str], rate: float, vocabulary: list[str], rng: random.Random) -> tuple[list[str], int]:
    out: list[str] = []
    edits = 0
    for word in words:
        roll = rng.random()
        if roll < rate / 3:
            edits += 1  # deleted
        elif roll < 2 * rate / 3:
            out.append(rng.choice(vocabulary))
            edits += 1
        elif roll < rate:
            out.extend([word, rng.choice(vocabulary)])
            edits += 1
        else:
            out.append(word)
    return out, edits


def plant_copies(
    records: list[dict], count: int, seed: int = 1, max_edit_rate: float = 0.10
) -> tuple[list[dict], list[Planted]]:
    """``count`` new documents, each a passage of 60–200 words from a random record, edited
    at a rate up to ``max_edit_rate``, embedded between sentences of another record."""
    rng = random.Random(seed)
    vocabulary = [w for r in records[:2000] for w in r["text"].split()[:50]]
    long_enough = [r for r in records if len(r["text"].split()) >= 80]
    copies: list[dict] = []
    truth: list[Planted] = []
    for number in range(count):
        source = rng.choice(long_enough)
        host = rng.choice(records)
        words = source["text"].split()
        size = min(len(words), rng.randint(60, 200))
        start = rng.randint(0, len(words) - size)
        passage, edits = _edit(words[start : start + size], rng.uniform(0, max_edit_rate), vocabulary, rng)
        host_words = host["text"].split()
        cut = rng.randint(0, min(len(host_words), 150))
        text = " ".join(host_words[:cut] + passage + host_words[cut : cut + 150])
        target = f"copy-{seed}-{number}"
        copies.append({"id": target, "text": text, "outlet": f"copier-{number % 17}"})
        truth.append(Planted(target, source["id"], size, edits))
    return copies, truth


def write_jsonl(records: list[dict], path: Path, shards: int = 1) -> list[Path]:
    """Write records into ``shards`` JSONL files named ``path-NN.jsonl``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    outs = [path.with_name(f"{path.name}-{k:02d}.jsonl") for k in range(shards)]
    handles = [open(p, "w", encoding="utf-8") for p in outs]  # noqa: SIM115
    try:
        for k, record in enumerate(records):
            handles[k % shards].write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        for handle in handles:
            handle.close()
    return outs


def as_scanned(texts: list[str], settings: AlignSettings | None = None) -> AlignSettings:
    """The alignment settings a scan of ``texts`` aligns with: with ``shared_once``, the
    corpus's common stems read on a sample of them (``stages.align.common``: the first by the
    SHA-1 of their text, as a store samples), so that pairs aligned one by one here are
    aligned as the scan would align them."""
    from dataclasses import replace

    from copytrail.records import content_hash
    from copytrail.stages.align import AlignSettings
    from copytrail.stages.align.common import SAMPLE, common_stems

    settings = settings or AlignSettings()
    if not settings.shared_once:
        return settings
    chosen = sorted(texts, key=content_hash)[:SAMPLE]
    return replace(settings, common_stems=common_stems(chosen, settings))

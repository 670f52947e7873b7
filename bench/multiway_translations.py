"""One paragraph translated into several languages at once: does each translation still find
the others (``copytrail scan --cross-lingual``)?

    .venv/bin/python bench/multiway_translations.py [--out bench/multiway_translations.json]

A campaign that launders a text by translation publishes it in many languages.  The margin
that makes multilingual cosines usable divides a pair's cosine by each sentence's mean cosine
with its nearest sentences in other languages; once a paragraph exists in several languages,
those nearest sentences are its other translations, and every translation can hide behind
the rest.

The paragraph (four sentences, written for this benchmark with its translations into Spanish,
Russian, Persian, Arabic and Chinese) is placed in the middle of an article of the
cross-lingual development set (``../shared/data/xling-dev``, articles in no labelled case) of
its language.  For ``n`` = 2 … 6 languages (English first, then es, ru, fa, ar, zh), a fresh
store holds the ``n`` host articles with the paragraph and eight other articles of each of
those languages; the scan's translated alignments are read back and scored:

- pairs found: pairs of the ``n`` hosts linked by a passage that overlaps the paragraph on
  both sides (of ``n (n - 1) / 2``);
- share inside: the characters of those passages inside the paragraph;
- false links: alignments from a host to any other article.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from campaigns import _articles  # noqa: E402

PARAGRAPH = {
    "en": "The regional water authority announced on Monday that household tariffs will rise by eighteen percent "
    "from the first day of next month. Officials blamed the increase on the cost of repairing pipes damaged during "
    "last winter's floods. Consumer groups said the decision was taken without any public consultation and promised "
    "to challenge it in court. The authority's director rejected the criticism, saying that without new revenue the "
    "network would collapse within five years.",
    "es": "La autoridad regional del agua anunció el lunes que las tarifas domésticas subirán un dieciocho por ciento "
    "a partir del primer día del próximo mes. Los responsables atribuyeron el aumento al coste de reparar las tuberías "
    "dañadas durante las inundaciones del invierno pasado. Las asociaciones de consumidores afirmaron que la decisión "
    "se tomó sin ninguna consulta pública y prometieron recurrirla ante los tribunales. El director de la autoridad "
    "rechazó las críticas y dijo que, sin nuevos ingresos, la red se derrumbaría en cinco años.",
    "ru": "Региональное управление водоснабжения объявило в понедельник, что тарифы для населения вырастут на "
    "восемнадцать процентов с первого числа следующего месяца. Чиновники объяснили повышение расходами на ремонт труб, "
    "повреждённых во время наводнений прошлой зимой. Общества защиты прав потребителей заявили, что решение было "
    "принято без какого-либо общественного обсуждения, и пообещали оспорить его в суде. Директор управления отверг "
    "критику, заявив, что без новых доходов сеть развалится в течение пяти лет.",
    "fa": "سازمان منطقه‌ای آب روز دوشنبه اعلام کرد که تعرفه‌های خانگی از ابتدای ماه آینده هجده درصد افزایش خواهد "
    "یافت. مسئولان این افزایش را به هزینه تعمیر لوله‌هایی نسبت دادند که در سیل‌های زمستان گذشته آسیب دیده بودند. "
    "انجمن‌های حمایت از مصرف‌کنندگان گفتند این تصمیم بدون هیچ‌گونه مشورت عمومی گرفته شده و قول دادند آن را در دادگاه "
    "به چالش بکشند. مدیر این سازمان انتقادها را رد کرد و گفت بدون درآمد جدید، شبکه ظرف پنج سال فرو خواهد پاشید.",
    "ar": "أعلنت هيئة المياه الإقليمية يوم الاثنين أن تعرفة الاستهلاك المنزلي سترتفع بنسبة ثمانية عشر في المئة اعتبارا "
    "من أول الشهر المقبل. وعزا المسؤولون هذه الزيادة إلى تكلفة إصلاح الأنابيب التي تضررت خلال فيضانات الشتاء الماضي. "
    "وقالت جمعيات حماية المستهلك إن القرار اتخذ دون أي تشاور عام، وتعهدت بالطعن فيه أمام القضاء. ورفض مدير الهيئة "
    "الانتقادات، قائلا إن الشبكة ستنهار في غضون خمس سنوات من دون إيرادات جديدة.",
    "zh": "地区水务局周一宣布，从下个月一日起，居民用水价格将上涨百分之十八。官员们将涨价归因于修复去年冬季洪水中受损管道的"
    "费用。消费者团体表示，这一决定是在没有任何公众咨询的情况下做出的，并承诺将在法庭上提出质疑。水务局局长驳斥了这些批评，"
    "称如果没有新的收入，供水网络将在五年内崩溃。",
}
ORDER = ("en", "es", "ru", "fa", "ar", "zh")
OTHERS = 8  # other articles of each language beside the hosts


def _host(path: Path, paragraph: str) -> tuple[str, int, int]:
    """The article with the paragraph between its middle paragraphs, and the paragraph's span."""
    parts = path.read_text(encoding="utf-8").strip().split("\n\n")
    middle = max(1, len(parts) // 2)
    before = "\n\n".join(parts[:middle]) + "\n\n"
    return before + paragraph + "\n\n" + "\n\n".join(parts[middle:]) + "\n", len(before), len(before) + len(paragraph)


def run(n: int) -> dict[str, object]:
    from copytrail.engines.local import scan
    from copytrail.settings import ScanSettings
    from copytrail.stages.crosslingual import CrossLingualSettings
    from copytrail.store import open_store

    by_language, _ = _articles()
    languages = ORDER[:n]
    spans: dict[str, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for lang in languages:
            articles = sorted(by_language[lang])
            text, start, end = _host(articles[0], PARAGRAPH[lang])
            (corpus / f"host-{lang}.txt").write_text(text, encoding="utf-8")
            spans[f"host-{lang}.txt"] = (start, end)
            for article in articles[1 : 1 + OTHERS]:
                (corpus / f"other-{lang}-{article.name}").write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
        settings = ScanSettings(crosslingual=CrossLingualSettings(enabled=True))
        started = time.perf_counter()
        with open_store(Path(folder) / "multiway.duckdb") as store:
            scan([corpus], store, settings)
            rows = store.query(
                "SELECT s.path AS a, t.path AS b, l.source_start, l.source_end, l.target_start, l.target_end, l.kind "
                "FROM alignments l JOIN documents s ON l.source_doc = s.id JOIN documents t ON l.target_doc = t.id"
            )
        seconds = time.perf_counter() - started
    found: set[frozenset[str]] = set()
    inside = total = 0
    false_links: list[list[str]] = []
    for row in rows:
        a, b = Path(row["a"]).name, Path(row["b"]).name
        if a in spans and b in spans:
            (a0, a1), (b0, b1) = spans[a], spans[b]
            x0, x1, y0, y1 = row["source_start"], row["source_end"], row["target_start"], row["target_end"]
            if min(x1, a1) > max(x0, a0) and min(y1, b1) > max(y0, b0):
                found.add(frozenset((a, b)))
                inside += min(x1, a1) - max(x0, a0) + min(y1, b1) - max(y0, b0)
                total += x1 - x0 + y1 - y0
        elif a in spans or b in spans:
            false_links.append(sorted((a, b)))
    hosts = sorted(spans)
    missed = [f"{x[5:7]}-{y[5:7]}" for i, x in enumerate(hosts) for y in hosts[i + 1 :] if frozenset((x, y)) not in found]
    return {
        "languages": list(languages),
        "pairs": n * (n - 1) // 2,
        "pairs_found": len(found),
        "missed": missed,
        "share_inside": round(inside / total, 4) if total else None,
        "false_links": false_links,
        "seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--sizes", default="2,3,4,5,6", help="How many languages hold the paragraph, each run.")
    args = parser.parse_args()
    results = []
    for n in [int(x) for x in args.sizes.split(",")]:
        result = run(n)
        print(json.dumps(result, ensure_ascii=False))
        results.append(result)
    if args.out:
        payload = {"command": ["python", *sys.argv], "machine": {"platform": platform.platform(), "python": platform.python_version()}, "runs": results}
        args.out.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

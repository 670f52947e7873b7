"""Language of every document: read at ingest, stored, exported, filtered on; old stores
gain the column."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FAST
from copytrail.engines.local import scan
from copytrail.outputs.export import export
from copytrail.stages.language import UNDETERMINED, detect_language, is_language_code
from copytrail.store import open_store
from copytrail.store.queries import search_documents

TEXTS = {
    "en": "The council approved the budget for the new desalination plant on Tuesday after a long debate.",
    "fa": "شورای شهر روز سه‌شنبه پس از بحثی طولانی بودجه آب‌شیرین‌کن تازه را تصویب کرد.",
    "ar": "وافق مجلس المدينة يوم الثلاثاء على ميزانية محطة التحلية الجديدة بعد نقاش طويل.",
    "ru": "Городской совет во вторник после долгих споров утвердил бюджет нового опреснителя.",
    "ur": "شہر کی کونسل نے منگل کے روز طویل بحث کے بعد نئے پلانٹ کے بجٹ کی منظوری دے دی۔",
    "zh": "市议会周二经过长时间辩论后批准了新海水淡化厂的预算。",
}


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_languages_of_short_news_sentences(language: str) -> None:
    assert detect_language(TEXTS[language]) == language


def test_text_in_capitals_is_read_as_its_language() -> None:
    """Capitals are lower-cased before the model sees them (the model alone takes this for
    Japanese), also when a few lower-case letters are mixed in."""
    capitals = "THE CITY COUNCIL VOTED ON TUESDAY TO APPROVE A NEW BUDGET AFTER A LONG DEBATE"
    assert detect_language(capitals) == "en"
    assert detect_language(capitals.replace("CITY", "city")) == "en"


# a newsgroup post: headers of names, hosts and organisations over an English body
MAIL_HEADERS = (
    "From: wendler@physik.uni-heidelberg.de (Kurt Wendler)\nSubject: Re: Netzteil fuer Messgeraete\n"
    "Organization: Institut fuer Hochenergiephysik, Universitaet Heidelberg\n"
    "Nntp-Posting-Host: kirchhoff.physik.uni-heidelberg.de\nLines: 24\n\n"
)
MAIL_BODY = (
    "In article <1994Mar3.1022@lab.example>, someone asked whether an old bench supply can feed the new "
    "counter. It can, as long as you keep the ground lead short and put a small capacitor across the input. "
    "We ran ours that way for two winters without a single failure, and the readings stayed within the "
    "tolerance the manual gives. If the hum comes back, look at the cable before you blame the supply, "
    "because nine times out of ten the shield has worked loose at the plug.\n"
)


def test_a_post_under_mail_headers_is_read_by_its_body() -> None:
    """Headers of names, hosts and organisations read as German with little confidence; the
    body the post is written in decides, and a text that is German all through stays German."""
    from copytrail.stages.language import SAMPLE_CHARS, SURE_SCORE, _best

    beginning, score = _best((MAIL_HEADERS + MAIL_BODY)[:SAMPLE_CHARS])
    assert beginning != "en" and score < SURE_SCORE  # what the beginning alone said
    assert detect_language(MAIL_HEADERS + MAIL_BODY) == "en"
    german = (
        "Wir haben das alte Netzteil zwei Winter lang ohne einen einzigen Ausfall betrieben, und die Werte "
        "blieben innerhalb der Toleranz, die das Handbuch angibt. Wenn das Brummen wiederkommt, sollte man "
        "zuerst das Kabel pruefen, bevor man dem Netzteil die Schuld gibt, denn meistens hat sich die "
        "Abschirmung am Stecker gelockert. Ein kleiner Kondensator am Eingang hilft ebenfalls.\n"
    )
    assert detect_language(MAIL_HEADERS + german + german) == "de"


@pytest.mark.parametrize("text", ["", "   ", "123 456 ٣٤٥", "😀👍🏽 🇮🇷", "\u202b\u200f\u2067", "ok"])
def test_texts_without_enough_letters_are_undetermined(text: str) -> None:
    assert detect_language(text) == UNDETERMINED


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_any_text_gets_a_code(text: str) -> None:
    assert is_language_code(detect_language(text))


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for language, text in TEXTS.items():
        (folder / f"{language}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def test_scan_stores_exports_and_filters_by_language(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    db = tmp_path / "store.duckdb"
    with open_store(db) as store:
        scan([corpus], store, FAST)
        stored = {Path(r["path"]).stem: r["language"] for r in store.query("SELECT path, language FROM documents")}
        assert stored == {name: name for name in TEXTS}
        rows, total = search_documents(store, None, 50, 0, language="fa")
        assert total == 1 and [Path(r["path"]).stem for r in rows] == ["fa"]
        assert rows[0]["language"] == "fa"
    out = tmp_path / "documents.jsonl"
    with open_store(db, read_only=True) as store:
        export(store, "documents", "jsonl", out)
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {Path(d["path"]).stem: d["language"] for d in exported} == stored


def test_a_store_made_before_the_language_column_gains_it(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    db = tmp_path / "old.duckdb"
    with open_store(db) as store:
        scan([corpus], store, FAST)
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE documents DROP COLUMN language")
    con.close()
    with open_store(db, read_only=True) as store:  # read-only: a view shows the column
        assert {r["language"] for r in store.query("SELECT language FROM documents")} == {None}
    with open_store(db) as store:  # for writing: the column is added, old rows unread
        assert {r["language"] for r in store.query("SELECT language FROM documents")} == {None}


def test_web_app_lists_and_filters_documents_by_language(tmp_path: Path) -> None:
    """Served for real on 127.0.0.1 (the server of test_web), asked over HTTP."""
    import httpx

    from copytrail.outputs.web import create_app
    from test_web import LiveServer

    corpus = _corpus(tmp_path / "corpus")
    db = tmp_path / "store.duckdb"
    with open_store(db) as store:
        scan([corpus], store, FAST)
    with LiveServer(create_app(db)) as live, httpx.Client(base_url=live.url) as client:
        page = client.get("/api/documents", params={"language": "ru"}).json()
        assert page["total"] == 1 and page["items"][0]["language"] == "ru"
        html = client.get("/documents", params={"language": "ar"}).text
    assert "written wholly or partly in “ar”" in html and "<td>ar</td>" in html and "<td>fa</td>" not in html


def test_sample_corpus_languages_and_retyped_copies(sample_db: Path) -> None:
    """Every planted passage that names its language sits in documents stored with it; the
    Persian copy retyped on an Arabic keyboard and the Russian copy with Latin look-alike
    letters are linked to their sources."""
    from conftest import ids_by_name
    from sample_truth import truth

    with open_store(sample_db, read_only=True) as store:
        ids = ids_by_name(store)
        language = {r["id"]: r["language"] for r in store.query("SELECT id, language FROM documents")}
        rows = [r for r in truth()["reuse"] if r.get("language")]
        assert {r["language"] for r in rows} >= {"fa", "ar", "ru", "zh"}
        for row in rows:
            assert language[ids[row["source"]]] == language[ids[row["target"]]] == row["language"], row["target"]
        for row in rows:
            if row["storyline"] == "D":
                a, b = ids[row["source"]], ids[row["target"]]
                linked = store.query(
                    "SELECT count(*) AS n FROM alignments WHERE (source_doc = ? AND target_doc = ?) "
                    "OR (source_doc = ? AND target_doc = ?)",
                    [a, b, b, a],
                )[0]["n"]
                assert linked, (row["source"], row["target"])


def test_report_shows_each_members_language_in_a_browser(sample_db: Path, tmp_path: Path) -> None:
    """The offline report, opened in Chromium: the narrative of the Persian article lists its
    members with their language."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the browser test needs playwright")
    from copytrail.outputs.report import build_report
    from test_browser import ARGS, CHROMIUM  # skips, with the reason, without Chromium

    out = tmp_path / "report.html"
    with open_store(sample_db, read_only=True) as store:
        build_report(store, out)
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = chromium.new_page()
        page.goto(out.as_uri())
        page.fill("#narrative-filter", "شوره‌زار")
        page.wait_for_timeout(400)
        narrative = page.locator("details.narrative").filter(has_text="شوره‌زار").first
        if narrative.get_attribute("open") is None:
            narrative.locator("summary").click()
        table = narrative.locator("table.grid").first
        table.wait_for()
        headers = table.locator("thead th").all_inner_texts()
        cells = [row.locator("td").all_inner_texts() for row in table.locator("tbody tr").all()]
        chromium.close()
    column = headers.index("language")
    assert sorted(row[column] for row in cells) == ["fa", "fa"]


def test_arabic_script_light_rule_and_snowball_stems() -> None:
    from copytrail.stages.language import stem
    from copytrail.stages.segment import normalise_word

    def stems(*words: str) -> set[str]:
        return {stem(normalise_word(w)) for w in words}

    assert len(stems("والحكومة", "الحكومة", "حكومة")) == 1  # article and conjunction
    assert len(stems("کتاب‌ها", "کتابها", "کتاب")) == 1  # Persian plural, with or without half-space
    assert len(stems("می‌شود", "شود")) == 1  # Persian verbal prefix
    assert stems("بال") == {"بال"}  # never below three letters
    assert len(stems("بارشوں", "بارش")) == 1  # Urdu oblique plural (noon ghunna: Urdu's alone)
    assert len(stems("کناروں", "کنارے")) == 1  # and the oblique singular (yeh barree)
    assert stems("باران", "تهران") == {"باران", "تهران"}  # a Persian -ان is no Urdu ending
    assert len(stems("опреснительной", "опреснительная")) == 1  # Snowball Russian
    assert stems("Reuters", "running") == {"reuters", "running"}  # Latin script: the word itself


# Our own writing: a story in Persian, Urdu and Arabic, and each typed as another language's
# keyboard types it (Persian and Urdu with Arabic yeh and kaf, Urdu's heh as Arabic's; Arabic
# with Persian yeh and kaf, teh marbuta as heh).
_PERSIAN = (
    "مسئولان استان روز سه‌شنبه اعلام کردند که آب‌شیرین‌کن جدید دماغه شوره‌زار از اوایل سال آینده به "
    "بهره‌برداری می‌رسد. به گفته سخنگوی استانداری، این تأسیسات روزانه حدود چهل و پنج هزار متر مکعب آب "
    "شیرین تولید خواهد کرد و آب ساکنان محله‌های شرقی شهر را تأمین می‌کند."
)
_URDU = (
    "ضلعی انتظامیہ نے بدھ کے روز بتایا کہ دریائے سوات پر بنے پرانے پل کا ایک حصہ شدید بارشوں کے بعد "
    "گر گیا، جس سے دونوں کناروں کے درمیان آمد و رفت معطل ہو گئی۔ ڈپٹی کمشنر کے مطابق حادثے میں کوئی "
    "جانی نقصان نہیں ہوا۔"
)
_ARABIC = (
    "أعلنت السلطات الإقليمية يوم الثلاثاء أن محطة التحلية الجديدة في رأس السبخة ستبدأ العمل في مطلع "
    "العام المقبل. وقال المتحدث باسم المحافظة إن المحطة ستنتج نحو خمسة وأربعين ألف متر مكعب من المياه "
    "العذبة يوميا، وستزود سكان الأحياء الشرقية بالمياه."
)
_ON_ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك", "ہ": "ه", "\u200c": " "})
_ON_PERSIAN_KEYBOARD = str.maketrans({"ي": "ی", "ك": "ک", "ة": "ه"})


def test_persian_and_urdu_typed_with_arabic_letter_forms_are_not_arabic() -> None:
    """The model takes Persian or Urdu typed with Arabic yeh and kaf for Arabic, and Arabic typed
    with Persian ones for Persian; letters only Persian and Urdu write (پ چ ژ گ, ے ں ٹ), or their
    absence, say which, and the text read again in its own letter forms says it surely."""
    assert [detect_language(t) for t in (_PERSIAN, _URDU, _ARABIC)] == ["fa", "ur", "ar"]
    assert detect_language(_PERSIAN.translate(_ON_ARABIC_KEYBOARD)) == "fa"
    assert detect_language(_URDU.translate(_ON_ARABIC_KEYBOARD)) == "ur"
    assert detect_language(_ARABIC.translate(_ON_PERSIAN_KEYBOARD)) == "ar"
    # an Arabic story naming a Persian place once is still Arabic
    assert detect_language(_ARABIC.replace("رأس السبخة", "بندر گناوه")) == "ar"


def test_urdu_function_words_carry_no_evidence() -> None:
    """Urdu's auxiliaries, light verbs and conjunctions are function words: two sentences that
    share only them share no content stem."""
    from copytrail.stages.align import content_stems
    from copytrail.stages.segment import words

    one = words("تاہم لیکن اب کوئی کرنا پڑے گا")
    assert content_stems(one) == set()
    assert content_stems(words("پل کی تعمیر کے لیے پندرہ کروڑ روپے منظور کر لیے ہیں")) >= {"تعمير", "منظور", "پندره"}


def test_a_copy_that_changes_articles_and_conjunctions_shares_band_keys() -> None:
    """Band keys hash stems: an Arabic copy that adds and drops the article and conjunctions
    on most of its words still shares keys with its source."""
    import numpy as np

    from copytrail.stages.segment import words
    from copytrail.stages.sketch import SketchSettings, WordHasher, document_keys

    source = (
        "أعلنت هيئة المياه في مدينة بورت فيرا أنها ستفتح أبواب محطة التحلية في رأس المالح أمام "
        "الزوار يوم السبت المقبل في محاولة للرد على الشكاوى المتزايدة من السكان بشأن طعم مياه "
        "الشرب وقال المتحدث باسم الهيئة إن المحطة تنتج يوميا نحو خمسة وأربعين ألف متر مكعب"
    )
    swapped = {"هيئة": "الهيئة", "المياه": "مياه", "محطة": "المحطة", "التحلية": "تحلية", "الزوار": "زوار",
               "المقبل": "مقبل", "محاولة": "والمحاولة", "الشكاوى": "شكاوى", "المتزايدة": "متزايدة",
               "السكان": "سكان", "الشرب": "والشرب", "وقال": "قال", "المتحدث": "متحدث", "الهيئة": "هيئة"}  # fmt: skip
    copy = " ".join(swapped.get(w, w) for w in source.split())
    settings, hasher = SketchSettings(), WordHasher()
    shared = np.intersect1d(document_keys(words(source), hasher, settings), document_keys(words(copy), hasher, settings))
    assert len(shared) >= 2 * settings.bands // 3


_SCRIPTS_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list("\u200e\u200f\u202b\u202c\u2067\u2069\u200c\u200d ـًٌَُّ٠١۲۳०१كکيیىةهہھأإآوال ёЁоoаa.؟۔\n😀🇮🇷")),
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0x0400, max_codepoint=0x04FF),
    ),
    min_size=0,
    max_size=250,
)


@settings(max_examples=60, deadline=None)
@given(_SCRIPTS_TEXT, _SCRIPTS_TEXT)
def test_keys_and_alignment_of_any_text_stay_inside_it(left: str, right: str) -> None:
    """Mixed and unknown scripts, bidi controls, digits and emoji: band keys and stems never
    fail, and every passage found between a text and its copy lies inside both texts."""
    from copytrail.stages.align import align_texts
    from copytrail.stages.language import stem
    from copytrail.stages.segment import words
    from copytrail.stages.sketch import SketchSettings, WordHasher, document_keys

    for word in words(left):
        assert stem(word)
    document_keys(words(left + right), WordHasher(), SketchSettings())
    copy = right + "\n\n" + left
    for passage in align_texts(left, copy):
        assert 0 <= passage.a_start < passage.a_end <= len(left)
        assert 0 <= passage.b_start < passage.b_end <= len(copy)

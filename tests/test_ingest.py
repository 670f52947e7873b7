"""Tests of copytrail.stages.ingest over real files written into tmp_path."""

from __future__ import annotations

import gzip
import io
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from copytrail.records import Document, InputProblem, content_hash, document_id
from copytrail.stages.ingest import (
    SUPPORTED_SUFFIXES,
    DecodeError,
    IngestSettings,
    InputFile,
    SkippedRecord,
    decode_bytes,
    document_from_html,
    iter_input_files,
    normalise_date,
    outlet_from_url,
    read_file,
    read_found_file,
    walk_input_files,
)

BODY = (
    "The city council voted on Tuesday to approve a new budget after a long and heated debate "
    "that lasted well into the night. Several members objected to the cuts in public transport "
    "funding, while others argued that the savings were necessary to balance the books. "
)

ARTICLE_HTML = f"""<!DOCTYPE html>
<html><head>
<title>Council Approves Budget - The Daily Planet</title>
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="The Daily Planet">
<meta property="og:url" content="https://www.dailyplanet.com/news/budget">
<link rel="canonical" href="https://www.dailyplanet.com/news/budget">
<meta property="article:published_time" content="2021-03-04T10:20:00+01:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council Approves Budget</h1>
<p>{BODY}</p>
<p>The mayor said the new budget would take effect next month.</p>
</article>
<footer>Copyright The Daily Planet</footer>
</body></html>
"""

UNDATED_HTML = f"""<html><head><title>Undated story</title></head>
<body><article><p>{BODY}</p></article></body></html>"""


def read_all(path: Path, display: str | None = None) -> list[Document | InputProblem]:
    return list(read_file(path, display))


def docs_of(items: list[Document | InputProblem]) -> list[Document]:
    return [x for x in items if isinstance(x, Document)]


def errors_of(items: list[Document | InputProblem]) -> list[InputProblem]:
    return [x for x in items if isinstance(x, InputProblem)]


def only_doc(path: Path) -> Document:
    items = read_all(path)
    assert len(items) == 1, items
    assert isinstance(items[0], Document), items[0]
    return items[0]


def only_error(path: Path) -> InputProblem:
    items = read_all(path)
    assert len(items) == 1, items
    assert isinstance(items[0], InputProblem), items[0]
    return items[0]


def set_mtime(path: Path, when: datetime) -> float:
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))
    return stamp


# --------------------------------------------------------------------------- plain text


def test_txt_text_is_exact_including_crlf(tmp_path: Path) -> None:
    text = "  Headline\r\n\r\nFirst line.\r\nSecond line with trailing space \n\tend\n\n"
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode("utf-8"))
    stamp = set_mtime(path, datetime(2020, 5, 6, 7, 8, 9, tzinfo=UTC))

    doc = only_doc(path)

    assert doc.text == text
    assert doc.sha1 == content_hash(text)
    assert doc.source_key == path.resolve().as_posix()
    assert doc.id == document_id(path.resolve().as_posix())
    assert doc.path == str(path)
    assert doc.fmt == "txt"
    assert doc.mtime == stamp
    # a file's time says when it was saved, not published: undated unless asked
    assert (doc.published, doc.date_source) == (None, "none")
    assert doc.url is None and doc.title is None
    assert doc.extra == {}
    (asked,) = read_file(path, file_dates=True)
    assert isinstance(asked, Document)
    assert (asked.published, asked.date_source) == ("2020-05-06T07:08:09+00:00", "file")


def test_display_path_is_used_for_path_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("Some words here.", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"")
    assert only_doc_display(good, "corpus/a.txt").path == "corpus/a.txt"
    (err,) = read_all(bad, "corpus/b.txt")
    assert err == InputProblem("corpus/b.txt", "empty file")


def only_doc_display(path: Path, display: str) -> Document:
    (doc,) = read_all(path, display)
    assert isinstance(doc, Document)
    return doc


def test_txt_source_key_is_resolved_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("Hello there.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = only_doc(Path("sub/../sub/x.txt"))
    assert doc.path == "sub/../sub/x.txt"
    assert doc.source_key == (tmp_path / "sub" / "x.txt").resolve().as_posix()


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "expected", "encoding"),
    [
        (
            "\ufeffUTF-8 with a BOM: café “quotes”".encode(),
            "UTF-8 with a BOM: café “quotes”",
            "utf-8",
        ),
        (
            b"\xff\xfe" + "UTF-16 LE: na\u00efve \u2014 \U0001f600".encode("utf-16-le"),
            "UTF-16 LE: na\u00efve \u2014 \U0001f600",
            "utf-16-le",
        ),
        (
            b"\xfe\xff" + "UTF-16 BE: \u00fcber \u4e2d\u6587".encode("utf-16-be"),
            "UTF-16 BE: \u00fcber \u4e2d\u6587",
            "utf-16-be",
        ),
        (b"He said \x93hello\x94 \x96 it\x92s \x80100", "He said “hello” – it’s €100", "cp1252"),
        (
            "Cr\u00e8me br\u00fbl\u00e9e \u00e0 la fran\u00e7aise, \u00bd".encode("latin-1"),
            "Crème brûlée à la française, ½",
            "cp1252",
        ),
        (b"latin-1 only: \x81\xe9t\xe9", "latin-1 only: \x81été", "latin-1"),
        ("plain utf-8 ✓ é".encode(), "plain utf-8 ✓ é", "utf-8"),
    ],
    ids=[
        "utf8-bom",
        "utf16le",
        "utf16be",
        "cp1252-curly",
        "latin1-as-cp1252",
        "latin1-fallback",
        "utf8",
    ],
)
def test_encodings_decode_to_the_right_text(
    tmp_path: Path, data: bytes, expected: str, encoding: str
) -> None:
    assert decode_bytes(data) == (expected, encoding)
    path = tmp_path / "enc.txt"
    path.write_bytes(data)
    doc = only_doc(path)
    assert doc.text == expected
    assert doc.extra.get("encoding", "utf-8") == encoding


@pytest.mark.parametrize(
    ("text", "written_in", "read_as"),
    [
        ("Жители района потребовали опубликовать результаты анализов воды после запуска станции.", "cp1251", "cp1251"),
        ("Жители района потребовали опубликовать результаты анализов воды после запуска станции.", "koi8-r", "koi8-r"),
        ("وقال المتحدث باسم الهيئة إن المحطة تنتج يوميا نحو خمسة وأربعين ألف متر مكعب من المياه العذبة.", "cp1256", "cp1256"),
        ("居民要求公布海水淡化厂启用后的水质检测结果，当局表示将在下个月公布报告。", "gbk", "gb18030"),
        ("住民は海水淡水化プラントの稼働後の水質検査結果の公表を求めた。", "shift_jis", "cp932"),
        ("주민들은 담수화 시설 가동 이후 수질 검사 결과 공개를 요구했다.", "euc-kr", "cp949"),
        ("Οι κάτοικοι ζήτησαν τη δημοσίευση των αποτελεσμάτων των αναλύσεων του νερού.", "cp1253", "cp1253"),
        ("התושבים דרשו לפרסם את תוצאות בדיקות המים לאחר הפעלת המתקן.", "cp1255", "cp1255"),
    ],
    ids=["ru-cp1251", "ru-koi8", "ar-cp1256", "zh-gbk", "ja-sjis", "ko-euckr", "el-cp1253", "he-cp1255"],
)
def test_a_legacy_codec_of_another_script_is_read_as_its_letters(tmp_path: Path, text: str, written_in: str, read_as: str) -> None:
    # undeclared: cp1252 would read every letter as mojibake ("Æèòåëè" for "Жители")
    assert decode_bytes(text.encode(written_in)) == (text, read_as)
    page = tmp_path / "page.html"
    page.write_bytes(f"<html><head><title>t</title></head><body><article><p>{text} {text} {text}</p></article></body></html>".encode(written_in))
    doc = only_doc(page)
    assert text in doc.text and doc.extra.get("encoding") == read_as


_LATIN_WORDS = (
    "crème brûlée à la française déjà été où garçon naïve façade müde über Straße größer Bürger "
    "año niño señor acción corazón pingüino ação coração não você città perché così più "
    "the council said “quoted” – it’s €100 Ærø Øresund smørrebrød Ångström Åland"
).split()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_LATIN_WORDS), min_size=3, max_size=60))
@example(["crème", "à", "à"])  # once read as Urdu's cp1006: too few bytes to tell a script by
@example(["“quoted”", "été", "été", "été"])  # once read as UTF-16 (big-endian) without a byte-order mark
@example(["garçon", "façade", "façade", "ação", "it’s"])  # once read as Mac Roman ("garÁon")
@example(["perché", "naïve", "crème", "où", "€100", "niño", "acción", "naïve", "où", "così", "più"])  # once cp1250
@example(["été", "año", "você", "perché", "più"])  # once Mac Roman: no one language's letters, but all cp1252 languages
@example(["à", "à", "à", "à", "“quoted”", "“quoted”"])  # once Cyrillic: curly quotes counted as letters of another script
def test_latin_text_in_cp1252_is_read_as_cp1252(words: list[str]) -> None:
    text = " ".join(words)
    assert decode_bytes(text.encode("cp1252")) == (text, "utf-8" if text.isascii() else "cp1252")


def test_central_european_text_in_cp1250_is_read_as_cp1250(tmp_path: Path) -> None:
    """Polish in cp1250, no charset declared: cp1252 would read "było" as "by³o"; the same
    bytes of a German text (whose letters sit where both codecs put them) stay cp1252."""
    polish = "Rząd ogłosił, że w przyszłym roku zbuduje sześć nowych mostów na Wiśle. Było to dawno oczekiwane."
    assert decode_bytes(polish.encode("cp1250")) == (polish, "cp1250")
    german = "Die Bäckereikette hat am Montag Insolvenz beantragt; rund 480 Beschäftigte sind betroffen."
    assert decode_bytes(german.encode("cp1252")) == (german, "cp1252")
    path = tmp_path / "feed.jsonl"
    path.write_bytes(json.dumps({"id": "p", "text": polish}, ensure_ascii=False).encode("cp1250") + b"\n")
    assert [d.text for d in read_file(path, str(path)) if isinstance(d, Document)] == [polish]


@pytest.mark.parametrize(
    ("text", "written_in"),
    [
        ("Belediye meclisi salı günü yapılan toplantıda, şehrin doğusundaki eski liman bölgesinin yeniden düzenlenmesine ilişkin projeyi kabul etti. Çalışmaların ağustos ayında başlaması bekleniyor.", "cp1254"),
        ("Savivaldybės taryba antradienį vienbalsiai pritarė senojo uosto teritorijos pertvarkymo projektui. Projekto vertė siekia apie du šimtus milijonų eurų, o darbai turėtų prasidėti rugpjūčio mėnesį.", "cp1257"),
        ("Pilsētas dome otrdien vienbalsīgi apstiprināja vecās ostas teritorijas pārbūves projektu. Projekta izmaksas sasniegs aptuveni divus simtus miljonu eiro, un darbi sāksies augustā.", "cp1257"),
        ("Městská rada v úterý jednomyslně schválila projekt přestavby starého přístavu. Náklady projektu dosáhnou přibližně dvou set milionů korun a práce začnou v srpnu.", "cp1250"),
        ("Městská rada v úterý jednomyslně schválila projekt přestavby starého přístavu. Náklady projektu dosáhnou přibližně dvou set milionů korun a práce začnou v srpnu.", "iso8859_2"),
        ("Rada miasta we wtorek jednogłośnie przyjęła projekt przebudowy starego portu. Koszt projektu wyniesie około dwustu milionów złotych, a prace mają się rozpocząć w sierpniu.", "iso8859_2"),
        ("Consiliul local a aprobat marţi în unanimitate proiectul de reamenajare a vechiului port, iar lucrările vor începe în august.", "cp1250"),
    ],
    ids=["tr-cp1254", "lt-cp1257", "lv-cp1257", "cs-cp1250", "cs-latin2", "pl-latin2", "ro-cp1250"],
)
def test_latin_text_of_another_legacy_codec_is_read_as_its_letters(text: str, written_in: str) -> None:
    """No symbol gives these away (cp1252 reads Turkish "salı" as "salý", Czech "přestavby" as
    "pøestavby": letters still); the language model reads the right codec's text surer."""
    read, codec = decode_bytes(text.encode(written_in))
    assert read == text
    assert codec in {written_in, "cp1250"}  # Hungarian-style texts read the same in both central codecs


@pytest.mark.parametrize("written_in", ["mac_roman", "cp850"])
def test_old_macintosh_and_dos_files_are_read_as_written(written_in: str) -> None:
    """French and German from old Macintosh (Mac Roman) and DOS (cp850) files: cp1252 reads
    their accents as other letters or symbols ("adopt‚", "BŸrger") or cannot read them."""
    for text in (
        "Le conseil municipal a adopté mardi à l'unanimité le projet de réaménagement de l'ancien port. Le coût du projet s'élèvera à environ deux cents millions d'euros et les travaux débuteront en août.",
        "Der Stadtrat hat am Dienstag einstimmig das Projekt zur Umgestaltung des alten Hafens beschlossen. Die Kosten für die Bürger belaufen sich auf rund zweihundert Millionen Euro; größer als erwartet. Anwohner äußerten Bedenken wegen des Lärms.",
    ):
        assert decode_bytes(text.encode(written_in)) == (text, written_in)


def test_icelandic_and_french_in_cp1252_stay_cp1252() -> None:
    """þ, ð and ý are cp1254's ş, ğ and ı, and French accents are Baltic letters in cp1257: the
    model may read such a reading as Turkish or Lithuanian, but its letters are not theirs."""
    for text in (
        "Borgarstjórn samþykkti á þriðjudag einróma að endurskipuleggja gamla hafnarsvæðið og framkvæmdir hefjast í ágúst.",
        "crème crème città",
        "Le conseil municipal a adopté mardi à l'unanimité le projet de réaménagement de l'ancien port; les travaux débuteront en août.",
    ):
        assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


def test_a_jsonl_file_of_a_legacy_codec_is_read_line_by_line(tmp_path: Path) -> None:
    russian = "Жители района потребовали опубликовать результаты анализов воды. " * 4
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": f"r{k}", "text": f"{russian} {k}"}, ensure_ascii=False).encode("cp1251") for k in range(3)]
    lines.append(json.dumps({"id": "u", "text": "A UTF-8 line: naïve café ✓ " * 4}, ensure_ascii=False).encode())
    path.write_bytes(b"\n".join(lines) + b"\n")
    docs = [d for d in read_file(path, str(path)) if isinstance(d, Document)]
    assert [d.text.startswith("Жители") for d in docs] == [True, True, True, False]
    assert docs[3].text.startswith("A UTF-8 line: naïve café ✓")


def test_decode_bytes_reports_binary_and_broken_utf16() -> None:
    with pytest.raises(DecodeError, match="binary file"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(DecodeError, match="cannot decode as UTF-8, UTF-16 or cp1252"):
        decode_bytes(b"\xff\xfe" + b"\x00\xd8" + b"a\x00")  # lone high surrogate
    # a declared charset is used when UTF-8 fails, before cp1252
    assert decode_bytes("Привет".encode("cp1251"), declared="cp1251") == ("Привет", "cp1251")


# --------------------------------------------------------------------------- bad files


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    for name, data in [
        ("e.txt", b""),
        ("w.txt", b" \r\n\t\n"),
        ("e.html", b"\n"),
        ("e.jsonl", b"\n\n"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        assert only_error(path) == InputProblem(str(path), "empty file")


def test_a_text_with_stray_nul_bytes_is_text(tmp_path: Path) -> None:
    """A few NUL bytes in a UTF-8 text (debris of a PDF copy or a scrape) are read as U+FFFD,
    one character for one; as many as a binary file holds are not."""
    text = "Korean fonts: HanYang System designed the sans-serif type for the script. " * 20
    path = tmp_path / "debris.txt"
    path.write_bytes(text[:100].encode() + b"\x00" + text[100:].encode() + b"\x00")
    [doc] = read_file(path)
    assert isinstance(doc, Document) and doc.text == text[:100] + "\ufffd" + text[100:] + "\ufffd"
    path.write_bytes(b"\x00 ".join([text[:40].encode()] * 40))
    assert only_error(path).reason == "binary file"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(gzip.compress(b"some text that is compressed" * 10))
    assert only_error(path).reason == "binary file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file with mode 000")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("hidden words", encoding="utf-8")
    path.chmod(0)
    try:
        assert only_error(path) == InputProblem(str(path), "permission denied")
    finally:
        path.chmod(0o644)


def test_read_file_on_missing_and_unsupported(tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    assert only_error(missing) == InputProblem(str(missing), "no such file or directory")
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert only_error(pdf).reason.startswith("unsupported file type '.pdf'")


# --------------------------------------------------------------------------- markdown


def test_markdown_front_matter(tmp_path: Path) -> None:
    body = "# Council Approves Budget\r\n\r\nThe council voted on Tuesday.\r\n"
    content = (
        "---\n"
        'title: "Council Approves Budget"\n'
        "author: Jane Doe\n"
        "date: July 12, 2017\n"
        "url: https://www.dailyplanet.com/news/budget\n"
        "tags: politics\n"
        "---\n" + body
    )
    path = tmp_path / "post.md"
    path.write_text(content, encoding="utf-8", newline="")
    doc = only_doc(path)
    assert doc.text == body
    assert doc.sha1 == content_hash(body)
    assert doc.title == "Council Approves Budget"
    assert doc.author == "Jane Doe"
    assert doc.published == "2017-07-12"
    assert doc.date_source == "metadata"
    assert doc.url == "https://www.dailyplanet.com/news/budget"
    assert doc.outlet == "dailyplanet.com"
    assert doc.extra == {"tags": "politics"}
    assert doc.fmt == "md"


def test_markdown_without_front_matter_or_date(tmp_path: Path) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text("Just *markdown*\n---\nwith a rule.\n", encoding="utf-8")
    set_mtime(plain, datetime(2019, 1, 2, 3, 4, 5, tzinfo=UTC))
    doc = only_doc(plain)
    assert doc.text == "Just *markdown*\n---\nwith a rule.\n"
    assert (doc.published, doc.date_source) == (None, "none")
    (asked,) = read_file(plain, file_dates=True)
    assert isinstance(asked, Document)
    assert (asked.published, asked.date_source) == ("2019-01-02T03:04:05+00:00", "file")

    undated = tmp_path / "undated.md"
    undated.write_text("---\ntitle: T\n---\nBody text.\n", encoding="utf-8")
    set_mtime(undated, datetime(2019, 1, 2, tzinfo=UTC))
    doc = only_doc(undated)
    assert doc.text == "Body text.\n"
    assert (doc.title, doc.published, doc.date_source) == ("T", None, "none")
    (asked,) = read_file(undated, file_dates=True)
    assert isinstance(asked, Document)
    assert (asked.title, asked.published, asked.date_source) == ("T", "2019-01-02T00:00:00+00:00", "file")


def test_markdown_unparseable_date_and_empty_body(tmp_path: Path) -> None:
    path = tmp_path / "bad-date.md"
    path.write_text("---\npublished: sometime soon\n---\nText.\n", encoding="utf-8")
    doc = only_doc(path)
    assert (doc.published, doc.date_source) == (None, "none")
    assert doc.extra["published_raw"] == "sometime soon"

    empty = tmp_path / "empty-body.md"
    empty.write_text("---\ntitle: Nothing\n---\n\n", encoding="utf-8")
    assert only_error(empty).reason == "no text after the front matter"


# --------------------------------------------------------------------------- HTML


def test_html_article_with_metadata(tmp_path: Path) -> None:
    path = tmp_path / "budget.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    doc = only_doc(path)
    assert doc.fmt == "html"
    assert BODY.strip() in doc.text
    assert "next month" in doc.text
    assert "Home" not in doc.text and "Copyright" not in doc.text
    assert doc.title == "Council Approves Budget"
    assert doc.author == "Jane Doe"
    # the markup states the time; it is kept (in UTC) because it orders same-day copies
    assert doc.published == "2021-03-04T09:20:00+00:00"
    assert doc.date_source == "metadata"
    assert doc.outlet == "The Daily Planet"
    assert doc.url == "https://www.dailyplanet.com/news/budget"
    assert doc.sha1 == content_hash(doc.text)
    assert doc.source_key == path.resolve().as_posix()


def test_html_without_date_is_undated_and_takes_the_url_host(tmp_path: Path) -> None:
    html = UNDATED_HTML.replace(
        "<title>", '<link rel="canonical" href="https://www.example.org/a/b"><title>'
    )
    path = tmp_path / "undated.htm"
    path.write_text(html, encoding="utf-8")
    set_mtime(path, datetime(2022, 2, 3, 4, 5, 6, tzinfo=UTC))
    doc = only_doc(path)
    assert (doc.published, doc.date_source) == (None, "none")
    assert doc.url == "https://www.example.org/a/b"
    assert doc.outlet == "example.org"
    (asked,) = read_file(path, file_dates=True)
    assert isinstance(asked, Document)
    assert (asked.published, asked.date_source) == ("2022-02-03T04:05:06+00:00", "file")


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ('<meta property="article:published_time" content="1987-10-19T09:30:00Z">', "1987-10-19T09:30:00+00:00"),
        ('<meta content="1987-10-19" property="article:published_time">', "1987-10-19"),
        ("<meta name='pubdate' content='1961-04-12T06:07:00+03:00'>", "1961-04-12T03:07:00+00:00"),
        ('<meta property="article:published_time" content="2031-01-02T03:04:05Z">', "2031-01-02T03:04:05+00:00"),
    ],
)
def test_html_metadata_dates_of_any_year_are_kept(tmp_path: Path, meta: str, expected: str) -> None:
    """A page's stated date is its date whatever the year (trafilatura alone drops dates
    before 1995 and after today) and never the file's time."""
    path = tmp_path / "old.html"
    path.write_text(UNDATED_HTML.replace("<head>", f"<head>{meta}"), encoding="utf-8")
    set_mtime(path, datetime(2024, 1, 1, tzinfo=UTC))
    for asked in (False, True):
        (doc,) = read_file(path, file_dates=asked)
        assert isinstance(doc, Document)
        assert (doc.published, doc.date_source) == (expected, "metadata")


def test_html_time_late_in_the_page_time_zone_is_kept_in_utc(tmp_path: Path) -> None:
    """23:30 in New York is the next day in UTC: the time is kept (converted), not dropped to
    the page's local day, so that copies hours apart stay ordered."""
    path = tmp_path / "late.html"
    meta = '<meta property="article:published_time" content="2024-03-05T23:30:00-05:00">'
    path.write_text(UNDATED_HTML.replace("<head>", f"<head>{meta}"), encoding="utf-8")
    doc = only_doc(path)
    assert (doc.published, doc.date_source) == ("2024-03-06T04:30:00+00:00", "metadata")


def test_dates_of_any_year_are_kept_in_every_format(tmp_path: Path) -> None:
    (tmp_path / "old.md").write_text("---\npublished: 1987-10-19T09:30:00Z\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "old.jsonl").write_text(
        json.dumps({"id": "x", "text": "Body.", "published": "1987-10-19T09:30"}) + "\n"
        + json.dumps({"id": "y", "html": UNDATED_HTML.replace("<head>", '<head><meta property="article:published_time" content="1987-10-19">')}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    md = only_doc(tmp_path / "old.md")
    assert (md.published, md.date_source) == ("1987-10-19T09:30:00+00:00", "metadata")
    text_record, html_record = docs_of(read_all(tmp_path / "old.jsonl"))
    assert (text_record.published, text_record.date_source) == ("1987-10-19T09:30:00", "metadata")  # its zone unknown
    assert (html_record.published, html_record.date_source) == ("1987-10-19", "metadata")


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    html = UNDATED_HTML.replace("<head>", '<head><meta charset="windows-1251">').replace(
        "The city council", "Городской совет. The city council"
    )
    path = tmp_path / "ru.html"
    path.write_bytes(html.encode("cp1251"))
    doc = only_doc(path)
    assert doc.text.startswith("Городской совет.")
    assert doc.extra["encoding"] == "cp1251"


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div><p>unclosed <b>bold <i>"
        + BODY
        + "<table><tr><td>x</p></div></span></em>",
        "<<<>>><html<<body>>" + BODY + "</html></html></body>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>" + BODY + "</p></body></html>",
    ],
    ids=["unclosed", "garbage-tags", "xml-declaration"],
)
def test_malformed_html_still_yields_text(tmp_path: Path, html: str) -> None:
    path = tmp_path / "broken.html"
    path.write_text(html, encoding="utf-8")
    items = read_all(path)
    assert len(items) == 1
    doc = items[0]
    assert isinstance(doc, Document), doc
    assert "heated debate" in doc.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<html><body><script>var story = 1;</script><style>p {}</style></body></html>",
        "<p></p><div> </div>",
    ],
)
def test_html_without_text_is_an_error(tmp_path: Path, html: str) -> None:
    path = tmp_path / "nothing.html"
    path.write_text(html, encoding="utf-8")
    assert only_error(path) == InputProblem(str(path), "no article text found")


def test_html_extraction_opens_no_network_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    doc = document_from_html(
        ARTICLE_HTML, source_key="k", path="p", url="https://www.dailyplanet.com/news/budget"
    )
    assert doc is not None
    assert doc.id == document_id("k")
    assert (doc.published, doc.date_source) == ("2021-03-04T09:20:00+00:00", "metadata")


def test_document_from_html_fallbacks_and_fragment() -> None:
    fragment = f"<p>{BODY}</p>"
    doc = document_from_html(
        fragment,
        source_key="k",
        path="p",
        url="https://news.example.net/x",
        fallback_date="2020-01-01T00:00:00+00:00",
        fallback_source="warc",
    )
    assert doc is not None
    assert doc.text.strip() == BODY.strip()
    assert (doc.published, doc.date_source) == ("2020-01-01T00:00:00+00:00", "warc")
    assert doc.outlet == "news.example.net"
    assert document_from_html("<html><body></body></html>", source_key="k", path="p") is None


# --------------------------------------------------------------------------- JSON Lines


def write_jsonl(path: Path, lines: list[object | str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        for line in lines:
            fh.write((line if isinstance(line, str) else json.dumps(line)) + "\n")


def test_jsonl_records_fields_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    write_jsonl(
        path,
        [
            {
                "id": "a-1",
                "text": "First article text.\r\nSecond line.",
                "url": "https://www.wire.example.com/a1",
                "title": "First",
                "author": "Ann",
                "published": "2021-06-01T12:00:00Z",
                "section": "world",
                "tags": ["x", "y"],
            },
            "",
            {"text": "No id here.", "date": "Tue, 04 Mar 2021 10:20:00 GMT", "outlet": "Wire"},
            {"id": 7, "html": ARTICLE_HTML, "lang": "en"},
            {"id": "late", "text": "Undated record.", "published": "not a date at all"},
        ],
    )
    set_mtime(path, datetime(2023, 1, 1, tzinfo=UTC))
    items = read_all(path)
    assert errors_of(items) == []
    first, second, third, fourth = docs_of(items)
    base = path.resolve().as_posix()

    assert first.source_key == f"{base}#id=a-1"
    assert first.id == document_id(f"{base}#id=a-1")
    assert first.text == "First article text.\r\nSecond line."
    assert (first.title, first.author, first.url) == (
        "First",
        "Ann",
        "https://www.wire.example.com/a1",
    )
    assert first.outlet == "wire.example.com"
    assert (first.published, first.date_source) == ("2021-06-01T12:00:00+00:00", "metadata")
    assert first.extra == {"section": "world", "tags": ["x", "y"]}
    assert first.fmt == "jsonl"

    assert second.source_key == f"{base}#L3"
    assert (second.published, second.date_source) == ("2021-03-04T10:20:00+00:00", "metadata")
    assert second.outlet == "Wire"

    assert third.source_key == f"{base}#id=7"
    assert "heated debate" in third.text
    assert third.title == "Council Approves Budget"
    assert third.outlet == "The Daily Planet"
    assert (third.published, third.date_source) == ("2021-03-04T09:20:00+00:00", "metadata")
    assert third.extra == {"lang": "en"}
    assert third.fmt == "jsonl"

    # JSONL records never take the file time as a publication date
    assert (fourth.published, fourth.date_source) == (None, "none")
    assert fourth.extra == {"published_raw": "not a date at all"}


def test_jsonl_bad_lines_are_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    write_jsonl(
        path,
        [
            {"text": "good one"},
            "this is not json",
            '{"text": "unterminated',
            "[1, 2, 3]",
            {"title": "no body"},
            {"text": 42},
            {"id": "dup", "text": "first"},
            {"id": "dup", "text": "second"},
            {"html": "<html><body></body></html>"},
            {"text": "good two"},
        ],
    )
    items = read_all(path)
    assert [d.text for d in docs_of(items)] == ["good one", "first", "good two"]
    shown = str(path)
    assert errors_of(items) == [
        InputProblem(shown, "not JSON: Expecting value at column 1", line=2),
        InputProblem(shown, "not JSON: Unterminated string starting at column 10", line=3),
        InputProblem(shown, "JSON line is not an object but an array", line=4),
        InputProblem(shown, "JSON line has no 'text' or 'html'", line=5),
        InputProblem(shown, "JSON 'text' is not a string", line=6),
        InputProblem(shown, "duplicate id 'dup' (first on line 7)", line=8),
        InputProblem(shown, "no article text found", line=9),
    ]
    assert errors_of(items)[0].message() == f"{shown}:2: not JSON: Expecting value at column 1"


def test_jsonl_keeps_unicode_line_separators_inside_strings(tmp_path: Path) -> None:
    path = tmp_path / "sep.jsonl"
    text = "one\u2028two\u0085three"
    path.write_bytes((json.dumps({"text": text}, ensure_ascii=False) + "\r\n").encode())
    (doc,) = read_all(path)
    assert isinstance(doc, Document)
    assert doc.text == text


def test_jsonl_lines_in_different_encodings_are_decoded_each_on_their_own(tmp_path: Path) -> None:
    path = tmp_path / "mixed-encodings.jsonl"
    utf8_line = json.dumps({"text": "Zoë’s café"}, ensure_ascii=False).encode("utf-8")
    cp1252_line = json.dumps({"text": "He said “hi”"}, ensure_ascii=False).encode("cp1252")
    path.write_bytes(utf8_line + b"\n" + cp1252_line + b"\n")
    assert [d.text for d in docs_of(read_all(path))] == ["Zoë’s café", "He said “hi”"]


# --------------------------------------------------------------------------- WARC


def warc_bytes(gz: bool) -> bytes:
    """A WARC with a warcinfo, three HTML responses, a 404, an image and a request record."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))

    def response(url: str, body: bytes, ctype: str, date: str, status: str = "200 OK") -> None:
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(record)

    response(
        "https://www.dailyplanet.com/news/budget",
        ARTICLE_HTML.encode(),
        "text/html; charset=utf-8",
        "2021-03-05T08:00:00Z",
    )
    response(
        "https://example.org/missing",
        b"<html><body>Not found</body></html>",
        "text/html",
        "2021-03-05T08:00:01Z",
        "404 Not Found",
    )
    response(
        "https://example.org/logo.png",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        "image/png",
        "2021-03-05T08:00:02Z",
    )
    response(
        "https://www.other.example/undated",
        UNDATED_HTML.encode("cp1252"),
        "text/html; charset=windows-1252",
        "2021-03-06T09:30:00Z",
    )
    response(
        "https://third.example/c",
        ARTICLE_HTML.replace("Jane Doe", "John Roe").encode(),
        "application/xhtml+xml",
        "2021-03-07T00:00:00Z",
    )
    writer.write_record(
        writer.create_warc_record(
            "https://example.org/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
        )
    )
    return buf.getvalue()


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_warc_html_responses(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"crawl{suffix}"
    path.write_bytes(warc_bytes(gz=suffix.endswith(".gz")))
    items = read_all(path)
    assert errors_of(items) == []
    docs = docs_of(items)
    assert len(docs) == 3
    base = path.resolve().as_posix()
    assert [d.source_key for d in docs] == [f"{base}#R1", f"{base}#R2", f"{base}#R3"]
    dated, undated, third = docs

    assert dated.fmt == "warc"
    assert dated.url == "https://www.dailyplanet.com/news/budget"
    assert dated.title == "Council Approves Budget"
    assert dated.author == "Jane Doe"
    assert (dated.published, dated.date_source) == ("2021-03-04T09:20:00+00:00", "metadata")
    assert dated.extra["captured"] == "2021-03-05T08:00:00+00:00"
    assert "heated debate" in dated.text

    assert undated.url == "https://www.other.example/undated"
    assert undated.outlet == "other.example"
    assert (undated.published, undated.date_source) == ("2021-03-06T09:30:00+00:00", "warc")
    assert undated.extra["captured"] == "2021-03-06T09:30:00+00:00"

    assert third.author == "John Roe"
    # the record's own URL wins; the page's canonical URL is kept aside
    assert third.url == "https://third.example/c"
    assert third.extra["canonical_url"] == "https://www.dailyplanet.com/news/budget"


def test_warc_page_dated_1987_keeps_its_date_not_the_capture_time(tmp_path: Path) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    page = UNDATED_HTML.replace("<head>", '<head><meta property="article:published_time" content="1987-10-19T09:30:00Z">')
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://archive.example/1987/crash", "response", payload=io.BytesIO(page.encode()),
            http_headers=http, warc_headers_dict={"WARC-Date": "2024-05-01T12:00:00Z"},
        )
    )  # fmt: skip
    path = tmp_path / "old.warc"
    path.write_bytes(buf.getvalue())
    doc = only_doc(path)
    assert (doc.published, doc.date_source) == ("1987-10-19T09:30:00+00:00", "metadata")
    assert doc.extra["captured"] == "2024-05-01T12:00:00+00:00"


def test_truncated_warc_gz_keeps_earlier_documents(tmp_path: Path) -> None:
    data = warc_bytes(gz=True)
    # cut in the middle of the gzip member holding the fifth record (third HTML page)
    path = tmp_path / "full.warc.gz"
    path.write_bytes(data)
    cut_at = _member_offsets(data)[5] + 40
    damaged = tmp_path / "cut.warc.gz"
    damaged.write_bytes(data[:cut_at])

    items = read_all(damaged)
    docs, errors = docs_of(items), errors_of(items)
    assert [d.url for d in docs] == [
        "https://www.dailyplanet.com/news/budget",
        "https://www.other.example/undated",
    ]
    assert len(errors) == 1
    assert errors[0].line == 6  # warcinfo, 3 responses and the image came before it
    assert errors[0].reason.startswith("truncated or corrupt WARC: ")
    assert isinstance(items[-1], InputProblem)  # the error comes after the good documents


def _member_offsets(data: bytes) -> list[int]:
    """Start offset of each gzip member (one WARC record each), from warcio itself."""
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(io.BytesIO(data))
    offsets = []
    for record in iterator:
        record.content_stream().read()
        offsets.append(iterator.get_record_offset())
    return offsets


@pytest.mark.parametrize("gz", [True, False])
def test_every_truncation_point_is_reported_or_harmless(tmp_path: Path, gz: bool) -> None:
    """warcio ends silently on most cut files; ingest must notice all of them."""
    data = warc_bytes(gz=gz)
    full = [d.text for d in docs_of(read_all(_write(tmp_path / "ok.warc", data)))]
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    for cut in range(1, len(data), 97):
        items = read_all(_write(path, data[:cut]))
        texts = [d.text for d in docs_of(items)]
        assert texts == full[: len(texts)]  # never garbage, always a prefix
        if len(texts) < len(full):
            errors = errors_of(items)
            # a cut exactly between records reads as a shorter valid file
            assert errors or not data[cut:].strip() or _at_record_boundary(data, cut), cut
            assert all(e.reason.startswith("truncated or corrupt WARC") for e in errors)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _at_record_boundary(data: bytes, cut: int) -> bool:
    return cut in _member_offsets(data) or data[cut:].lstrip(b"\r\n").startswith(b"WARC/")


def test_not_a_warc_file(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("hello, this is not an archive\n", encoding="utf-8")
    err = only_error(path)
    assert err.reason.startswith("not a WARC file")
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    assert only_error(empty).reason == "empty file"


# --------------------------------------------------------------------------- input files


def test_iter_input_files_recursion_order_hidden_and_missing(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for rel in [
        "b.txt",
        "a.md",
        "sub/z.html",
        "sub/deeper/c.jsonl",
        "sub/y.warc.gz",
        "A-upper.htm",
        "notes.pdf",
        "archive.gz",
        ".hidden.txt",
        ".git/config.txt",
        "sub/.cache/x.txt",
        "README",
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    named = root / "notes.pdf"
    missing = tmp_path / "missing.txt"
    explicit_hidden = root / ".hidden.txt"

    out = list(iter_input_files([root, missing, named, explicit_hidden, root / "b.txt"]))

    files = [x for x in out if isinstance(x, Path)]
    assert [p.relative_to(root).as_posix() for p in files] == [
        "A-upper.htm",
        "a.md",
        "b.txt",
        "sub/deeper/c.jsonl",
        "sub/y.warc.gz",
        "sub/z.html",
        ".hidden.txt",  # named explicitly: the user asked for it
    ]
    errors = [x for x in out if isinstance(x, InputProblem)]
    assert errors[0] == InputProblem(str(missing), "no such file or directory")
    assert errors[1].path == str(named)
    assert errors[1].reason.startswith("unsupported file type '.pdf'")
    assert len(errors) == 2  # b.txt named again is not read twice
    # deterministic: the same answer twice, and from a str path too
    assert list(iter_input_files([str(root)])) == list(iter_input_files([root]))[:6]


def test_iter_input_files_survives_symlink_loops(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d", target_is_directory=True)
    assert list(iter_input_files([tmp_path])) == [tmp_path / "d" / "a.txt"]


def test_walk_gives_each_file_its_real_path(tmp_path: Path) -> None:
    """A walked file's real path comes from its folder's (no resolve per file), and must
    equal what resolving the file itself gives: plain files, files under a linked folder,
    a link to a file in the folder, and a file named explicitly."""
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "a.txt").write_text("x", encoding="utf-8")
    (real / "sub" / "b.md").write_text("x", encoding="utf-8")
    (real / "link.txt").symlink_to(real / "sub" / "b.md")
    (tmp_path / "via").symlink_to(real, target_is_directory=True)
    walked = list(walk_input_files([tmp_path / "via", real / "a.txt"]))
    assert all(isinstance(item, InputFile) for item in walked)
    got = [(Path(item.path).relative_to(tmp_path).as_posix(), item.real) for item in walked if isinstance(item, InputFile)]
    assert got == [
        ("via/a.txt", str((real / "a.txt").resolve())),
        ("via/link.txt", str((real / "sub" / "b.md").resolve())),
    ]  # b.md reached twice (through a link, then itself) is read once; a.txt named again too
    for item in walked:
        assert isinstance(item, InputFile) and item.real == os.path.realpath(item.path)


def test_read_found_file_reads_no_more_than_the_budget_if_the_file_grew(tmp_path: Path) -> None:
    """The size a walk saw may be stale: a text file that grew past ``max_document_bytes``
    since is reported, not read whole."""
    path = tmp_path / "grows.txt"
    path.write_text("small", encoding="utf-8")
    seen = path.stat()
    path.write_text("x" * 5000, encoding="utf-8")
    got = list(read_found_file(path, "grows.txt", str(path), seen, limits=IngestSettings(max_document_bytes=1000)))
    assert got == [InputProblem("grows.txt", "file larger than 1000 bytes (max_document_bytes)")]
    assert [d.text for d in read_found_file(path, "grows.txt", str(path), path.stat()) if isinstance(d, Document)] == ["x" * 5000]


def test_supported_suffixes() -> None:
    """Every file type read, each plain and, but for text and web pages, gzipped."""
    plain = ".txt .md .html .htm .jsonl .ndjson .json .csv .tsv .parquet .warc .wet".split()
    gzipped = [suffix + ".gz" for suffix in ".warc .wet .jsonl .ndjson .json .csv .tsv".split()]
    assert set(SUPPORTED_SUFFIXES) == {*plain, *gzipped}


# --------------------------------------------------------------------------- dates and URLs


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-03-04", "2021-03-04"),
        ("20210304", "2021-03-04"),
        ("2021-03-04T10:20:00Z", "2021-03-04T10:20:00+00:00"),
        ("2021-03-04T10:20:00.123456+02:00", "2021-03-04T08:20:00+00:00"),
        ("2021-03-04 10:20", "2021-03-04T10:20:00"),  # a time without its zone stays without one
        ("July 12, 2017", "2017-07-12"),
        ("12 July 2017", "2017-07-12"),
        ("Tue, 04 Mar 2021 10:20:00 GMT", "2021-03-04T10:20:00+00:00"),
        ("Tue, 04 Mar 2021 10:20:00 -0500", "2021-03-04T15:20:00+00:00"),
        (datetime(2020, 1, 2, 3, 4, 5), "2020-01-02T03:04:05"),
        (1617000000, "2021-03-29T06:40:00+00:00"),
        ("July 2017", None),
        ("12 July", None),
        ("2017", None),
        ("2021-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (True, None),
        (["2021-03-04"], None),
    ],
)
def test_normalise_date(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.BBC.co.uk/news/world-1", "bbc.co.uk"),
        ("http://news.example.com:8080/a?b=c", "news.example.com"),
        ("example.org/path", "example.org"),
        ("//cdn.example.net/x", "cdn.example.net"),
        ("mailto:someone@example.com", None),
        ("not a url", None),
        ("", None),
        (None, None),
        # an internationalised name, as written or as punycode: one outlet, in its own script
        ("https://сайт.рф/news/1", "сайт.рф"),
        ("https://www.xn--80aswg.xn--p1ai/news/1", "сайт.рф"),
        ("https://xn--mgbh0fb.xn--kgbechtv/", "مثال.إختبار"),
        ("https://xn--zz-bad.com/", "xn--zz-bad.com"),  # punycode that reads as nothing stays as written
        ("https://ex ample.com/", None),
    ],
)
def test_outlet_from_url(url: str | None, expected: str | None) -> None:
    assert outlet_from_url(url) == expected


def test_an_outlet_read_before_as_punycode_is_the_same_outlet() -> None:
    from copytrail.stages.names import name_key

    assert name_key("xn--80aswg.xn--p1ai") == name_key("сайт.рф")


# --------------------------------------------------------------------------- properties


@pytest.fixture(scope="module")
def prop_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One directory for all examples (hypothesis forbids function-scoped fixtures)."""
    return tmp_path_factory.mktemp("props")


readable_text = st.text().filter(
    lambda t: bool(t.strip()) and "\x00" not in t and not t.startswith("\ufeff")
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=readable_text)
def test_txt_roundtrip_is_exact(prop_dir: Path, text: str) -> None:
    path = prop_dir / "roundtrip.txt"
    path.write_bytes(text.encode("utf-8"))
    (doc,) = read_file(path)
    assert isinstance(doc, Document)
    assert doc.text == text
    assert doc.sha1 == content_hash(text)


@settings(max_examples=50, deadline=None)
@given(
    texts=st.lists(
        st.text(min_size=1).filter(lambda t: bool(t.strip()) and "\x00" not in t),
        min_size=1,
        max_size=5,
    ),
    with_ids=st.booleans(),
)
def test_document_ids_are_stable_across_reads(
    prop_dir: Path, texts: list[str], with_ids: bool
) -> None:
    path = prop_dir / "stable.jsonl"
    write_jsonl(
        path,
        [({"id": f"n{i}", "text": t} if with_ids else {"text": t}) for i, t in enumerate(texts)],
    )
    first = [(d.id, d.source_key, d.sha1) for d in docs_of(list(read_file(path)))]
    second = [(d.id, d.source_key, d.sha1) for d in docs_of(list(read_file(path)))]
    assert first == second
    assert len(first) == len(texts)
    assert len({doc_id for doc_id, _, _ in first}) == len(texts)


def test_a_wet_file_of_page_texts_is_read(tmp_path: Path) -> None:
    """Common Crawl's WET files hold each page's text already extracted (a ``conversion``
    record of ``text/plain``): each is a document with its address, dated by its capture only as
    a capture; its warcinfo is passed over; evidence packs count it among the records."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.wet.gz", {"software": "test"}))
    pages = [
        ("https://harbour.example/budget", "Harbour budget\nThe council approved the new harbour budget on Monday."),
        ("https://ferry.example/line", "Ferry line\nThe ferry line to the islands will close for repairs in May."),
    ]
    for url, text in pages:
        headers = {"WARC-Date": "2021-03-05T08:00:00Z", "Content-Type": "text/plain"}
        writer.write_record(writer.create_warc_record(url, "conversion", payload=io.BytesIO(text.encode()), warc_headers_dict=headers))
    path = tmp_path / "CC-MAIN-test.warc.wet.gz"
    path.write_bytes(buf.getvalue())
    skipped: list[SkippedRecord] = []
    docs = list(read_file(path, skipped=skipped.append))
    assert all(isinstance(d, Document) for d in docs), docs
    assert [(d.text, d.url, d.outlet, d.published, d.date_source, d.record) for d in docs] == [
        (text, url, url.split("/")[2], "2021-03-05T08:00:00+00:00", "warc", f"record {k}") for k, (url, text) in enumerate(pages, 1)
    ]
    assert [s.reason for s in skipped] == ["warcinfo record"]

"""A page's byline is its names, in any language: not the word that introduces them ("Por",
"Автор:", "نویسنده:", "作者：") nor what the person does ("корреспондент"), and initials keep
the full stops the page writes ("J. R. Smith"), so that one person's byline is one node of the
byline network across outlets and languages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copytrail.stages.ingest.html import document_from_html
from copytrail.stages.names import name_key

_BODY = "<p>" + "Residents of the eastern district demanded the publication of the water test results. " * 8 + "</p>"


def _author(byline: str) -> str | None:
    html = f"<html><head><title>Water</title></head><body><article><h1>Water</h1>{byline}{_BODY}</article></body></html>"
    doc = document_from_html(html, source_key="p", path="p.html")
    assert doc is not None
    return doc.author


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ('<div class="author">Автор: Иван Петров</div>', "Иван Петров"),
        ('<p class="byline">Иван Петров, корреспондент</p>', "Иван Петров"),
        ('<span class="author">نویسنده: مریم احمدی</span>', "مریم احمدی"),
        ('<span class="author">بقلم: أحمد علي</span>', "أحمد علي"),
        ('<p class="byline">Por María López</p>', "María López"),
        ('<span class="author">作者：王小明</span>', "王小明"),
        ('<p class="byline">By J. R. Smith</p>', "J. R. Smith"),
        ('<p class="byline">By J. R. Müller</p>', "J. R. Müller"),  # initials of a name outside ASCII too
        ('<p class="byline">By Ann Lee and Bob Stone</p>', "Ann Lee; Bob Stone"),
        ('<p class="byline">Maria Von Trapp</p>', "Maria Von Trapp"),
        ('<span class="author">Корреспондент: Иван Петров</span>', "Иван Петров"),
        ('<span class="author">خبرنگار: مریم احمدی</span>', "مریم احمدی"),
        ('<p class="byline">Von unserem Korrespondenten Hans Müller</p>', "Hans Müller"),
        ('<p class="byline">De notre envoyée spéciale Marie Dubois</p>', "Marie Dubois"),
        # the sign on a name's last letter, which the extractor strips as punctuation, kept
        ('<span class="author">लेखक: राहुल शर्मा</span>', "राहुल शर्मा"),
        ('<p class="byline">राहुल शर्मा, संवाददाता</p>', "राहुल शर्मा"),
        ('<span class="author">ஆசிரியர்: ராஜா குமார்</span>', "ராஜா குமார்"),
        ('<span class="author">প্রতিবেদক: রহিম উদ্দিন</span>', "রহিম উদ্দিন"),
        ('<span class="author">নিজস্ব প্রতিবেদক</span>', None),  # "staff reporter": no one named
        ('<span class="author">Mwandishi: Amina Juma</span>', "Amina Juma"),
        ('<span class="author">ავტორი: გიორგი ბერიძე</span>', "გიორგი ბერიძე"),
        ('<span class="author">홍길동 기자</span>', "홍길동"),  # "reporter" after the name
        ('<span class="author">山田太郎記者</span>', "山田太郎"),
        ('<span class="author">राहुल शर्मा द्वारा</span>', "राहुल शर्मा"),  # "by" after the name
        ('<span class="author">โดย สมชาย ใจดี</span>', "สมชาย ใจดี"),
        ('<p class="byline">Yazar: Ayşe Yılmaz</p>', "Ayşe Yılmaz"),
        ('<p class="byline">De Vries</p>', "De Vries"),
        ('<p class="byline">Chief Keef</p>', "Chief Keef"),
    ],
    ids=[
        "ru-label", "ru-role", "fa-label", "ar-label", "es-label", "zh-label", "initials", "initials-accent", "two", "particle",
        "ru-role-label", "fa-role-label", "de-phrase", "fr-phrase",
        "hi-label-sign", "hi-role-sign", "ta-label-sign", "bn-label", "bn-staff", "sw-label", "ka-label",
        "ko-role-after", "ja-role-joined", "hi-by-after", "th-label", "tr-label", "name-particle", "name-modifier",
    ],
)
def test_a_byline_is_its_names_as_written(byline: str, author: str) -> None:
    assert _author(byline) == author


def test_labels_are_no_part_of_a_name_when_names_are_matched() -> None:
    # stores read before keep "Автор Иван Петров": the network still sees one person
    assert name_key("Автор Иван Петров") == name_key("Автор: Иван Петров") == name_key("Иван Петров")
    assert name_key("Por María López") == name_key("maria lopez")
    assert name_key("记者王小明") == name_key("王小明")
    # a word or surname that only begins like a label is kept
    assert name_key("Portia Smith") == "portia smith"
    assert name_key("Byron Lee") == "byron lee"
    assert name_key("文小明") == "文小明"
    assert name_key("Von Trapp") == "von trapp"


def test_a_byline_of_a_role_alone_is_no_byline() -> None:
    assert _author('<p class="byline">Staff correspondent</p>') is None


@given(st.text(max_size=80), st.text(max_size=300))
def test_reading_a_byline_never_raises_and_keeps_only_what_the_page_gave(extracted: str, page: str) -> None:
    from copytrail.stages.names import written_byline

    name = written_byline(page, extracted)
    assert name == extracted if not extracted else (name is None or (isinstance(name, str) and name.strip()))
    assert isinstance(name_key(extracted), str)


@given(st.text(max_size=300))
def test_a_date_of_another_calendar_among_words_is_found_or_not_without_error(text: str) -> None:
    from copytrail.stages.ingest.calendars import calendar_date_in

    found = calendar_date_in(text)
    assert found is None or (found and len(found) <= len(text) + 20)

"""Which way article text runs on the pages (``dir``) and in what language (``lang``): from the
stored language alone, never guessed (the browser side is in tests/test_bidi_browser.py)."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from copytrail.outputs.report.direction import (
    direction,
    html_attributes,
    isolated_plain,
    lang_code,
    passage_attributes,
    text_attributes,
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("fa", "rtl"), ("ar", "rtl"), ("ur", "rtl"), ("he", "rtl"), ("ps", "rtl"), ("sd", "rtl"), ("ug", "rtl"),
        ("yi", "rtl"), ("ckb", "rtl"), ("dv", "rtl"), ("fa-IR", "rtl"), ("az-Arab", "rtl"), ("sd-Deva", "ltr"),
        ("en", "ltr"), ("ru", "ltr"), ("zh", "ltr"), ("en-GB", "ltr"),
        ("und", "auto"), ("", "auto"), (None, "auto"), ("not a code!", "auto"),
    ],
)  # fmt: skip
def test_direction_of_a_language(code: str | None, expected: str) -> None:
    assert direction(code) == expected


def test_lang_is_the_stored_code_or_nothing() -> None:
    assert lang_code("fa") == "fa" and lang_code(" en-GB ") == "en-GB"
    assert lang_code("und") is None and lang_code(None) is None
    assert lang_code('fa" onmouseover="x') is None  # a stated value that is no code is not written


def test_a_document_mixing_languages_lets_its_paragraphs_choose() -> None:
    assert text_attributes("fa", "fa") == {"dir": "rtl", "lang": "fa"}
    assert text_attributes("en", "en") == {"dir": "ltr", "lang": "en"}
    assert text_attributes("en", "en,fa") == {"dir": "auto", "lang": ""}  # no one language for the whole text
    assert text_attributes("fa", "fa,ar") == {"dir": "rtl", "lang": ""}  # both right to left
    assert text_attributes("und", "und") == {"dir": "auto", "lang": ""}  # unknown, not the page's English
    assert text_attributes("fa", None) == {"dir": "rtl", "lang": "fa"}  # languages never read
    assert text_attributes(None, None) == {"dir": "auto", "lang": ""}
    assert passage_attributes("fa") == {"dir": "rtl", "lang": "fa"} and passage_attributes("und") == {}


def test_attributes_are_escaped() -> None:
    assert html_attributes({"dir": "rtl", "lang": "fa"}) == ' dir="rtl" lang="fa"'
    assert html_attributes({"dir": '"><script>', "lang": None}) == ' dir="&#34;&gt;&lt;script&gt;"'
    assert html_attributes(None) == "" and html_attributes({"dir": "auto", "lang": ""}) == ' dir="auto" lang=""'


def test_a_title_tag_gets_the_name_isolated_without_its_controls() -> None:
    assert isolated_plain("\u202eevil\u2069 title") == "\u2068evil title\u2069"
    escaped = Markup("&lt;b&gt;\u202e")
    assert isolated_plain(escaped) == Markup("\u2068&lt;b&gt;\u2069")  # escaped once, not twice

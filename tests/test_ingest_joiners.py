"""HTML pages keep their zero-width joiners: a Persian or Urdu half-space (ZWNJ) is part of a
word, ZWJ joins Indic letters and emoji. The page extractor drops every unprintable character,
these included, so the text read would differ from the page's, glue words together, and hide a
copy that kept the page's spelling."""

from __future__ import annotations

import html as html_module
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from copytrail.stages.ingest import document_from_html
from copytrail.stages.segment import word_spans

PARAGRAPH = (
    "سازمان بهداشت جهانی اعلام کرد که همه افراد باردار مبتلا می\u200cشوند و نشانه\u200cهای بیماری "
    "را باید حداقل ده روز پس از ترخیص از بیمارستان زیر نظر داشت. پژوهش\u200cهای تازه نشان می\u200cدهد "
    "که این توصیه\u200cها در بسیاری از کشورها پذیرفته شده است و پزشکان آن را به کار می\u200cبرند."
)


def _page(body: str, title: str = "خبر") -> str:
    return (
        f'<html lang="fa"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def _text(page: str) -> str:
    doc = document_from_html(page, source_key="k", path="page.html")
    assert doc is not None
    return doc.text


def test_half_spaces_of_a_persian_page_are_kept() -> None:
    text = _text(_page(f"<p>{PARAGRAPH}</p>"))
    assert PARAGRAPH in text
    assert text.count("\u200c") == PARAGRAPH.count("\u200c")
    starts, ends, _norms = word_spans(text)
    assert "می\u200cدهد" in [text[a:b] for a, b in zip(starts, ends, strict=True)]  # one word, as written


def test_joiners_written_as_entities_are_read_as_joiners() -> None:
    written = PARAGRAPH.replace("\u200c", "&zwnj;", 2).replace("\u200c", "&#8204;", 2).replace("\u200c", "&#x200C;")
    emoji = "<p>" + "Family: \U0001F468&zwj;\U0001F469&#x200d;\U0001F467 went to the beach together that summer. " * 3 + "</p>"
    doc = document_from_html(_page(f"<p>{written}</p>{emoji}", title="نشانه&zwnj;ها"), source_key="k", path="p")
    assert doc is not None
    assert PARAGRAPH in doc.text
    assert "\U0001F468\u200d\U0001F469\u200d\U0001F467" in doc.text
    assert doc.title == "نشانه\u200cها"


def test_a_page_holding_the_stand_in_characters_keeps_them(tmp_path: Path) -> None:
    """The joiners are swapped for rare printable characters while the page is read: a page that
    itself writes such characters must get them back unchanged."""
    alchemy = "".join(chr(c) for c in range(0x1F700, 0x1F706))
    text = _text(_page(f"<p>{PARAGRAPH} {alchemy} {PARAGRAPH}</p>"))
    assert f"{PARAGRAPH} {alchemy} {PARAGRAPH}" in text


_persian_letters = st.sampled_from(list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"))
_word = st.lists(_persian_letters, min_size=2, max_size=7).map("".join)
_half_spaced = st.tuples(_word, _word).map(lambda parts: "\u200c".join(parts))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(_word, _half_spaced), min_size=40, max_size=80))
def test_any_paragraph_of_half_spaced_words_is_read_exactly(tokens: list[str]) -> None:
    paragraph = " ".join(tokens) + "."
    text = _text(_page(f"<p>{html_module.escape(paragraph)}</p>"))
    assert paragraph in text

"""HTML pages: the main article text and its metadata, extracted by trafilatura."""

from __future__ import annotations

import re
from typing import Any

from copytrail.records import DateSource, Document, InputProblem, content_hash, document_id
from copytrail.stages.ingest.guard import OverTime, time_budget, too_many_tags
from copytrail.stages.ingest.metadata import clean_field, outlet_from_url
from copytrail.stages.ingest.page_dates import calendar_page_date, page_date
from copytrail.stages.ingest.settings import DEFAULT_INGEST, IngestSettings
from copytrail.stages.ingest.text import file_time
from copytrail.stages.names import written_byline

NO_TEXT = "no article text found"


def read_html_file(
    html: str,
    source: str,
    shown: str,
    mtime: float,
    extra: dict[str, Any],
    file_dates: bool = False,
    limits: IngestSettings = DEFAULT_INGEST,
) -> Document | InputProblem:
    """An HTML file's document: dated by the page's metadata, else undated (or, with
    ``file_dates``, by the file's modification time)."""
    try:
        doc = document_from_html(
            html,
            source_key=source,
            path=shown,
            fallback_date=file_time(mtime) if file_dates else None,
            fallback_source="file" if file_dates else "none",
            mtime=mtime,
            extra=extra,
            limits=limits,
        )
    except ValueError as exc:
        return InputProblem(shown, str(exc))
    return doc if doc is not None else InputProblem(shown, NO_TEXT)


_HAS_DOCUMENT = re.compile(r"<\s*(?:html|body)[\s>]", re.IGNORECASE)


# Zero-width joiners spell words: a Persian or Urdu half-space (ZWNJ) sits inside a word, and
# Indic scripts and emoji sequences need ZWJ.  trafilatura drops every character Python calls
# unprintable, these two included, which would glue "می‌دهد" into another word and make the
# stored text differ from what the page says.  They are swapped for printable stand-ins the
# page does not hold, and swapped back in what is read.
_JOINERS = {"\u200c": "zwnj|#0*8204|#x0*200c", "\u200d": "zwj|#0*8205|#x0*200d"}
_JOINER_ENTITY = {
    joiner: re.compile(f"&(?:{names});", re.IGNORECASE) for joiner, names in _JOINERS.items()
}
_STAND_INS = [chr(code) for code in range(0x1F700, 0x1F774)]  # alchemical symbols: printable, rare


def _hide_joiners(html: str) -> tuple[str, dict[str, str]]:
    """``html`` with each joiner (as a character or an entity) replaced by a printable stand-in,
    and the map back from stand-in to joiner."""
    back: dict[str, str] = {}
    free = (c for c in _STAND_INS if c not in html)
    for joiner, entity in _JOINER_ENTITY.items():
        if joiner not in html and not ("&" in html and entity.search(html)):
            continue
        stand_in = next(free, None)
        if stand_in is None:
            break  # a page holding every stand-in: it keeps trafilatura's reading
        html = entity.sub(stand_in, html.replace(joiner, stand_in))
        back[stand_in] = joiner
    return html, back


def _restore_joiners(value: Any, back: dict[str, str]) -> Any:
    if not back or not isinstance(value, str):
        return value
    for stand_in, joiner in back.items():
        value = value.replace(stand_in, joiner)
    return value


def _extract(html: str, url: str | None) -> dict[str, Any] | None:
    """Run trafilatura on a string (it never fetches anything from a string input): its
    metadata and text as a dict, zero-width joiners kept, or None when it finds no text."""
    from trafilatura import bare_extraction
    from trafilatura.settings import set_date_params

    if _HAS_DOCUMENT.search(html) is None:
        # trafilatura finds nothing in a bare fragment such as "<p>...</p>"; give it a body
        html = f"<html><body>{html}</body></html>"
    html, back = _hide_joiners(html)
    result = bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        # only dates the page states in its markup; the "extensive" search guesses from
        # free text and URLs, which would make the earliest-source order unreliable.  Any year
        # the page states is kept: htmldate's default bounds drop dates before 1995 and after
        # today, and a page from 1987 is dated 1987 (``normalise_date`` then
        # keeps years from 1500: an earlier one is another calendar's).
        date_extraction_params={
            **set_date_params(extensive=False),
            "min_date": "1000-01-01",
            "max_date": "9999-12-31",
        },
    )
    if result is None:
        return None
    meta = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    return {key: _restore_joiners(value, back) for key, value in meta.items()}


def document_from_html(
    html: str,
    *,
    source_key: str,
    path: str,
    url: str | None = None,
    fallback_date: str | None = None,
    fallback_source: DateSource = "none",
    fmt: str = "html",
    mtime: float | None = None,
    extra: dict[str, Any] | None = None,
    limits: IngestSettings | None = None,
) -> Document | None:
    """Extract the main article text and metadata of an HTML page with trafilatura.

    Returns None when the page has no extractable text.  ``url`` (e.g. a WARC target URI)
    takes precedence over the page's own canonical URL, which is then kept in
    ``extra["canonical_url"]``; the date comes from the page's metadata, else
    ``fallback_date`` with ``fallback_source``.  Raises ``ValueError`` only when the parser
    itself fails on the input or the page is over a budget of ``limits`` (its elements, its
    extraction time).
    """
    limits = limits or DEFAULT_INGEST
    tags = too_many_tags(html, limits.max_html_elements)
    if tags is not None:
        raise ValueError(f"page has {tags:,} elements (the limit is {limits.max_html_elements:,}, max_html_elements)")
    try:
        with time_budget(limits.max_seconds):
            result = _extract(html, url)
    except OverTime:
        raise ValueError(f"HTML extraction took over {limits.max_seconds:g} s (max_seconds)") from None
    except Exception as exc:  # lxml/trafilatura raise many types on pathological input
        raise ValueError(f"cannot parse HTML: {type(exc).__name__}") from exc
    if result is None:
        return None
    meta = result
    text = meta.get("text") or ""
    if not isinstance(text, str) or not text.strip():
        return None
    extra = dict(extra or {})
    page_url = clean_field(meta.get("url"))
    if url and page_url and page_url != url:
        extra["canonical_url"] = page_url
    final_url = url or page_url
    outlet = (
        clean_field(meta.get("sitename")) or outlet_from_url(final_url) or clean_field(meta.get("hostname"))
    )
    published, date_source = page_date(html, meta.get("date"), limits.day_first, (final_url, page_url))
    if published is None:
        published = calendar_page_date(html, meta.get("date"), extra, text)
        date_source = "metadata" if published is not None else "none"
    if published is None:
        published, date_source = fallback_date, (fallback_source if fallback_date else "none")
    return Document(
        id=document_id(source_key),
        source_key=source_key,
        path=path,
        text=text,
        sha1=content_hash(text),
        url=final_url,
        outlet=outlet,
        title=clean_field(meta.get("title")),
        author=written_byline(html, clean_field(meta.get("author"))),  # "J. R. Smith" keeps its full stops
        published=published,
        date_source=date_source,
        fmt=fmt,
        mtime=mtime,
        extra=extra,
    )

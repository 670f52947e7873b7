"""HTML pages: the main article text and its metadata, extracted by trafilatura."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from copytrail.records import DateSource, Document, InputProblem, content_hash, document_id
from copytrail.stages.ingest.guard import OverTime, time_budget, too_many_tags
from copytrail.stages.ingest.metadata import (
    clean_field,
    date_problem,
    normalise_date,
    outlet_from_url,
)
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
    published = _page_date(html, meta.get("date"), limits.day_first)
    if published is None:
        published = _calendar_page_date(html, meta.get("date"), extra, text)
    date_source: DateSource = "metadata"
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


# Pages often state the publication time in markup, while trafilatura keeps only the day; the
# time orders copies published on the same day, so it is taken when the days agree.
_TIMESTAMP_IN_MARKUP = re.compile(
    r"""(?:article:published_time|og:published_time|datePublished|pubdate|publish-date)"""
    r"""["']?\s*(?:content\s*=\s*|:\s*)["']([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(?:Z|[+-][0-9]{2}:?[0-9]{2})?)["']""",
    re.IGNORECASE,
)


def _page_date(html: str, extracted: Any, day_first: bool | None) -> str | None:
    """The page's publication date: as the extractor read it (``extracted``, to the time the
    markup gives), else as its metadata states it plainly; None when the metadata writes only a
    day whose day and month could each be the other, which the extractor read one way (a guess),
    unless the input's order is declared (``day_first``)."""
    read = _precise_date(html, normalise_date(extracted))
    stated = stated_date(html)
    if read is not None and stated is not None and stated[:10] == read[:10] and len(stated) > len(read):
        return stated  # the day the extractor read, to the time the page states
    if read is None or stated is not None:
        return read or stated
    if read[:10] in _modified_days(html) and not _states_day(html, read[:10]):
        return None  # the page says only when it was last changed, not when it was published
    ambiguous = _ambiguous_day(html)
    if ambiguous is None:
        return read
    return normalise_date(ambiguous, day_first) if day_first is not None else None


def _precise_date(html: str, day: str | None) -> str | None:
    """The page's full publication timestamp (in UTC) when its day, in the page's time zone or
    in UTC, is ``day``; else ``day``."""
    if day is None or len(day) != 10:
        return day
    for match in _TIMESTAMP_IN_MARKUP.finditer(html[:200_000]):
        stamp = normalise_date(match.group(1))
        # the day as the page wrote it (its own time zone) or in UTC, as the stamp is kept
        if stamp and day in (stamp[:10], match.group(1)[:10]):
            return stamp
    return day


# A page's own publication-date metadata, read directly when trafilatura finds no date.
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_META_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_PUBLISHED_NAMES = frozenset(
    {
        "article:published_time", "og:published_time", "datepublished", "pubdate",
        "publish-date", "publishdate", "dc.date.issued", "dcterms.issued",
    }
)  # fmt: skip


def _meta_contents(html: str) -> Iterator[tuple[set[str], str]]:
    """The names (``property``, ``name``, ``itemprop``) and content of each ``<meta>`` tag."""
    for tag in _META_TAG.finditer(html[:200_000]):
        attrs = {
            m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or "")
            for m in _META_ATTR.finditer(tag.group(0))
        }
        if attrs.get("content"):
            yield {attrs.get(k, "").strip().lower() for k in ("property", "name", "itemprop")}, attrs["content"]


def _ambiguous_day(html: str) -> str | None:
    """The first date-like ``<meta>`` content that writes a day whose day and month could each
    be the other ("03/04/2025"): a date read from such a page is a guess unless a tag says it
    plainly or the input's order is declared."""
    for names, content in _meta_contents(html):
        if any("date" in name or "time" in name for name in names) and (date_problem(content) or "").startswith("ambiguous"):
            return content
    return None


def stated_date(html: str) -> str | None:
    """The publication date a page's ``<meta>`` tags state (``article:published_time`` and
    the like), else an element marked ``itemprop="datePublished"`` (schema.org microdata),
    normalised, or None; the first readable one wins."""
    for names, content in _meta_contents(html):
        if names & _PUBLISHED_NAMES:
            stamp = normalise_date(content)
            if stamp is not None:
                return stamp
    for tag in _PUBLISHED_ITEMPROP.finditer(html[:200_000]):
        value = _CONTENT_OR_DATETIME.search(tag.group(0))
        stamp = normalise_date(value.group(1)) if value is not None else None
        if stamp is not None:
            return stamp
    return None


# Microdata's publication date on any element ("<span itemprop=datePublished content=...>",
# "<time itemprop=datePublished datetime=...>")
_PUBLISHED_ITEMPROP = re.compile(r"""<[a-z][^>]{0,500}\bitemprop\s*=\s*["']?datePublished\b[^>]{0,500}>""", re.IGNORECASE)
_CONTENT_OR_DATETIME = re.compile(r"""\b(?:content|datetime)\s*=\s*["']([^"']{4,60})["']""", re.IGNORECASE)
# When a page was last changed: never its publication date (an update weeks later would make
# the page look like a late copy of its own copies).
_MODIFIED_NAMES = frozenset(
    {"article:modified_time", "og:updated_time", "datemodified", "dc.date.modified", "dcterms.modified", "last-modified", "lastmod", "revised"}
)
_JSON_LD_MODIFIED = re.compile(r'"dateModified"\s*:\s*"([^"\\]{1,100})"')
_TIME_DATETIME = re.compile(r"""<time\b[^>]{0,500}\bdatetime\s*=\s*["']([^"']{4,60})["']""", re.IGNORECASE)


def _modified_days(html: str) -> set[str]:
    """The days a page's markup says it was last changed (modification meta tags, JSON-LD's
    ``dateModified``)."""
    found = [content for names, content in _meta_contents(html) if names & _MODIFIED_NAMES]
    found += _JSON_LD_MODIFIED.findall(html[:200_000])
    return {stamp[:10] for stamp in map(normalise_date, found) if stamp is not None}


def _states_day(html: str, day: str) -> bool:
    """Whether the page states ``day`` other than as a modification time: JSON-LD's
    ``datePublished`` or a ``<time datetime>`` element on that day."""
    stated = _JSON_LD_PUBLISHED.findall(html[:200_000]) + _TIME_DATETIME.findall(html[:200_000])
    return any((normalise_date(value) or "")[:10] == day for value in stated)


# Where a page states its date in another calendar: the publication names, a plain "date", and
# the structured data's datePublished (htmldate reads no other calendar, and would read
# "1404-01-15" as the Gregorian year 1404).
_CALENDAR_DATE_NAMES = _PUBLISHED_NAMES | {"date", "dc.date", "dcterms.date", "dcterms.created"}
_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"\\]{1,100})"')
_HTML_TAG = re.compile(r"<html\b[^>]{0,2000}", re.IGNORECASE)
_LANG_ATTRIBUTE = re.compile(r"""\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)""", re.IGNORECASE)
_LANGUAGE_NAMES = frozenset({"og:locale", "language", "dc.language", "content-language"})


def _page_language(html: str) -> str | None:
    """The language a page states: its ``<html lang>``, else a language ``<meta>`` tag."""
    tag = _HTML_TAG.search(html[:200_000])  # the first <html> tag only
    found = _LANG_ATTRIBUTE.search(tag.group(0)) if tag is not None else None
    if found is not None:
        return found.group(1)
    return next((content for names, content in _meta_contents(html) if names & _LANGUAGE_NAMES), None)


def _calendar_page_date(html: str, extracted: Any, extra: dict[str, Any], text: str) -> str | None:
    """The Gregorian day (and time) of a page whose markup states its date in another calendar
    that converts exactly (Solar Hijri: by a month's name, or numbers on a page in Persian or
    whose input names the calendar), recorded in ``extra`` with the date as stated; else None
    (a lunar Hijri date stays unread: ``calendars``)."""
    from copytrail.stages.ingest.calendars import numbers_calendar
    from copytrail.stages.ingest.metadata import read_stated_date

    stated = [content for names, content in _meta_contents(html) if names & _CALENDAR_DATE_NAMES]
    stated += _JSON_LD_PUBLISHED.findall(html[:200_000])
    if isinstance(extracted, str):
        stated.append(extracted)  # htmldate's reading of the markup (a <time> element)
    answer: list[str | None] = []

    def calendar_of_numbers() -> str | None:  # asked once a page: it may read the text's language
        if not answer:
            answer.append(numbers_calendar(extra, text, _page_language(html)))
        return answer[0]

    for value in stated:
        read = read_stated_date(value, None, calendar_of_numbers)
        if read.published is not None and read.calendar is not None:
            extra["published_raw"], extra["published_calendar"] = value, read.calendar
            return read.published
    return None


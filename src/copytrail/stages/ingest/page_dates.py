"""A web page's publication date: what its markup states, what its address says, never a guess.

trafilatura (through htmldate) reads a page's date from its metadata first, then from wherever
a date appears: a comment's time, a footer's "generated on", a headline, an image's path, any
timestamp in the text.  Ordering copies by such a date would name the wrong first version, so
the extractor's reading is kept only where the page's markup or address supports it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from copytrail.records import DateSource
from copytrail.stages.ingest.metadata import (
    CHANGED_WORDS,
    PUBLISHED_WORDS,
    date_problem,
    dates_in_words,
    normalise_date,
)

# Pages often state the publication time in markup, while trafilatura keeps only the day; the
# time orders copies published on the same day, so it is taken when the days agree.
_TIMESTAMP_IN_MARKUP = re.compile(
    r"""(?:article:published_time|og:published_time|datePublished|pubdate|publish-date)"""
    r"""["']?\s*(?:content\s*=\s*|:\s*)["']([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(?:Z|[+-][0-9]{2}:?[0-9]{2})?)["']""",
    re.IGNORECASE,
)


def page_date(
    html: str, extracted: Any, day_first: bool | None, urls: Iterable[str | None] = ()
) -> tuple[str | None, DateSource]:
    """The page's publication date and where it was found (``metadata``: its markup states
    it; ``url``: only its address holds it; ``none``).

    A plain statement of publication (:func:`stated_date`) wins, to the time the markup gives.
    Otherwise the extractor's reading (``extracted``) is kept only where the page supports it
    (:func:`_supported_by`): a date it finds elsewhere (a comment's time, a "page generated"
    footer, a date in a headline or an image's path) is a guess, and the page stays undated.
    Neither is a day the page says only that it was last changed, nor a day whose day and
    month could each be the other, unless the input's order is declared (``day_first``)."""
    read = _precise_date(html, normalise_date(extracted))
    stated = stated_date(html)
    if stated is not None:
        same_day = read is not None and read[:10] == stated[:10] and len(read) > len(stated)
        return (read if same_day else stated), "metadata"  # to the time the page gives
    if read is None:
        return _byline_day(html)
    if read[:10] in _modified_days(html) and not _states_day(html, read[:10]):
        return None, "none"  # the page says only when it was last changed, not when it was published
    ambiguous = _ambiguous_day(html)
    if ambiguous is not None:
        published = normalise_date(ambiguous, day_first) if day_first is not None else None
        return published, ("metadata" if published is not None else "none")
    source, precise = _supported_by(html, read[:10], urls)
    if source is None:
        return _byline_day(html)
    if source == "url":
        return read[:10], source
    return (precise if precise is not None and len(precise) > len(read) else read), source


def _byline_day(html: str) -> tuple[str | None, DateSource]:
    """The day the page's byline states where the extractor read none it supports: a byline
    in another language ("Опубликовано: 14 мая 2024 г.", "نشر في ١٤ مايو ٢٠٢٤"), which the
    extractor does not read.  Only where every byline date names one day: two days and the
    page does not say which is its publication."""
    dates = _byline_dates(html)
    if len({stamp[:10] for stamp in dates}) != 1:
        return None, "none"
    return max(dates, key=len), "metadata"


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
    the like), else an element marked ``itemprop="datePublished"`` (schema.org microdata), else
    its structured data's ``datePublished`` (JSON-LD), normalised, or None; the first readable
    one wins."""
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
    for value in _JSON_LD_PUBLISHED.findall(html[:200_000]):
        stamp = normalise_date(value)
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


def calendar_page_date(html: str, extracted: Any, extra: dict[str, Any], text: str) -> str | None:
    """The Gregorian day (and time) of a page whose markup states its date in another calendar
    that converts exactly (Solar Hijri: by a month's name, or numbers on a page in Persian or
    whose input names the calendar), recorded in ``extra`` with the date as stated; else None
    (a lunar Hijri date stays unread: ``calendars``)."""
    from copytrail.stages.ingest.calendars import calendar_date_in, numbers_calendar
    from copytrail.stages.ingest.metadata import read_stated_date

    stated = [content for names, content in _meta_contents(html) if names & _CALENDAR_DATE_NAMES]
    stated += _JSON_LD_PUBLISHED.findall(html[:200_000])
    if isinstance(extracted, str):
        stated.append(extracted)  # htmldate's reading of the markup (a <time> element)
    as_written = dict.fromkeys(stated, "")  # a byline's date is kept with the byline's words
    for text in byline_texts(html):
        found = calendar_date_in(text)
        if found is not None and found not in as_written:
            stated.append(found)
            as_written[found] = text
    answer: list[str | None] = []

    def calendar_of_numbers() -> str | None:  # asked once a page: it may read the text's language
        if not answer:
            answer.append(numbers_calendar(extra, text, _page_language(html)))
        return answer[0]

    converted = []  # (Gregorian date, calendar, value) of each stated value that converts
    for value in stated:
        read = read_stated_date(value, None, calendar_of_numbers)
        if read.published is not None and read.calendar is not None:
            converted.append((read.published, read.calendar, value))
    if not converted:
        return None
    # the first that converts, or a later one that gives its day to the time (a byline's)
    day = converted[0][0][:10]
    published, calendar, value = max((c for c in converted if c[0][:10] == day), key=lambda c: len(c[0]))
    extra["published_raw"], extra["published_calendar"] = as_written.get(value) or value, calendar
    return published


def _supported_by(html: str, day: str, urls: Iterable[str | None]) -> tuple[DateSource | None, str | None]:
    """Where the page supports a day the extractor read, and the byline's time on that day
    where it gives one: ``metadata`` when a date tag, the structured data or the byline states
    it (:func:`_markup_days`, :func:`_byline_dates`), ``url`` when only the page's address holds
    it (:func:`url_day`); None when nothing does."""
    if day in _markup_days(html):
        return "metadata", None
    on_day = [stamp for stamp in _byline_dates(html) if stamp[:10] == day]
    if on_day:
        return "metadata", max(on_day, key=len)  # "<time datetime=2025-03-03T08:15Z>": to the minute
    if any(url_day(url) == day for url in urls):
        return "url", None
    return None, None


# <meta> names of a date (the extractor reads many: "date", "dc.date", "sailthru.date",
# "parsely-pub-date", "citation_publication_date" ...), except when a page changed or expires.
_DATE_NAME = re.compile(r"date|time|publish|created|issued", re.IGNORECASE)
_NOT_PUBLICATION = re.compile(r"modif|updat|revis|expir|copyright|valid|refresh|event|start|end", re.IGNORECASE)
_JSON_LD_DATES = re.compile(r'"(?:datePublished|dateCreated|uploadDate)"\s*:\s*"([^"\\]{1,100})"')


def _markup_days(html: str) -> set[str]:
    """The days a page's date ``<meta>`` tags and structured data (JSON-LD) state, other than
    when it was changed."""
    found = [
        content for names, content in _meta_contents(html)
        if any(_DATE_NAME.search(name) and not _NOT_PUBLICATION.search(name) for name in names)
    ]  # fmt: skip
    found += _JSON_LD_DATES.findall(html[:200_000])
    return {stamp[:10] for stamp in map(normalise_date, found) if stamp is not None}


# A day in an address's path: /2024/03/05/, /2024-3-5-title (separators needed: a run of
# digits is an identifier as often as a day).
URL_DAY_DIGITS = r"((?:1[5-9]|20)[0-9]{2})[/_-]([0-9]{1,2})[/_-]([0-9]{1,2})"  # also the store's SQL
_URL_DAY = re.compile(rf"(?<![0-9]){URL_DAY_DIGITS}(?![0-9])")


def url_day(url: str | None) -> str | None:
    """The day a page's address holds in its path (``YYYY-MM-DD``), or None."""
    if not url:
        return None
    from datetime import date
    from urllib.parse import urlsplit

    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for match in _URL_DAY.finditer(path):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
        except ValueError:
            continue
    return None


# Elements of a byline that may hold the date (a <time>, hAtom's <abbr title>, classes that
# WordPress and most publishing systems write), and the parts of a page whose dates are not
# the article's: comments, sidebars, lists of other stories, the page's own footer.
_BYLINE_XPATH = (
    "//time | //abbr[@title] | //*[@itemprop='datePublished' or @itemprop='dateCreated'] | "
    "//*[contains(translate(concat(@class, ' ', @id), 'ABCDEGHILMNOPRSTY', 'abcdeghilmnoprsty'), 'date')"
    " or contains(translate(concat(@class, ' ', @id), 'ABCDEGHILMNOPRSTY', 'abcdeghilmnoprsty'), 'publish')"
    " or contains(translate(concat(@class, ' ', @id), 'ABCDEGHILMNOPRSTY', 'abcdeghilmnoprsty'), 'posted')"
    " or contains(translate(concat(@class, ' ', @id), 'ABCDEGHILMNOPRSTY', 'abcdeghilmnoprsty'), 'byline')"
    # "date" where publishing systems of other languages name it: fecha (es), datum (de, nl,
    # sv, cs), tarih (tr), tarikh (fa, ar, ur in Latin letters), data (it, pt, ca, pl: a class
    # of that word alone, or of its publication: "metadata", "data-table" hold other data)
    " or contains(concat(' ', translate(@class, 'ADT', 'adt'), ' '), ' data ')"
    " or contains(translate(concat(@class, ' ', @id), 'ABDPT', 'abdpt'), 'data-pub')"
    " or contains(translate(concat(@class, ' ', @id), 'ABDPT', 'abdpt'), 'data_pub')"
    " or contains(translate(concat(@class, ' ', @id), 'ABCILPU', 'abcilpu'), 'pubblica')"
    " or contains(translate(concat(@class, ' ', @id), 'ACDEFHIKMRTU', 'acdefhikmrtu'), 'fecha')"
    " or contains(translate(concat(@class, ' ', @id), 'ACDEFHIKMRTU', 'acdefhikmrtu'), 'datum')"
    " or contains(translate(concat(@class, ' ', @id), 'ACDEFHIKMRTU', 'acdefhikmrtu'), 'tarih')"
    " or contains(translate(concat(@class, ' ', @id), 'ACDEFHIKMRTU', 'acdefhikmrtu'), 'tarikh')]"
)
_ELSEWHERE = re.compile(
    r"comment|repl(?:y|ies)|respond|disqus|sidebar|widget|related|recommend|trending|popular|most-read|newsletter|modif|updat",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1)  # one page asks several times: its day, its support, its calendar
def _byline_elements(html: str) -> tuple[Any, ...]:
    """The page's byline elements outside comments, sidebars, other stories' lists and the
    page's footer (an article's own ``<footer>`` counts)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html.encode("utf-8", "replace"), parser=lxml_html.HTMLParser(encoding="utf-8"))
        elements = tree.xpath(_BYLINE_XPATH)
    except (etree.LxmlError, ValueError):
        return ()
    return tuple(element for element in elements[:200] if not _outside_the_article(element))


def byline_texts(html: str) -> list[str]:
    """The words of the page's byline elements (short ones: a date's, not an article's)."""
    texts = (" ".join(element.text_content().split()) for element in _byline_elements(html))
    return [text for text in texts if text and len(text) <= 300]


@functools.lru_cache(maxsize=1)  # a page unsupported by its markup asks again for its byline's day
def _byline_dates(html: str) -> tuple[str, ...]:
    """The dates the page's byline elements state (normalised, to the time they give)."""
    dates: list[str] = []
    for element in _byline_elements(html):
        for value in (element.get("datetime"), element.get("title"), element.get("content"), _element_date(element)):
            stamp = normalise_date(value.strip()) if isinstance(value, str) else None
            if stamp is not None:
                dates.append(stamp)
    return tuple(dates)


def _outside_the_article(element: Any) -> bool:
    for node in (element, *element.iterancestors()):
        if not isinstance(node.tag, str):
            continue
        tag = node.tag.lower()
        if tag in ("aside", "nav") or _ELSEWHERE.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
        if tag == "footer" and next(node.iterancestors("article"), None) is None:
            return True
    return False


def _element_date(element: Any) -> str | None:
    """The date an element's text states ("Posted on 3 March 2025 by ..."), read by the same
    reader the extractor uses, on that element alone."""
    from htmldate import find_date
    from lxml import html as lxml_html

    from copytrail.stages.ingest.month_names import with_english_months

    text = element.text_content()
    if not text or not any(ch.isdigit() for ch in text) or len(text) > 300:
        return None
    if CHANGED_WORDS.search(text) and not PUBLISHED_WORDS.search(text):
        return None  # when the page was changed, not when it was published (both: the earlier is read)
    page = f"<html><body>{lxml_html.tostring(element, encoding='unicode')}</body></html>"
    try:
        found = find_date(page, extensive_search=False, original_date=True, min_date="1500-01-01", max_date="9999-12-31")
    except Exception:  # noqa: BLE001 - a reader's failure on one element leaves it unread
        found = None
    if found is not None and not _day_written(found, page):
        found = None  # htmldate completes "2024-05" with today's day: a day the page never states
    english = with_english_months(text)  # "14 мая 2024", "١٤ مايو ٢٠٢٤", "2024年5月14日": read in English
    if found is None and english != text:
        # its words alone, dates with day, month and year, the earliest where it gives several
        # ("published ..., updated ..."; htmldate's search of every word made "2024 May 14" the
        # first of January: a guessed day)
        found = min(dates_in_words(english), default=None)
    elif found is not None and len(found) == 10:
        # htmldate gives the day alone; the words may give its time too ("15 October 2024
        # a las 10:30"), which orders two copies of one day
        timed = {stamp for stamp in dates_in_words(english) if stamp[:10] == found and len(stamp) > 10}
        found = timed.pop() if len(timed) == 1 else found
    return found


_NUMBER_RE = re.compile(r"\d+")
_YEAR_AND_MONTH_RE = re.compile(r"\d{4}[-/.]\d{1,2}(?![-/.]?\d)")  # "2024-05": its month is no day


def _day_written(stamp: str, markup: str) -> bool:
    """Whether the day of ``stamp`` (``YYYY-MM-DD...``) is written in ``markup`` as a number of
    its own ("14", "07"), as every date that states its day writes it (the markup's digits of
    other scripts read as ASCII)."""
    from copytrail.stages.ingest.month_names import DIGIT_AND_LETTER_FOLD

    day = int(stamp[8:10])
    for number in _NUMBER_RE.findall(_YEAR_AND_MONTH_RE.sub(" ", markup.translate(DIGIT_AND_LETTER_FOLD))):
        if (len(number) <= 2 and int(number) == day) or (len(number) == 8 and number[:4] == stamp[:4] and int(number[6:]) == day):
            return True  # "14", "07", or a compact "20240514"
    return False

"""How input files become documents, and the budgets that keep one hostile input from
stalling a scan or filling memory."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """How input files become documents (``copytrail.stages.ingest``).

    ``file_dates``: a document whose input states no date takes its file's modification time
    as its date (``date_source`` "file").  Off by default: a file's time says when it was
    saved, not when the text was published, so such documents are undated unless asked.

    ``date_order``: how the input writes a day in numbers when its day and month could each be
    the other ("03/04/2025"): ``"dmy"`` (3 April) or ``"mdy"`` (4 March).  None (the default):
    such a date is not guessed, its document is undated with a note.

    ``follow_links``: symbolic links inside a scanned folder that lead outside it are followed
    (off: they are reported and not read, so a link cannot pull a system file into a corpus).

    The budgets bound what one document may cost; an input over one is reported on one line
    and left out, the scan goes on.  No news article comes near them:

    - ``max_document_bytes``: the bytes of one document's input (a .txt, .md or .html file, a
      JSONL line, a WARC record's payload once decompressed);
    - ``max_text_chars``: the characters of one document's text;
    - ``max_html_elements``: the tags of one HTML page (extraction time grows with them);
    - ``max_seconds``: the time one page's HTML extraction may take;
    - ``max_decompressed_bytes``: what one compressed file (``.warc.gz``) may expand to;
    - ``batch_chars``: the text a scan holds before it stores a batch, whatever its number
      of documents, so that memory follows the batch size and not the inputs.

    Only ``file_dates`` and ``date_order`` are recorded in the store (``recorded``): the others decide whether a
    pathological input is read at all, never what a normal input becomes, so changing them
    must not recompute a store.
    """

    file_dates: bool = False
    date_order: str | None = None
    follow_links: bool = False
    max_document_bytes: int = 16 * MIB
    max_text_chars: int = 4_000_000
    max_html_elements: int = 100_000
    max_seconds: float = 30.0
    max_decompressed_bytes: int = 8 * 1024 * MIB
    batch_chars: int = 32_000_000

    def __post_init__(self) -> None:
        if self.date_order not in (None, "dmy", "mdy"):
            raise ValueError(f"date_order must be 'dmy' or 'mdy', not {self.date_order!r}")

    @property
    def day_first(self) -> bool | None:
        """``date_order`` as the date reader takes it: True for dmy, False for mdy, else None."""
        return None if self.date_order is None else self.date_order == "dmy"

    def recorded(self) -> dict[str, bool | str]:
        """The values that shape stored documents: what the store's fingerprint records (the
        date order only when given, so stores made before it keep their fingerprint)."""
        return {"file_dates": self.file_dates, **({"date_order": self.date_order} if self.date_order else {})}


DEFAULT_INGEST = IngestSettings()

# Which dates the ingest can read, recorded in a store (meta ``date_reading``): a store whose
# documents were read by an older reading has the files of those it may now date read again
# once (``engines.local``).  1 (none recorded): Gregorian dates alone; 2: Solar Hijri dates
# converted (``calendars``); 3: a page's microdata ``itemprop="datePublished"`` read, and a
# page that states only when it was last modified left undated; 4: a page's date taken only
# where its markup or its address supports it (``page_dates``: not a comment's time, a
# footer's timestamp, a date in a headline or an image's path), an address's day marked ``url``;
# 5: a byline's date in the page's own language and script when the extractor reads none it
# supports ("Опубликовано: 14 мая 2024 г.", "نشر في ١٤ مايو ٢٠٢٤", a Solar Hijri byline), and a
# stated date given among other words ("published": "Publicado el 14 de mayo de 2024"); 6: the
# Gregorian months of 18 more languages ("14. května 2024", "2024. május 14.", "14 במאי 2024"),
# Vietnamese numbered months, Thai months with Buddhist-era years ("14 พฤษภาคม 2567" is
# 2024-05-14), Japanese era years ("令和6年5月14日"; both kept as stated beside the day, as a
# Solar Hijri date is) and Lithuanian's "2024 m. gegužės 14 d.", and their words for
# "updated" (a date beside one alone is not the publication's); 7: the months of 19 more
# languages (South Asia, Swahili, Filipino, Hausa, Albanian, Belarusian, Macedonian, Georgian,
# Armenian, Kazakh, Croatian) and the year written first with its word, Pashto's Solar Hijri months, a byline's date only
# where its day is written (htmldate completed "2024-05" with the day it ran on, and made a year
# among unknown words the first of January), a time's "PM" (10:30 PM is 22:30) and "UTC+2" (two
# hours ahead, where dateutil read two behind); 8: "15. listopada 2024." is Croatian's October
# (Polish writes its November's day without a full stop); 9: among words, the time after a word
# for "at" ("a las 10:30", "kl. 10.30", "10h30", "10時30分"), Serbian's nominative months, Catalan's
# "d'octubre", Latvian's "2024. gada 15. oktobrī", Hebrew's "ב-15", "2024.10.15" and "15/10/2024";
# a byline's time where htmldate read its day alone; "10:30 م" (Arabic), "μ.μ.", "CH" after noon,
# and no time where a word of those scripts follows it that says neither; a feed's Solar Hijri date
# among words, its time left out where such a word follows an hour of 12 or less; 10: a Turkish or
# Azerbaijani weekday between the date and its time ("15 Ekim 2024 Salı 10:30").
DATE_READING = 10
DATE_READING_KEY = "date_reading"

# What the readers can take, recorded in a store (meta ``input_reading``): the input files an
# older reading refused, whole or in part, are read again once (``engines.local``), so that a
# reader that learnt to take them is not kept from them by an unchanged file.  1 (none
# recorded): JSONL text under ``text`` alone; 2: under the names other tools write
# (``content``, ``maintext``, ``body`` …: ``ingest.jsonl.FIELD_ALIASES``).
INPUT_READING = 2
INPUT_READING_KEY = "input_reading"
# The refusals each reading stopped making (``LIKE`` patterns of the errors recorded): a store
# read by an older one has the files with such an error read again.
INPUT_READING_REFUSALS: dict[int, tuple[str, ...]] = {2: ("JSON line has no 'text'%",)}


def size_text(size: int) -> str:
    """A byte count for a one-line message: ``16 MiB``, ``512 KiB``, ``90 bytes``."""
    if size >= MIB:
        return f"{size / MIB:.0f} MiB" if size % MIB == 0 or size >= 10 * MIB else f"{size / MIB:.1f} MiB"
    if size >= 1024:
        return f"{size // 1024} KiB"
    return f"{size} bytes"

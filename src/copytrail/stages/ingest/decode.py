"""Bytes to text: byte-order marks, strict UTF-8, declared charsets, a legacy codec of another
script where one reads the bytes as its letters, then cp1252.

A text file's decoded content is what later stages index into, so decoding never
normalises anything; it only picks the codec."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterator

_UNDECODABLE = "cannot decode as UTF-8, UTF-16 or cp1252"


class DecodeError(ValueError):
    """Bytes that cannot be read as text; ``str(exc)`` is the one-line reason."""


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode file bytes, returning ``(text, encoding)``; raise ``DecodeError`` when impossible.

    Order: a BOM (UTF-8, UTF-16 LE/BE) decides; NUL bytes without one mean binary, unless they
    are a few in a UTF-8 text (read as U+FFFD: ``_stray_nuls``); then
    strict UTF-8 (a valid UTF-8 multi-byte sequence is almost never accidental), then a
    ``declared`` charset (e.g. from an HTML ``<meta>``), then the legacy codec of another script
    that reads the bytes as its letters (:func:`other_script_codec`: cp1251, cp1256, GBK ...)
    or else the Latin one (:func:`latin_codec`: cp1250, ISO-8859-2, cp1254, cp1257, Mac Roman,
    cp850 or cp1252), then cp1252 (a superset of latin-1 for printable text, and what "latin-1"
    files with curly quotes really are), then latin-1, which accepts any bytes.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8"
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text = _strict(data[2:], name)
            if "\x00" in text:
                raise DecodeError("binary file")
            return text, name
    if b"\x00" in data:
        return _stray_nuls(data), "utf-8"
    for name in _codecs_to_try(data, declared):
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    raise DecodeError(_UNDECODABLE)  # pragma: no cover - latin-1 decodes any bytes


_STRAY_NULS = 8  # NUL bytes a UTF-8 text may hold as debris (text pasted from a PDF, a scrape), or one per 1,000 bytes


def _stray_nuls(data: bytes) -> str:
    """A UTF-8 text with a few NUL bytes in it, each read as U+FFFD (one character for one, so
    offsets stay those of the file's text); raise ``DecodeError`` for binary data: more NULs
    than debris leaves, or bytes that are no UTF-8.  (12 of the PAN 2013 corpus's 5,057 texts
    hold one to seven stray NULs; they were refused whole, and 19 of its verbatim cases with them.)"""
    if data.count(b"\x00") > max(_STRAY_NULS, len(data) // 1000):
        raise DecodeError("binary file")
    try:
        return data.decode("utf-8").replace("\x00", "\ufffd")
    except UnicodeDecodeError:
        raise DecodeError("binary file") from None


def _codecs_to_try(data: bytes, declared: str | None) -> Iterator[str]:
    """UTF-8, the declared charset, a legacy codec (asked only when those fail: the detector
    costs milliseconds), cp1252, latin-1."""
    yield "utf-8"
    if declared:
        yield declared
    legacy = other_script_codec(data) or latin_codec(data)
    if legacy != "cp1252":  # which comes next in any case
        yield legacy
    yield from ("cp1252", "latin-1")


_SNIFFED_BYTES = 64 << 10  # what the codec of another script is told from
# A text of another script written in its legacy codec is mostly bytes over 127 (Cyrillic,
# Arabic, Greek letters: one each; Chinese, Japanese, Korean: two); a Latin text a tenth at most.
_OTHER_SCRIPT_SHARE = 0.3
_OTHER_SCRIPT_HIGH_BYTES = 8
_ASCII = bytes(range(128))
# Bytes every Windows codec (cp1250 to cp1258) reads as the same symbol: curly quotes, dashes,
# the ellipsis, guillemets, the no-break space, ©, °, ... They tell no script, so they count
# for none ("à à à à “quoted”" in cp1252 was read as Cyrillic "а а а а").
def _shared_symbols() -> bytes:
    """The bytes over 127 that cp1250 to cp1258 all read as one and the same non-letter."""
    windows = [f"cp125{k}" for k in range(9)]
    shared = bytearray()
    for byte in range(0x80, 0x100):
        read = {bytes([byte]).decode(codec, "replace") for codec in windows}
        if len(read) == 1 and not (char := read.pop()).isalpha() and char != "\ufffd":
            shared.append(byte)
    return bytes(shared)


_SHARED_SYMBOLS = _shared_symbols()  # 29 bytes: 0x82, 0x84, 0x85, ..., 0x93, 0x94, ..., 0xBB


def other_script_codec(data: bytes) -> str | None:
    """The legacy codec of another script (Cyrillic, Arabic, Greek, Hebrew, Thai, Chinese,
    Japanese, Korean ...) that reads ``data`` best, where one does: cp1252 would make its
    letters mojibake ("Íîâîñòè" for "Новости" in cp1251).  None for Latin text, which cp1252
    reads as before, and where the detector (charset_normalizer, as trafilatura uses it) finds
    no codec or one whose letters beyond ASCII are mostly Latin."""
    from charset_normalizer import from_bytes

    sample = data[:_SNIFFED_BYTES]
    high = len(sample.translate(None, _ASCII + _SHARED_SYMBOLS))  # the bytes over 127 that may be letters
    if high < _OTHER_SCRIPT_HIGH_BYTES or high < _OTHER_SCRIPT_SHARE * len(sample.replace(b" ", b"")):
        return None  # Latin text with a few accented letters: too little for a detector to tell
    # Persian written apart by a half-space (cp1256's 0x9D) reads a little messy to the
    # detector at its default threshold (0.2): every such file was refused. A codec of another
    # script is kept only where it reads the bytes less messily than cp1252 does.
    found = from_bytes(sample, threshold=0.4)
    best = found.best()
    name = known_codec(best.encoding) if best is not None else None
    if best is None or name is None or name in ("utf-8", "ascii", "cp1252") or name.startswith(("utf-16", "utf-32")):
        return None  # UTF-16 and -32 are read by their byte-order mark alone: any even run of bytes "decodes" as them
    if any(match.encoding == "cp1252" and match.chaos <= best.chaos for match in found):
        return None
    try:
        read = sample.decode(name, errors="ignore")
    except LookupError:
        return None
    letters = [c for c in read if ord(c) > 127 and c.isalpha()]
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return name if letters and latin < len(letters) / 2 else None


# The Latin legacy codecs besides cp1252, the languages written in each, and the letters
# beyond ASCII each of those languages writes (either case): a reading is taken only where the
# language model reads it as one of them and its letters beyond ASCII are that language's.
_ALPHABETS = {
    "pl": "ąćęłńóśźż", "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "hu": "áéíóöőúüű",
    "hr": "čćđšž", "bs": "čćđšž", "sr": "čćđšž", "sl": "čćđšž", "ro": "ăâîșşțţ", "sq": "çë",
    "tr": "çğıiöşüâîû", "lt": "ąčęėįšųūž", "lv": "āčēģīķļņšūž", "et": "äöõüšž",
    "fr": "àâæçéèêëîïôœùûüÿ", "de": "äöüß", "es": "áéíñóúü", "it": "àèéìíîòóùú",
    "pt": "áâãàçéêíóôõú", "nl": "áéëèïóöü", "sv": "åäöé", "da": "æøåé", "no": "æøåéó",
    "fi": "äöå", "is": "áðéíóúýþæö", "ca": "àçéèíïóòúü", "gl": "áéíñóú", "eu": "ñ",
}
_CENTRAL = frozenset({"pl", "cs", "sk", "hu", "hr", "sl", "ro", "bs", "sr", "sq"})
# the codecs of old Macintosh and DOS files, written in cp1252's languages
_WESTERN = frozenset({"fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "is", "ca", "gl", "eu"})
_LATIN_CODECS = {
    "cp1250": _CENTRAL,
    "iso8859_2": _CENTRAL,
    "cp1254": frozenset({"tr"}),
    "cp1257": frozenset({"lt", "lv", "et"}),
    "mac_roman": _WESTERN,
    "cp850": _WESTERN,
}
_WESTERN_CODECS = frozenset(codec for codec, languages in _LATIN_CODECS.items() if languages is _WESTERN)
_WESTERN_LETTERS = frozenset("".join(_ALPHABETS[language] for language in _WESTERN))  # any of cp1252's languages writes
_OWN_LETTERS = 0.9  # share of a reading's letters beyond ASCII that must be its language's
_LEAST_LETTERS = 5  # letters beyond ASCII a reading needs (fewer tell no codec)
# a byte a codec leaves undefined, or reads as a C1 control (ISO-8859-2's 0x80-0x9F): not text
_NOT_TEXT = re.compile("[\x80-\x9f\ufffd]")
# from a little before the first byte over 127: where letters are counted (the model reads
# its first 300 characters, ``stages.language.SAMPLE_CHARS``)
_READ_BYTES = 1200
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def latin_codec(data: bytes) -> str:
    """The Latin legacy codec ``data`` is written in: cp1250 or ISO-8859-2 (Polish, Czech,
    Hungarian, Croatian …), cp1254 (Turkish), cp1257 (Baltic), or Mac Roman or DOS cp850 (old
    Macintosh and DOS files in cp1252's languages) where that reading makes sense as one of
    their languages, else cp1252.

    A central European codec first where it reads as letters inside words what cp1252 reads
    as symbols ("by³o", "s¹" for "było", "są"), at least twice and more than the other way
    round.  Then each other reading that differs is shown to the language model, which must
    be surer of it than of the first choice: Turkish read as cp1252 is still letters ("salý
    günü" for "salı günü"), so no symbol tells it, but the model reads Turkish in both and is
    surer of the right one (0.99 against 0.75; Hungarian's ő read as õ 0.985 against 0.976).
    A detector of codecs cannot tell these apart on news-length text (it calls German cp1250
    and French cp1257).  A reading holding a byte its codec leaves undefined or reads as a
    control character is never taken."""
    sample = data[:_SNIFFED_BYTES]
    western = sample.decode("cp1252", errors="replace")
    readings = {codec: sample.decode(codec, errors="replace") for codec in _LATIN_CODECS}
    readings = {codec: text for codec, text in readings.items() if text != western and not _NOT_TEXT.search(text)}
    first, most = "cp1252", 0
    for codec in ("cp1250", "iso8859_2"):
        if codec in readings:
            gained = _symbols_read_as_letters(sample, western, readings[codec])
            if gained > most:
                first, most = codec, gained
    # bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): cp1252 cannot be right, so
    # fewer letters suffice to tell which codec is
    least = 1 if "\ufffd" in western else _LEAST_LETTERS
    if first == "cp1252" and least > 1 and _in_western_letters(western):
        # Mac Roman and cp850 write cp1252's own languages: they replace it only where its
        # reading is no such language's letters ("adoptŽ", "BŸrger"); a few French and
        # Portuguese words in cp1252 ("garçon façade ação") may read surer as Mac Roman
        readings = {codec: text for codec, text in readings.items() if codec not in _WESTERN_CODECS}
    return _language_reading(sample, {"cp1252": western, **readings}, first, least)


def _in_western_letters(western: str) -> bool:
    """Whether cp1252's reading of a file writes its letters beyond ASCII as one of cp1252's
    languages does (``_ALPHABETS``), or as several of them do together: a list of French,
    Spanish, Portuguese and Italian words ("été año você perché più") is no one language's
    letters, yet each is a cp1252 language's (its Mac Roman reading, "ÈtÈ aÒo vocÍ perchÈ
    pi˘", read surer as Italian)."""
    return _written_in(_letters_beyond_ascii(western[:_READ_BYTES * 4]), _WESTERN_LETTERS, 1)  # holds each language's alphabet


def _symbols_read_as_letters(sample: bytes, western: str, central: str) -> int:
    """How many bytes ``central`` (a reading one character a byte, as cp1252's) reads as
    letters after a letter where cp1252 reads symbols, when at least two and more than twice
    the other way round; else 0."""
    gained = lost = 0
    for i in range(1, len(sample)):
        if sample[i] < 128 or not central[i - 1].isalpha():
            continue
        west, east = western[i].isalpha(), central[i].isalpha()
        gained += east and not west
        lost += west and not east
    return gained if gained >= 2 and gained > 2 * lost else 0


def _language_reading(sample: bytes, readings: dict[str, str], first: str, least: int) -> str:
    """The codec of ``readings`` (``sample`` decoded by each candidate and by ``first``, one
    character a byte) whose reading of the stretch around the first bytes over 127
    the language model reads surely as one of the codec's languages (``_LATIN_CODECS``), surer
    than ``first``'s reading and as the language it reads there (or where it reads none, or
    ``first`` has bytes it leaves undefined), where its letters beyond ASCII are that
    language's (``_ALPHABETS``: a few French and Italian words read as cp1257 may pass for
    Lithuanian to the model, but their "franēaise" holds a Latvian letter and their "où" no
    Baltic one; ``least`` letters at least); else ``first``."""
    from copytrail.stages.language import MIN_SCORE, SURE_SCORE, reading_confidence

    high = _HIGH_BYTE.search(sample)
    if high is None:
        return first
    start = sample.rfind(b" ", 0, max(high.start() - 200, 0)) + 1
    stretches = {codec: text[start : start + _READ_BYTES] for codec, text in readings.items()}
    letters = {codec: _letters_beyond_ascii(text) for codec, text in stretches.items() if codec != first and codec in _LATIN_CODECS}
    # the model is asked only about readings whose letters one of the codec's languages writes
    asked = [c for c in letters if any(_own_letters(letters[c], language, least) for language in _LATIN_CODECS[c])]
    if not asked:
        return first
    first_language, best_score = reading_confidence(stretches[first])
    unread = best_score < MIN_SCORE  # the first reading is no language the model can name
    best = first
    for codec in asked:
        language, score = reading_confidence(stretches[codec])
        # the language the model reads in the first reading too (a text's mojibake is still
        # its language: "salý günü" Turkish), unless it reads none there or that reading
        # cannot be right; a few words of several languages may read as any one of them
        same = language == first_language or unread or least == 1
        if same and language in _LATIN_CODECS[codec] and score > max(best_score, SURE_SCORE) and _own_letters(letters[codec], language, least):
            best, best_score = codec, score
    return best


_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]+")


def _letters_beyond_ascii(text: str) -> Counter[str]:
    """The letters beyond ASCII in ``text``, lower-cased, counted."""
    return Counter(char for char in "".join(_BEYOND_ASCII.findall(text.lower())) if char.isalpha())


def _own_letters(letters: Counter[str], language: str, least: int) -> bool:
    """Whether at least ``_OWN_LETTERS`` of ``letters`` (counted) are ones ``language``
    writes, and at least ``least`` of them (fewer tell no codec)."""
    return _written_in(letters, _ALPHABETS[language], least)


def _written_in(letters: Counter[str], alphabet: Collection[str], least: int) -> bool:
    """Whether at least ``_OWN_LETTERS`` of ``letters`` (counted), and ``least`` at least, are
    in ``alphabet``."""
    own = sum(count for char, count in letters.items() if char in alphabet)
    return own >= least and own >= _OWN_LETTERS * sum(letters.values())


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(_UNDECODABLE) from exc


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def sniff_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first few KB, if it is a known codec."""
    match = _META_CHARSET.search(data[:4096])
    return known_codec(match.group(1).decode("ascii")) if match else None


def known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None

"""Bylines and outlet names: matched loosely, shown as written.

"By J.R. Smith", "J. R. Smith" and "j r smith" are one person to compare; to show, the form
the page itself states is kept, full stops and all (an HTML extractor may give "J R Smith").
"M. Dorran" and "Marek Dorran" stay two names: that would be a guess.
"""

from __future__ import annotations

import html as html_text
import re
import unicodedata

import regex

# Words that introduce a byline ("By", "Por", "Автор:", "نویسنده:", "作者："), never part of the
# name: a word of letters as a whole word; Chinese and Japanese ones joined to the name
# ("记者王小明"), but "文" (also a surname) only before its stroke ("文/王小明").  Particles that
# begin names too ("von", "di", "da", "de", "van") count only before a colon: "Von Trapp" is
# a name, "Von: Hans Müller" a label.
_LABEL_WORDS = (
    "by|written by|reporting by|text by|words by|por|par|przez|door|oleh|yazan|autor|autora|autore|auteur|author|"
    "автор|авторы|автора|текст|подготовил|подготовила|نویسنده|نوشته|گزارش|بقلم|كتب|كتبت|تحرير|إعداد|تحریر|"
    "texto|texte|testo|tekst|redacción|redaccion|yazar|metin|penulis|"
    # ... and of South Asia, the Caucasus, Central Asia, East Africa ("लेखक:", "ავტორი:")
    "लेखक|लेखिका|লেখক|ஆசிரியர்|எழுதியவர்|రచయిత|ಲೇಖಕ|લેખક|ਲੇਖਕ|ലേഖകൻ|ავტორი|հեղինակ|autorius|autors|"
    "müəllif|muallif|mwandishi|qoraa|ጸሐፊ|โดย|bởi"
)
# What follows a name to say what the person does or that the text is theirs ("홍길동 기자",
# "山田太郎記者", "राहुल शर्मा द्वारा"): Chinese and Japanese ones joined to the name.
_TRAILING_WORDS = frozenset("기자 특파원 논설위원 선임기자 द्वारा দ্বারা".split())
_TRAILING_JOINED = ("特派員", "特派员", "記者", "记者")
_BY = re.compile(
    rf"^\s*(?:(?:{_LABEL_WORDS})(?!\w)\s*[:：/|-]?|(?:作者|撰文|记者|記者)\s*[:：/|]?|文\s*[:：/|｜]|(?:von|di|da|de|van)\s*[:：])\s*",
    re.IGNORECASE,
)
# A part of a byline that only says what the person does ("Иван Петров, корреспондент": the
# extractor gives "Иван Петров; Корреспондент"), in the languages copytrail reads.
_ROLE_WORDS = frozenset(
    "correspondent reporter writer staff editor journalist senior chief special political foreign our "
    "корреспондент корреспондентка собкор обозреватель редактор журналист журналистка специальный наш "
    "خبرنگار گزارشگر مراسل مراسلة محرر صحفي صحفية 记者 記者 编辑 corresponsal periodista redactor redactora "
    "enviado enviada especial correspondant correspondante journaliste rédacteur rédactrice envoyé envoyée spécial "
    "korrespondent korrespondentin redakteur redakteurin reporterin correspondente jornalista repórter "
    "giornalista inviato inviata corrispondente muhabir wartawan korrespondenten spéciale speciale "
    "корреспондента обозревателя संवाददाता रिपोर्टर प्रतिनिधि पत्रकार ब्यूरो বিশেষ নিজস্ব প্রতিবেদক সংবাদদাতা "
    "সাংবাদিক ব্যুরো রিপোর্ট செய்தியாளர் நிருபர் విలేకరి ವರದಿಗಾರ ಪ್ರತಿನಿಧಿ પત્રકાર ਪੱਤਰਕਾਰ ലേഖകൻ "
    "رپورٹر نمائندہ خصوصی 기자 특파원".split()
)
# Words a byline's label is made of besides its labels and roles ("Von unserem
# Korrespondenten", "De notre envoyée spéciale", "From our correspondent"): dropped before a
# name only together with a label or a role word, never alone ("De Vries", "Von Trapp").
_LABEL_PARTS = frozenset(
    "from of our unserem unserer unseres notre nos nuestro nuestra nuestros nostro nostra nosso nossa "
    "de del della du des der von van di da do dal dalla наш нашего".split()
)
_LABELS = frozenset(_LABEL_WORDS.split("|"))
_LEADING = _ROLE_WORDS | _LABEL_PARTS | _LABELS
# what makes a leading run a label: a label word or a noun of a trade, not an adjective alone
# ("Chief Keef", "Special K" are names)
_ROLE_MODIFIERS = frozenset(
    "senior chief special political foreign staff our наш специальный especial spécial spéciale speciale বিশেষ নিজস্ব خصوصی".split()
)
_LABEL_OR_ROLE = (_ROLE_WORDS - _ROLE_MODIFIERS) | _LABELS
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_AUTHOR_KEYS = {"author", "article:author", "byl", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author"}
_JSON_LD_AUTHOR = re.compile(r'"author"\s*:\s*\[?\s*\{[^{}]*?"name"\s*:\s*"([^"\\]{1,200})"')
SCANNED_CHARS = 200_000  # bylines are stated in the head and the first part of the body


def name_key(name: str) -> str:
    """How names are compared: accents, case, full stops, spaces and a leading "By" aside; an
    outlet's internationalised host in its own script ("сайт.рф" for ``xn--80aswg.xn--p1ai``,
    as stores read before show it)."""
    if "xn--" in name:
        name = " ".join(map(_host_in_its_script, name.split()))
    text = unicodedata.normalize("NFKD", unlabelled(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _BY.sub("", text)
    text = re.sub(r"(?<=\w)\.(?=\w)", " ", text)  # J.R. -> J R
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _host_in_its_script(word: str) -> str:
    try:
        return word.encode("ascii").decode("idna") if "xn--" in word else word
    except UnicodeError:
        return word


def stated_bylines(page: str) -> list[str]:
    """The bylines a page states in its meta tags and JSON-LD, as written."""
    head = page[:SCANNED_CHARS]
    found = []
    for tag in _META.findall(head):
        attributes = {m[0].lower(): m[1] or m[2] for m in _ATTRIBUTE.findall(tag)}
        key = (attributes.get("name") or attributes.get("property") or attributes.get("itemprop") or "").lower()
        if key in _AUTHOR_KEYS and attributes.get("content"):
            found.append(attributes["content"])
    found += _JSON_LD_AUTHOR.findall(head)
    return [" ".join(unlabelled(html_text.unescape(f)).split()) for f in found]


def written_byline(page: str, extracted: str | None) -> str | None:
    """The extracted byline as the page writes it (the same name, matched loosely), else its
    names as the page's text writes them (initials with their full stops), without a label
    that introduces them ("Por", "Автор:") or a part that only says what the person does
    ("корреспондент"); None stays None, and so does a byline of nothing else (a byline is
    never guessed)."""
    if not extracted:
        return extracted
    key = name_key(extracted)
    stated = next((b for b in stated_bylines(page) if b and name_key(b) == key), None)
    if stated is not None:
        return stated
    written = (_without_trailing(_as_written(page, name)) for part in extracted.split(";") if (name := unlabelled(part)))
    names = [name for name in written if not _a_role(name)]
    return "; ".join(names) or None


def unlabelled(part: str) -> str:
    """A byline without what introduces its name: a label ("Por", "Автор:", "作者：") or a
    leading run of label and role words ("Reporter: Jane Doe", "Von unserem Korrespondenten
    Hans Müller", "De notre envoyée spéciale Marie Dubois"), which ends at a colon."""
    part = _BY.sub("", part).strip()
    words = part.split()
    cut = 0
    for k, word in enumerate(words[:-1]):  # a name is left
        if word.casefold().rstrip(":：,") not in _LEADING:
            break
        cut = k + 1
        if word.endswith((":", "：")):
            break
    if cut and any(w.casefold().rstrip(":：,") in _LABEL_OR_ROLE for w in words[:cut]):
        return _without_trailing(" ".join(words[cut:]))
    return _without_trailing(part)


def _without_trailing(name: str) -> str:
    """A name without the word after it that says what the person does ("홍길동 기자")."""
    words = name.split()
    if len(words) > 1 and words[-1] in _TRAILING_WORDS:
        return " ".join(words[:-1])
    for joined in _TRAILING_JOINED:
        if name.endswith(joined) and len(name) > len(joined) and not name[-len(joined) - 1].isspace():
            return name[: -len(joined)]
    return name


def _a_role(part: str) -> bool:
    words = [w for w in re.split(r"[\s,.]+", part.casefold()) if w]
    return bool(words) and all(w in _ROLE_WORDS for w in words)


def _as_written(page: str, name: str) -> str:
    """``name`` as the page's text writes it where an extractor may have dropped its full stops
    (a name with an initial, "J R Smith" for "J. R. Smith") or the signs its last letter carries
    ("राहुल शर्म" for "राहुल शर्मा", "குமார" for "குமார்": the extractor strips them as it
    strips punctuation), else as given."""
    words = name.split()
    if not name.isascii():
        pattern = r"\s+".join(map(regex.escape, words)) + r"\p{M}*"
        signed = regex.search(rf"(?<![\p{{L}}\p{{M}}]){pattern}(?![\p{{L}}\p{{M}}])", page[:SCANNED_CHARS])
        if signed is not None:
            return " ".join(signed.group().split())
    if not any(len(w.rstrip(".")) == 1 for w in words):
        return name
    pattern = r"\.?\s*".join(re.escape(w.rstrip(".")) for w in words)
    found = re.search(rf"(?<![\w.]){pattern}\.?(?![\w])", page[:SCANNED_CHARS])
    return " ".join(found.group().split()) if found is not None and name_key(found.group()) == name_key(name) else name

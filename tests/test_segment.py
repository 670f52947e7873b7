"""Segment stage: tokens with exact offsets in several scripts, sentence splitting."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from copytrail.stages.segment import normalise_word, segment, tokenize
from copytrail.stages.segment import words as stage_words


def words(text: str) -> list[str]:
    return [text[t.start : t.end] for t in tokenize(text)]


def sentences(text: str) -> list[str]:
    """Sentence texts (a sentence runs from its first word to its last word)."""
    return [text[s.start : s.end] for s in segment(text).sentences]


def test_english_tokens_offsets_and_norms() -> None:
    text = "The Council's “Full” budget — 412 million crowns, Straße."
    tokens = tokenize(text)
    assert words(text) == ["The", "Council", "s", "Full", "budget", "412", "million", "crowns", "Straße"]
    assert [t.norm for t in tokens][0] == "the"
    assert tokens[-1].norm == "strasse"
    for t in tokens:
        assert normalise_word(text[t.start : t.end]) == t.norm


def test_fullwidth_letters_normalise_to_ascii() -> None:
    (token,) = tokenize("Ｆｕｌｌ")
    assert token.norm == "full"
    assert (token.start, token.end) == (0, 4)


def test_russian_tokens() -> None:
    text = "Жители Северного залива собрали более двух тысяч подписей."
    assert words(text) == ["Жители", "Северного", "залива", "собрали", "более", "двух", "тысяч", "подписей"]
    assert tokenize(text)[0].norm == "жители"


def test_persian_and_arabic_tokens_keep_combining_marks() -> None:
    persian = "آب شیرین‌کن بندر، گران‌تر از برآورد است؟"
    tokens = words(persian)
    assert tokens[0] == "آب"
    assert "است" in tokens
    arabic = "قالت الهيئةُ إنّ المحطة آمنة."
    # harakat (combining marks) stay inside their word
    assert words(arabic) == ["قالت", "الهيئةُ", "إنّ", "المحطة", "آمنة"]


def test_chinese_characters_are_tokens() -> None:
    text = "港城日报报道，海水淡化厂。ABC 2025"
    tokens = tokenize(text)
    assert words(text)[:4] == ["港", "城", "日", "报"]
    assert "，" not in words(text)
    assert words(text)[-2:] == ["ABC", "2025"]
    assert all(t.end - t.start == 1 for t in tokens[:10])


def test_sentence_split_english_with_abbreviations() -> None:
    text = (
        "Dr. Smith met Mr. Jones in the U.S. capital on Jan. 5. They talked for an hour! "
        "Was it useful? Nobody knows.\n\nA new paragraph without an end"
    )
    assert sentences(text) == [
        "Dr. Smith met Mr. Jones in the U.S. capital on Jan. 5",
        "They talked for an hour",
        "Was it useful",
        "Nobody knows",
        "A new paragraph without an end",
    ]


def test_sentence_split_other_scripts() -> None:
    assert sentences("第一句话。第二句话！第三句") == ["第一句话", "第二句话", "第三句"]
    assert sentences("هل المحطة آمنة؟ نعم هي آمنة.") == ["هل المحطة آمنة", "نعم هي آمنة"]
    assert sentences("Это первое. Это второе.") == ["Это первое", "Это второе"]
    assert sentences("Երևանում անձրև է։ Վաղը արևոտ կլինի։") == ["Երևանում անձրև է", "Վաղը արևոտ կլինի"]  # Armenian
    assert sentences("ዛሬ ዝናብ ይዘንባል። ነገ ፀሐያማ ይሆናል።") == ["ዛሬ ዝናብ ይዘንባል", "ነገ ፀሐያማ ይሆናል"]  # Amharic
    assert len(sentences("ဒီနေ့ မိုးရွာတယ်။ မနက်ဖြန် နေသာမယ်။")) == 2  # Burmese
    assert len(sentences("ថ្ងៃនេះភ្លៀង។ ថ្ងៃស្អែកថ្ងៃក្តៅ។")) == 2  # Khmer
    assert len(sentences("今日は雨です．明日は晴れです．価格は３．５ドルです")) == 3  # no stop inside "３．５"
    # Greek asks with ";" (ASCII or U+037E); elsewhere a semicolon joins clauses
    assert sentences("Είναι αυτή η δεύτερη; Ναι, είναι.") == ["Είναι αυτή η δεύτερη", "Ναι, είναι"]
    assert sentences("Είναι αυτή η δεύτερη\u037e Ναι.") == ["Είναι αυτή η δεύτερη", "Ναι"]
    assert sentences("First clause; second clause. Next.") == ["First clause; second clause", "Next"]
    assert sentences("J. R. Smith spoke. Prices rose by 5. Then fell.") == [
        "J. R. Smith spoke",
        "Prices rose by 5",
        "Then fell",
    ]


def test_an_ordinal_day_or_number_does_not_end_its_sentence() -> None:
    """German, Danish, Finnish, Czech and Polish write ordinals with a full stop: a date
    ("12. März 2025") is one sentence; before a capitalised word that is no month the stop
    still ends the sentence (a number can close one), as do stops after longer numbers."""
    assert sentences("Am 12. März 2025 stieg die Steuer. Dann fiel sie.") == ["Am 12. März 2025 stieg die Steuer", "Dann fiel sie"]
    assert sentences("Det skete den 5. maj 2024 i Aarhus.") == ["Det skete den 5. maj 2024 i Aarhus"]
    assert sentences("Kokous pidettiin 5. kesäkuuta 2024.") == ["Kokous pidettiin 5. kesäkuuta 2024"]
    assert sentences("Bylo to 12. března 2024 v Praze. Na dzień 3. maja.") == ["Bylo to 12. března 2024 v Praze", "Na dzień 3. maja"]
    assert sentences("Prices rose by 5. March was calm. The score was 3. May was not.") == [
        "Prices rose by 5", "March was calm", "The score was 3", "May was not",
    ]  # fmt: skip
    assert sentences("It cost 1.5. later it fell. In 1987. the rest.") == ["It cost 1.5", "later it fell", "In 1987", "the rest"]
    assert sentences("Am 12.\nMärz") == ["Am 12", "März"]  # a stop that ends a line ends its sentence


def test_a_german_ordinal_after_an_article_counts_the_noun_after_it() -> None:
    """German capitalises every noun, so "der 2. Weltkrieg" is one sentence: an article or a
    preposition joined to one before the number says an ordinal follows.  A number alone at
    the end of a sentence still ends it."""
    assert sentences("Nach dem 2. Weltkrieg wuchs die Stadt. Im 20. Jahrhundert kam der Hafen.") == [
        "Nach dem 2. Weltkrieg wuchs die Stadt", "Im 20. Jahrhundert kam der Hafen",
    ]  # fmt: skip
    assert sentences("Er wurde 2. Danach kam der Regen.") == ["Er wurde 2", "Danach kam der Regen"]
    assert sentences("Der Verein spielt ab sofort in die 3. Liga und nicht mehr.") == ["Der Verein spielt ab sofort in die 3. Liga und nicht mehr"]
    assert sentences("When I was young I am 12. My sister was 9. Then we moved.") == [
        "When I was young I am 12", "My sister was 9", "Then we moved",
    ]  # fmt: skip


def test_abbreviations_of_other_languages_before_a_lower_case_word_end_no_sentence() -> None:
    assert sentences("El gobierno de EE.UU. anunció el plan. Hoy llueve.") == ["El gobierno de EE.UU. anunció el plan", "Hoy llueve"]
    assert sentences("Он получил 5 тыс. рублей и т.д. Потом ушёл.") == ["Он получил 5 тыс. рублей и т.д", "Потом ушёл"]
    assert sentences("Die Stadt zahlt z.B. die Miete. Dann nicht.") == ["Die Stadt zahlt z.B. die Miete", "Dann nicht"]
    assert sentences("He met I.C.H. officials. The talks ended.") == ["He met I.C.H. officials", "The talks ended"]
    assert sentences("They said so. then it rained.") == ["They said so", "then it rained"]  # any other word: an end
    assert sentences("Wydatki wzrosną do 4,1 proc. produktu krajowego. Cena to 5 tis. korun, tj. mniej.") == [
        "Wydatki wzrosną do 4,1 proc. produktu krajowego", "Cena to 5 tis. korun, tj. mniej",
    ]  # fmt: skip


def test_long_sentence_is_cut_into_windows() -> None:
    text = " ".join(f"w{i}" for i in range(130))
    seg = segment(text, max_words=60)
    assert [(s.first, s.last) for s in seg.sentences] == [(0, 60), (60, 120), (120, 130)]
    assert seg.sentences[-1].end == len(text)


def test_empty_and_punctuation_only() -> None:
    assert segment("").tokens == [] and segment("").sentences == []
    assert segment(" ... !!! ").sentences == []


TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list(" .!?\n\t\u3002\u061f…\"'»ﬁＡß\u0301")),
    ),
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_segment_properties(text: str) -> None:
    seg = segment(text, max_words=7)
    previous_end = 0
    for token in seg.tokens:
        assert 0 <= token.start < token.end <= len(text)
        assert token.start >= previous_end  # ordered and non-overlapping
        assert normalise_word(text[token.start : token.end]) == token.norm
        previous_end = token.end
    next_first = 0
    last_end = 0
    covered = 0
    for sentence in seg.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert sentence.start >= last_end
        assert sentence.first == next_first  # token ranges follow each other without gaps
        assert sentence.first < sentence.last <= len(seg.tokens)
        assert sentence.last - sentence.first <= 7
        assert sentence.start == seg.tokens[sentence.first].start
        assert sentence.end == seg.tokens[sentence.last - 1].end
        next_first = sentence.last
        last_end = sentence.end
        covered += sentence.last - sentence.first
    assert covered == len(seg.tokens)  # every token is in exactly one sentence


def test_a_line_of_no_break_spaces_is_a_paragraph_break() -> None:
    text = "GDS CODES: ON 4056\n\u00a0\nDoria Grand Hotel is located in the heart of the city"
    assert sentences(text) == ["GDS CODES: ON 4056", "Doria Grand Hotel is located in the heart of the city"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=300))
def test_ascii_words_are_the_runs_that_the_word_pattern_matches(text: str) -> None:
    """The byte-flag path for ASCII text gives exactly the regex's words, offsets and norms."""
    import re

    from copytrail.stages.segment import word_spans

    spans = [m.span() for m in re.finditer(r"\w+", text)]
    assert word_spans(text) == ([a for a, _ in spans], [b for _, b in spans], [text[a:b].lower() for a, b in spans])


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_sentence_words_are_the_words_of_segment_sentences(text: str) -> None:
    """The encoder's shortcut gives each sentence of ``segment`` exactly its words."""
    from copytrail.stages.segment import sentence_words

    seg = segment(text, max_words=7)
    assert sentence_words(text, max_words=7) == [seg.norms[s.first : s.last] for s in seg.sentences]


def test_sentence_words_of_a_long_mixed_text() -> None:
    from copytrail.stages.segment import sentence_words

    text = "Dr. Smith met U.S. officials. " * 3 + "Совет утвердил бюджет! 北京欢迎你。" + " word" * 130 + ".\n\nEnd"
    seg = segment(text)
    assert sentence_words(text) == [seg.norms[s.first : s.last] for s in seg.sentences]


# ------------------------------------------------------------------ script rules (norms only)


def norms(text: str) -> list[str]:
    return [t.norm for t in tokenize(text)]


def test_arabic_persian_and_urdu_letter_forms_compare_equal() -> None:
    # Arabic yeh and kaf, Persian yeh and keheh, Urdu heh goal: one word each way
    assert norms("كيك") == norms("کیک")
    assert norms("مدرسة") == norms("مدرسه") == norms("مدرسہ")
    assert norms("أحمد إبراهيم آمنة") == norms("احمد ابراهيم امنه")
    assert norms("مستشفى") == norms("مستشفي")
    assert norms("مسؤول") == norms("مسوول")


def test_harakat_and_tatweel_do_not_change_a_word() -> None:
    assert norms("مُحَمَّدٌ") == norms("محمد")
    assert norms("الـــعـــربية") == norms("العربية")
    text = "قالت الهيئةُ إنّ المحطة آمنة."
    assert [(t.start, t.end) for t in tokenize(text)] == [(0, 4), (5, 12), (13, 16), (17, 23), (24, 28)]


def test_persian_half_space_parts_a_compound_as_a_space_does_and_joins_a_prefix() -> None:
    """A compound's parts are written with a half-space or, without one on the keyboard, a
    space; a prefix with a half-space, a space or nothing: each set compares equal."""
    text = "آب‌شیرین‌کن می‌شود"
    assert words(text) == ["آب", "شیرین", "کن", "می\u200cشود"]
    assert norms(text) == norms("آب شیرین کن میشود") == norms("آب شیرین کن می شود")
    # a joiner between letters of scripts that need it inside words keeps the word whole
    assert words("क्\u200cष") == ["क्\u200cष"]
    # a joiner at a word's edge is not part of it; a zero-width space separates words
    assert words("\u200cکتاب\u200c نو") == ["کتاب", "نو"]
    assert words("کتاب\u200bها") == ["کتاب", "ها"]


def test_persian_prefix_and_endings_written_apart_are_one_word() -> None:
    """"می دهد" (a space where the half-space belongs), "می‌دهد" and "میدهد" compare as one
    word, and so do "کتاب ها" and "کتاب‌ها"; the joined word's offsets span both parts."""
    spaced, half_spaced, joined = "او می دهد و کتاب ها را نمی خواند", "او می‌دهد و کتاب‌ها را نمی‌خواند", "او میدهد و کتابها را نمیخواند"
    assert norms(spaced) == norms(half_spaced) == norms(joined)
    assert words(spaced) == ["او", "می دهد", "و", "کتاب ها", "را", "نمی خواند"]
    assert stage_words(spaced) == norms(spaced)  # what sketching reads: the same words
    # only between two Arabic-script words, parted by one space
    assert words("می 5 بار") == ["می", "5", "بار"]
    assert words("می، دهد") == ["می", "دهد"]
    assert words("Tehran ها") == ["Tehran", "ها"]


def test_digits_of_every_script_read_as_digits() -> None:
    assert norms("۱۴۰۲ ١٤٠٢ १४०२ 1402") == ["1402"] * 4
    # the Arabic decimal separator is not a word character: 12٫5 reads as 12.5 does
    assert norms("۱۲٫۵") == norms("12.5") == ["12", "5"]


def test_cyrillic_yo_stress_and_latin_look_alikes() -> None:
    assert norms("Ёлка за́мок") == norms("елка замок")
    assert norms("й") != norms("и")  # й is a letter, not an accented и
    assert norms("мoлoкo") == norms("молоко")  # Latin o inside a Russian word
    assert norms("pаypal") == ["paypal"]  # Cyrillic а inside a Latin word
    assert norms("Café Ἀθῆναι") == ["cafe", "αθηναι"]


def test_hebrew_points_and_devanagari_words() -> None:
    assert norms("שָׁלוֹם") == norms("שלום")
    assert words("हिंदी भाषा") == ["हिंदी", "भाषा"]  # vowel signs stay inside their word


def test_thai_letters_keep_their_marks() -> None:
    assert words("ห้องสมุด") == ["ห้", "อ", "ง", "ส", "มุ", "ด"]


BIDI_AND_FORMAT = list("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u2060\ufeff\u00ad")
MIXED_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(BIDI_AND_FORMAT + list("ـًٌٍَُِّْٰ٠١٢۰۱۲०१كکيیىةهہھأإآ ёЁoоaа.؟۔\n😀👍🏽🇮🇷")),
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    ),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(MIXED_TEXT)
def test_any_script_bidi_controls_digits_and_emoji_keep_offsets_exact(text: str) -> None:
    """Random text in any script with bidi controls, joiners, digits and emoji: no crash, every
    word a slice of the text whose normal form is its norm, never an empty norm."""
    from copytrail.stages.segment import words as norm_words

    seg = segment(text, max_words=5)
    previous_end = 0
    for start, end, norm in zip(seg.starts, seg.ends, seg.norms, strict=True):
        assert previous_end <= start < end <= len(text)
        assert norm and normalise_word(text[start:end]) == norm
        previous_end = end
    assert norm_words(text) == seg.norms
    for sentence in seg.sentences:
        assert sentence.start == seg.starts[sentence.first] and sentence.end == seg.ends[sentence.last - 1]


def test_texts_of_only_digits_emoji_or_controls() -> None:
    assert norms("٣٤٥ ۶۷ 89") == ["345", "67", "89"]
    assert segment("😀👍🏽 🇮🇷 ✨").tokens == []
    assert segment("\u202b\u200f\u2067\u2069\u200c").tokens == []


def test_side_by_side_marks_no_word_changed_for_a_half_space_typed_as_a_space() -> None:
    """The side-by-side view flags words the other side lacks: a retyped Persian copy that
    writes "می دهد" for "می‌دهد" changed no word."""
    from copytrail.outputs.view import word_diff

    original = "وزارت بهداشت اعلام کرد که واکسن‌ها را به استان‌ها می‌فرستد و نمی‌گذارد کمبود ادامه یابد."
    retyped = original.replace("\u200c", " ")
    a_chunks, b_chunks = word_diff(original, retyped)
    assert "".join(text for text, _ in b_chunks) == retyped
    assert [text for text, changed in a_chunks + b_chunks if changed] == []
    edited = retyped.replace("استان ها", "شهر ها")
    assert [text for text, changed in word_diff(original, edited)[1] if changed] == ["شهر ها"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?\"')]\n\t\r\x1c")), max_size=80))
def test_sketch_words_cuts_ascii_text_as_its_pattern_does(text: str) -> None:
    """The array reading of ASCII text and the pattern read for other text cut the same
    sentences, and the sentence lengths add up to the words of ``words``."""
    import numpy as np

    from copytrail.stages.segment import _SKETCH_SENTENCE_END, sketch_words

    norms, lengths = sketch_words(text)
    assert norms == stage_words(text) and sum(lengths) == len(norms) and all(n > 0 for n in lengths)
    starts = np.array([t.start for t in tokenize(text)], dtype=np.int64)
    cuts = np.searchsorted(starts, [m.end() for m in _SKETCH_SENTENCE_END.finditer(text)])
    expected = np.diff(np.concatenate(([0], cuts, [len(norms)])))
    assert lengths == expected[expected > 0].tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab .!?\"')\n\t\x1cé")), max_size=40), max_size=6))
def test_sketch_words_of_many_texts_reads_each_as_alone(texts: list[str]) -> None:
    """Texts read together (ASCII ones joined) give each text's own words and sentences."""
    from copytrail.stages.segment import sketch_words, sketch_words_of

    assert sketch_words_of(texts) == [sketch_words(text) for text in texts]

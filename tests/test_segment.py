"""Segment stage: tokens with exact offsets in several scripts, sentence splitting."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from copytrail.stages.segment import normalise_word, segment, tokenize


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
    assert sentences("J. R. Smith spoke. Prices rose by 5. Then fell.") == [
        "J. R. Smith spoke",
        "Prices rose by 5",
        "Then fell",
    ]


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

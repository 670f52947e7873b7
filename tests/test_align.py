"""Align stage on real texts: verbatim and edited copies, non-Latin scripts, granularity."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copytrail.api import read_document
from copytrail.stages.align import AlignSettings, align_texts
from copytrail.stages.segment import tokenize
from sample_truth import SAMPLE

PARAGRAPH = (
    "Since the plant began feeding the municipal network, water delivered to roughly thirty "
    "thousand households in the eastern districts has carried boron at levels that independent "
    "testers describe as borderline. The authority insists every sample is within national "
    "limits, yet it has refused to publish the raw laboratory sheets for the period between "
    "June and November, when complaints about a metallic taste peaked."
)

RUSSIAN = (
    "Жители Северного залива собрали более двух тысяч подписей против строительства нового "
    "опреснительного завода на мысе Солончак. Авторы петиции утверждают, что сброс рассола "
    "погубит нерестилища камбалы, а городские власти так и не опубликовали экологическую "
    "экспертизу проекта, хотя обещали сделать это ещё прошлой осенью."
)

CHINESE = (
    "港城日报记者从市政府获悉，盐沼角海水淡化厂自投入运营以来，已向东部城区约三万户家庭供水。"
    "但独立检测机构表示，部分水样中的硼含量处于临界水平，市民对水质的担忧持续上升。"
)

SYLLABLES = ["ka", "lo", "mer", "tin", "sa", "vor", "el", "dun", "pra", "zi", "qua", "bel", "ros", "ni"]


def filler(seed: int, sentences: int = 12) -> str:
    """Readable-looking text of made-up words that shares nothing with the planted paragraphs."""
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        n = rng.randint(8, 18)
        words = ["".join(rng.choices(SYLLABLES, k=rng.randint(1, 3))) for _ in range(n)]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def embed(paragraph: str, seed: int) -> str:
    return f"{filler(seed)}\n\n{paragraph}\n\n{filler(seed + 1000)}"


def strip_end(text: str) -> str:
    return text.rstrip(".!?\"'”’»)]。！？;:")


def test_verbatim_copy_gives_one_exact_passage() -> None:
    a, b = embed(PARAGRAPH, 1), embed(PARAGRAPH, 2)
    passages = align_texts(a, b)
    assert len(passages) == 1
    (p,) = passages
    assert p.kind == "verbatim"
    assert p.score == 1.0
    assert p.a_start == a.index(PARAGRAPH)
    assert p.b_start == b.index(PARAGRAPH)
    assert strip_end(a[p.a_start : p.a_end]) == strip_end(PARAGRAPH)
    assert strip_end(b[p.b_start : p.b_end]) == strip_end(PARAGRAPH)
    assert p.matched_words == len(tokenize(PARAGRAPH))


def test_copy_embedded_mid_text_has_exact_offsets_on_both_sides() -> None:
    a = PARAGRAPH + "\n\n" + filler(3)
    b = filler(4, sentences=30) + " " + PARAGRAPH + " " + filler(5, sentences=3)
    (p,) = align_texts(a, b)
    assert (p.a_start, p.b_start) == (0, b.index(PARAGRAPH))
    assert b[p.b_start : p.b_end] == PARAGRAPH
    assert a[p.a_start : p.a_end] == PARAGRAPH


def test_lightly_edited_copy_is_edited_with_score_below_one() -> None:
    edited = (
        PARAGRAPH.replace("roughly thirty", "over thirty")
        .replace("insists", "maintains")
        .replace("metallic taste", "metallic flavour")
    )
    a, b = embed(PARAGRAPH, 6), embed(edited, 7)
    passages = align_texts(a, b)
    assert len(passages) == 1
    (p,) = passages
    assert p.kind == "edited"
    assert 0.7 < p.score < 1.0
    assert p.a_start == a.index(PARAGRAPH) and p.b_start == b.index(edited)
    # edges sit on the first and last shared run of words: the changed last words fall outside
    assert b[p.b_start : p.b_end] == edited[: p.b_end - p.b_start]
    assert p.b_end - p.b_start >= 0.95 * len(edited)


def test_unrelated_same_topic_texts_share_nothing() -> None:
    for left, right in [
        ("civicpulse-saltmarsh-fact-sheet.html", "harbourtimes-lindgrove-desal.html"),
        ("truthlantern-dunmore-fact-sheet.html", "dailymeridian-dunmore-apprentices.txt"),
        ("dailymeridian-gale-warning.html", "coastalherald-harbour-dredging.html"),
    ]:
        a, b = read_document(SAMPLE / left).text, read_document(SAMPLE / right).text
        assert align_texts(a, b) == [], (left, right)
    assert align_texts(filler(8, 40), filler(9, 40)) == []


@pytest.mark.parametrize("paragraph", [RUSSIAN, CHINESE], ids=["russian", "chinese"])
def test_non_latin_copies_are_found(paragraph: str) -> None:
    a = "Вступление к статье о погоде и море.\n\n" + paragraph + "\n\nКонец."
    b = "完全不同的开头，讲的是港口的天气和渔船。\n\n" + paragraph + "\n\n" + filler(10, 4)
    (p,) = align_texts(a, b)
    assert p.kind == "verbatim"
    assert strip_end(a[p.a_start : p.a_end]) == strip_end(paragraph)
    assert strip_end(b[p.b_start : p.b_end]) == strip_end(paragraph)


def test_one_reused_long_passage_is_one_alignment_not_fragments() -> None:
    # A long passage (many sentences) with a dropped sentence and a few edits stays one passage.
    sentences = [s + "." for s in filler(11, 14).split(". ")]
    sentences = [s.rstrip(".") + "." for s in sentences]
    passage = " ".join(sentences)
    copy = " ".join(sentences[:6] + sentences[7:])  # one sentence dropped
    a = filler(12) + "\n\n" + passage + "\n\n" + filler(13)
    b = filler(14) + "\n\n" + copy + "\n\n" + filler(15)
    passages = align_texts(a, b)
    assert len(passages) == 1, passages
    (p,) = passages
    assert p.kind == "edited"
    assert p.a_start == a.index(passage) and p.b_start == b.index(copy)
    assert p.a_end >= a.index(passage) + len(passage) - 1
    assert p.b_end >= b.index(copy) + len(copy) - 1


def test_two_separate_copies_are_two_passages_in_order() -> None:
    a = PARAGRAPH + "\n\n" + filler(16) + "\n\n" + RUSSIAN
    b = RUSSIAN + "\n\n" + filler(17) + "\n\n" + PARAGRAPH
    passages = align_texts(a, b)
    assert len(passages) == 2
    assert [p.b_start for p in passages] == sorted(p.b_start for p in passages)
    assert strip_end(b[passages[0].b_start : passages[0].b_end]) == strip_end(RUSSIAN)
    assert strip_end(b[passages[1].b_start : passages[1].b_end]) == strip_end(PARAGRAPH)


def test_min_words_drops_short_passages() -> None:
    short = "The harbour master confirmed the dredging schedule for the spring season today."
    a, b = embed(short, 18), embed(short, 19)
    assert align_texts(a, b, AlignSettings(min_words=25)) == []
    (p,) = align_texts(a, b, AlignSettings(min_words=5))
    assert strip_end(a[p.a_start : p.a_end]) == strip_end(short)


def test_empty_and_tiny_texts() -> None:
    assert align_texts("", "") == []
    assert align_texts(PARAGRAPH, "") == []
    assert align_texts("...", PARAGRAPH) == []


WORDS = [
    "harbour", "council", "water", "plant", "boron", "crowns", "fishermen", "brine", "outfall",
    "salinity", "tariff", "budget", "shipyard", "workers", "contract", "authority", "sample",
    "report", "records", "district", "network", "households", "season", "petition", "ferry",
    "minister", "storm", "derby", "cost", "price", "dredging", "festival", "letters", "vote",
]


@st.composite
def planted_texts(draw: st.DrawFn) -> tuple[str, str]:
    para = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=120))
    fill = st.lists(st.sampled_from([*WORDS, ".", "!", "\n\n", "?"]), max_size=150)
    a_before, a_after, b_before, b_after = (draw(fill) for _ in range(4))
    paragraph = " ".join(para)
    a = " ".join(a_before) + " " + paragraph + " " + " ".join(a_after)
    b = " ".join(b_before) + " " + paragraph + " " + " ".join(b_after)
    return a, b


@settings(max_examples=40, deadline=None)
@given(planted_texts(), st.integers(min_value=1, max_value=30))
def test_passages_always_lie_inside_both_texts(texts: tuple[str, str], min_words: int) -> None:
    a, b = texts
    for p in align_texts(a, b, AlignSettings(min_words=min_words)):
        assert 0 <= p.a_start < p.a_end <= len(a)
        assert 0 <= p.b_start < p.b_end <= len(b)
        assert p.kind in ("verbatim", "edited", "paraphrase")
        assert 0.0 <= p.score <= 1.0


def test_summary_stretch_widens_over_related_sentences_within_the_gap() -> None:
    from copytrail.stages.align.extend import _related_stretch

    summary = {"boron": 1.0, "plant": 1.0}
    related, other = {"boron": 1.0}, {"tariff": 1.0}
    # sentences 4-6 hold the seeds; 3 and 8 draw on the summary too, 0 lies two unrelated
    # sentences beyond 3
    wa = [related, other, other, related, related, related, related, other, related, other, other, other]
    assert _related_stretch(wa, summary, 4, 6, threshold=0.5, gap=1) == (3, 8)
    assert _related_stretch(wa, summary, 4, 6, threshold=0.5, gap=2) == (0, 8)
    assert _related_stretch(wa, summary, 4, 6, threshold=0.5, gap=0) == (3, 6)  # adjacent only
    assert _related_stretch(wa, summary, 4, 6, threshold=0.9, gap=3) == (4, 6)  # too weak a link


HARBOUR_REPORT = " ".join([
    "The Veyra harbour board met on Tuesday to review the dredging contract for the northern channel.",
    "Board members heard that silt levels in the channel have doubled since the last survey in 2019.",
    "Fishing crews say their boats now wait for high tide before they can leave the inner basin.",
    "The contract, worth 4.2 million euros, was awarded to a Dutch firm after a tender last spring.",
    "Work was due to start in March but has been delayed by a dispute over where the spoil should go.",
    "Environmental groups want the silt tested for heavy metals before it is dumped at sea.",
    "The board's engineer said early samples showed copper and zinc below the legal limits.",
    "A second round of tests will be carried out by an independent laboratory in Rotterdam.",
    "Harbour pilots warned that larger cargo ships may have to divert to Dunmore if the work slips again.",
    "The board chairman promised a decision on the spoil site before the end of the month.",
    "Residents of the Saltmarsh estate asked for the dredgers to work only during daylight hours.",
    "The next public meeting of the board is scheduled for the fourteenth of next month.",
    "Several councillors asked whether the harbour could share the cost with the port of Dunmore.",
    "Officials said talks with Dunmore had stalled over the question of who owns the outer breakwater.",
    "A local historian noted that the channel was last dredged in full in the nineteen-seventies.",
    "Insurance for the dredging fleet alone is expected to cost around two hundred thousand euros.",
    "The board will publish the laboratory results on its website once they are available.",
])


def test_summary_of_an_article_stands_for_the_whole_article() -> None:
    """Three sentences condensing parts of a 17-sentence report: the summarised source is the
    report, not only the stretch its seeds fell in."""
    from dataclasses import replace

    SUMMARY = " ".join([
        "The regional theatre announced a new season of plays opening in the autumn with three premieres.",
        "Tickets go on sale next week at the box office and online, the theatre's director said.",
        "Silt levels in the northern channel of Veyra harbour have doubled since 2019, the harbour board heard.",
        "An independent laboratory in Rotterdam will carry out a second round of tests.",
        "Talks with Dunmore have stalled over who owns the outer breakwater, officials said.",
        "The city's football club confirmed that its stadium roof will be repaired over the winter break.",
        "The repair is expected to take six weeks and will be paid for by the club's insurers.",
    ])
    (passage,) = align_texts(HARBOUR_REPORT, SUMMARY)
    assert (passage.a_start, passage.a_end) == (0, len(HARBOUR_REPORT))
    summarised = SUMMARY[passage.b_start : passage.b_end]
    assert summarised.startswith("Silt levels") and "outer breakwater" in summarised
    assert "theatre" not in summarised and "football" not in summarised
    # Neither rule that reaches the whole report (summarised whole, widened over the
    # sentences the summary draws on): only the stretch the seeds fell in.
    (stretch,) = align_texts(HARBOUR_REPORT, SUMMARY, replace(AlignSettings(), summary_whole=0, summary_gap=0))
    assert stretch.a_end < len(HARBOUR_REPORT)


# A reworded copy whose only shared 3-word runs lie in its second sentence
REWORDED = (
    "On Monday officials of Veyra said the plant for desalination needs more forty million. "
    "The harbour board blamed rising steel prices and a dispute over the intake pipes."
)
ORIGINAL = (
    "Veyra officials said Monday the desalination plant needs forty million more. "
    "The harbour board blamed rising steel prices and a dispute over the intake pipes."
)


def test_reworded_passage_whose_anchors_are_too_close_keeps_its_sentence_edges() -> None:
    """Only the second sentence shares 3-word runs: trimming to them would leave 14 words,
    under ``min_words``; the passage keeps both sentences instead of being dropped."""
    a = "Unrelated opening words here. " + ORIGINAL + " The end of the story."
    b = "Something else entirely first. " + REWORDED + " A different ending."
    (passage,) = align_texts(a, b)
    assert a[passage.a_start : passage.a_end] == ORIGINAL
    assert b[passage.b_start : passage.b_end] == REWORDED


_VOCABULARY = "harbour council tariff water plant budget dredging report figures ministry rates winter".split()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_VOCABULARY + ["the", "and"]), min_size=1, max_size=14), min_size=1, max_size=12),
    st.lists(st.lists(st.sampled_from(_VOCABULARY + ["of", "a"]), min_size=1, max_size=14), min_size=1, max_size=12),
    st.sampled_from([0.0, 0.2, 0.33, 0.6]),
    st.booleans(),
    st.sets(st.sampled_from([w[:5] for w in _VOCABULARY]), max_size=6),
)
def test_vectorised_sentence_seeds_equal_the_postings_loop(a_sentences, b_sentences, threshold, shared_once, common) -> None:  # noqa: ANN001
    """The numpy search of similar sentence pairs finds exactly what the loop over each
    stem's postings finds (shared stems counted, tf-isf weight products summed)."""
    from copytrail.stages.align import prepare
    from copytrail.stages.align.seeds import (
        _similar_sentences,
        _similar_sentences_loop,
        sentence_weights,
    )

    a = prepare(". ".join(" ".join(s) for s in a_sentences) + ".")
    b = prepare(". ".join(" ".join(s) for s in b_sentences) + ".")
    common = frozenset(common)  # some of the pair's stems, as a corpus's common stems
    found = _similar_sentences(a.profile, b.profile, threshold, threshold, shared_once, common)
    weights = sentence_weights(a.profile, b.profile, shared_once, common)
    expected = _similar_sentences_loop(*weights, a.profile, b.profile, threshold, threshold)
    # a pair exactly at the threshold may fall either way by a last-bit rounding difference
    assert found ^ expected <= {
        pair for pair in found | expected if abs(_pair_cosine(a, b, pair, shared_once, common) - threshold) < 1e-9
    }


def _pair_cosine(a, b, pair: tuple[int, int], shared_once: bool = False, common: frozenset[str] = frozenset()) -> float:  # noqa: ANN001
    from copytrail.stages.align.seeds import sentence_weights

    wa, wb = sentence_weights(a.profile, b.profile, shared_once, common)
    i, j = pair
    return sum(w * wb[j].get(t, 0.0) for t, w in wa[i].items())


FARM_NEWS = [
    "Local farmers gathered at the county fairground on Saturday morning to protest the new water rules.",
    "The regional authority wants to cut irrigation quotas by a third during the summer months.",
    "Growers say the reduction would ruin tomato and melon harvests across the valley this year.",
    "Officials argue that the aquifer has dropped to its lowest level since records began in 1952.",
    "A public hearing on the proposal is scheduled for the second week of March at city hall.",
]


def _shuffled(sentence: str, seed: int) -> str:
    words = sentence.rstrip(".").split()
    random.Random(seed).shuffle(words)
    return " ".join(words) + "."


def test_reworded_passage_grows_over_a_neighbouring_sentence_too_changed_to_seed() -> None:
    """Four sentences with their words shuffled (no shared 3-word run to place edges by)
    seed a passage; the fifth, rewritten, shares too little to seed but continues it."""
    from dataclasses import replace

    source = "Weather today is mild and dry with light winds from the west. " + " ".join(FARM_NEWS)
    source += " The museum reopens on Monday after a long renovation of its east wing."
    reworded = "A hearing about the plan is expected in the spring, people said at the town hall."
    target = " ".join(
        ["Sports news: the home team lost again on Friday night after a long and tiring week."]
        + [_shuffled(sentence, seed) for seed, sentence in enumerate(FARM_NEWS[:4])]
        + [reworded, "In other news, the library will open a new reading room for children next month."]
    )
    grown = align_texts(source, target)
    assert len(grown) == 1
    assert target[grown[0].b_start : grown[0].b_end].endswith(reworded)
    assert source[grown[0].a_start : grown[0].a_end].endswith(FARM_NEWS[4])
    assert "library" not in target[grown[0].b_start : grown[0].b_end]
    plain = align_texts(source, target, replace(AlignSettings(), grow_cosine=0.0))
    assert len(plain) == 1 and plain[0].b_end < grown[0].b_end
    assert target[plain[0].b_start : plain[0].b_end] == target[grown[0].b_start : plain[0].b_end]


def test_edited_copy_keeps_its_reworded_first_words_a_mid_sentence_copy_does_not() -> None:
    from dataclasses import replace

    rest = " " + " ".join(FARM_NEWS[1:3])
    source = "Weather today is mild and dry with light winds. " + FARM_NEWS[0] + rest + " The museum reopens on Monday."
    edited = "On Saturday morning, farmers from the area gathered at the county fairground to protest the new water rules."
    target = "Sports news: the home team lost again on Friday night. " + edited + rest + " The library opens a reading room."
    [passage] = align_texts(source, target)
    assert source[passage.a_start :].startswith("farmers gathered at the county fairground")
    assert target[passage.b_start :].startswith("farmers from the area gathered")
    [anchored] = align_texts(source, target, replace(AlignSettings(), edge_share=0.0))
    assert source[anchored.a_start :].startswith("gathered at the county fairground")
    # words before the copy that share nothing with the other side stay out
    source = "Weather today is mild and dry. Yesterday the mayor said that" + rest + " More later."
    target = "In a statement, officials noted that" + rest + " End."
    [copy] = align_texts(source, target)
    assert copy.kind == "verbatim"
    assert source[copy.a_start : copy.a_end] == target[copy.b_start : copy.b_end]
    assert source[copy.a_start :].startswith("that The regional authority")


def test_growth_stops_at_another_passages_sentences() -> None:
    """Sentence ``i`` of one side matches sentence ``i`` of the other, but growth never takes
    a sentence another passage (as grown so far) holds on either side."""
    from copytrail.stages.align.extend import grow

    wa = [{f"t{i}": 1.0, "common": 0.2} for i in range(6)]
    wb = [{f"t{i}": 1.0, "common": 0.2} for i in range(6)]
    assert grow((1, 1, 1, 1), wa, wb, 0.2, []) == (0, 5, 0, 5)
    assert grow((1, 1, 1, 1), wa, wb, 0.2, [(3, 4, 3, 4)]) == (0, 2, 0, 2)
    assert grow((1, 1, 1, 1), wa, wb, 0.2, [(0, 0, 4, 4)]) == (1, 3, 1, 3)  # row 0 of a is taken
    wb[2] = {"other": 1.0}  # a neighbour that shares nothing stops it
    assert grow((1, 1, 1, 1), wa, wb, 0.2, []) == (0, 1, 0, 1)


def test_a_passage_printed_twice_is_reported_twice_whichever_text_comes_first() -> None:
    from conftest import HARBOUR_PASSAGE as passage
    from conftest import REPEATED_PASSAGE_TEXTS

    twice, once = REPEATED_PASSAGE_TEXTS["twice.txt"], REPEATED_PASSAGE_TEXTS["once.txt"]
    forward = sorted((p.a_start, p.a_end, p.b_start, p.b_end) for p in align_texts(twice, once))
    backward = sorted((p.b_start, p.b_end, p.a_start, p.a_end) for p in align_texts(once, twice))
    assert len(forward) == 2 and forward == backward
    assert all(twice[a0:a1] == once[b0:b1] == passage for a0, a1, b0, b1 in forward)


def test_neighbouring_passages_sharing_an_edge_sentence_are_both_kept() -> None:
    """Two passages side by side in ``b`` from two places of ``a`` may both reach into the
    sentence between them: neighbours, not rivals for the same text."""
    from copytrail.stages.align.refine import resolve_overlaps
    from copytrail.stages.align.spans import Fragment

    wa = [{f"a{i}": 1.0} for i in range(12)]
    wb = [{f"b{i}": 1.0} for i in range(12)]
    first, second = Fragment(6, 8, 0, 3, 0.9), Fragment(0, 2, 3, 6, 0.8)
    assert sorted(resolve_overlaps([first, second], wa, wb), key=lambda f: f.b_first) == [first, second]
    rival = Fragment(0, 2, 1, 3, 0.5)  # most of ``first``'s sentences in b: the better wins
    assert resolve_overlaps([first, rival], wa, wb) == [first]


def test_two_copies_side_by_side_taken_in_the_other_order_are_both_found() -> None:
    """Two passages of ``a`` copied next to each other into ``b`` in the reverse order make
    one fragment; its shared runs, in order, follow one copy, and the other is found too."""
    first = (
        "The harbour authority confirmed on Tuesday that dredging of the northern channel will resume "
        "in April. The winter pause cost the port an estimated four million in lost fees and forced two "
        "container lines to divert."
    )
    second = (
        "Council members voted to fund a new cycle path along the eastern shore of the lake. The path "
        "will link three villages and is expected to open before the summer tourist season begins."
    )
    a = f"Local briefing. {second} {first} Weather will stay dry all week."
    b = f"Morning news. {first} {second} Sports follow after the break."
    passages = align_texts(a, b)
    assert len(passages) == 2 and all(p.kind == "verbatim" for p in passages)
    assert [b[p.b_start : p.b_end] for p in passages] == [a[p.a_start : p.a_end] for p in passages]
    assert any("cycle path" in b[p.b_start : p.b_end] for p in passages)
    assert any("dredging" in b[p.b_start : p.b_end] for p in passages)


def test_summary_around_a_copied_paragraph_keeps_the_copy_exact() -> None:
    """Four sentences copied word for word, with reworded sentences from far parts of the
    source before and after them: the seeds spread like a summary's, but a summary rewords;
    the copy keeps its exact edges instead of vanishing into one passage over the source."""
    far = [
        "Board members heard that silt levels in the northern channel have doubled since the last survey in 2019.",
        "Fishing crews say their boats now wait for high tide before they can leave the inner basin.",
        "Officials said talks with Dunmore had stalled over the question of who owns the outer breakwater.",
        "Insurance for the dredging fleet alone is expected to cost around two hundred thousand euros.",
    ]
    copied = " ".join([
        "The contract, worth 4.2 million euros, was awarded to a Dutch firm after a tender last spring.",
        "Work was due to start in March but has been delayed by a dispute over where the spoil should go.",
        "Environmental groups want the silt tested for heavy metals before it is dumped at sea.",
        "The board's engineer said early samples showed copper and zinc below the legal limits.",
    ])
    reworded = [
        "Silt levels in the northern channel have doubled since 2019, the board heard.",
        "Fishing boats now wait for high tide to leave the inner basin, crews say.",
        "Talks with Dunmore have stalled over who owns the outer breakwater, officials said.",
        "Insuring the dredging fleet is expected to cost about two hundred thousand euros.",
    ]
    source = " ".join([far[0], far[1], filler(1, 14), copied, filler(2, 14), far[2], far[3]])
    article = " ".join([filler(3, 3), reworded[0], reworded[1], copied, reworded[2], reworded[3], filler(4, 3)])
    passages = align_texts(source, article)
    exact = [p for p in passages if p.kind == "verbatim"]
    assert [(p.a_start, p.a_end, p.b_start, p.b_end) for p in exact] == [
        (source.index(copied), source.index(copied) + len(copied), article.index(copied), article.index(copied) + len(copied))
    ]
    assert all(p.a_end - p.a_start < len(source) / 2 for p in passages)  # no passage over the whole source


@pytest.mark.parametrize(
    ("condensed", "first_words"),
    [
        # one sentence condenses three neighbouring sentences of the report: the summary is
        # mostly one plain passage (82% of it), the rest drawing on a far part of the report,
        # still a summary, not a copy of three sentences with a stray seed (a copy's passage
        # explains 85% of the summary or more)
        pytest.param(
            [
                "Silt in the northern channel of Veyra harbour has doubled since 2019, the harbour board heard, "
                "and fishing crews now wait for high tide to leave the inner basin.",
                "A contract worth 4.2 million euros went to a Dutch firm after last spring's tender.",
                "Talks with Dunmore stalled over the outer breakwater.",
            ],
            "Silt in",
            id="one-long-paraphrased-sentence",
        ),
        # many short runs shared with the report (more than half the summary's words, none a
        # whole copied sentence): trimming to its runs would cut the report down to the
        # stretch from its first to its last run
        pytest.param(
            [
                "Silt levels in the channel have doubled since the last survey, board members were told.",
                "Early samples showed copper and zinc below the legal limits, yet a second round of tests will be carried out.",
                "Talks with Dunmore had stalled over the question of who owns the outer breakwater.",
            ],
            "Silt levels",
            id="short-shared-runs",
        ),
    ],
)
def test_summary_between_unrelated_news_condenses_the_whole_report(condensed: list[str], first_words: str) -> None:
    """A summary of the report between two unrelated items: its source side is the whole
    report, its own side the summary alone."""
    summary = " ".join([
        "The regional theatre announced a new season of plays opening in the autumn with three premieres.",
        *condensed,
        "The city's football club confirmed that its stadium roof will be repaired over the winter break.",
    ])
    (passage,) = align_texts(HARBOUR_REPORT, summary)
    assert (passage.a_start, passage.a_end) == (0, len(HARBOUR_REPORT))
    summarised = summary[passage.b_start : passage.b_end]
    assert summarised.startswith(first_words) and summarised.endswith("outer breakwater.")


def test_reworded_passage_leaves_out_web_lines_run_into_its_first_sentence() -> None:
    """A menu line without a full stop runs into the first sentence of the reused text on
    the source page: the reworded passage keeps its sentence edges, but not that line."""
    from dataclasses import replace

    a = "Home | Sports | Weather | Subscribe today\n" + ORIGINAL + " The end of the story."
    b = "Something else entirely first. " + REWORDED + " A different ending."
    (passage,) = align_texts(a, b)
    assert a[passage.a_start : passage.a_end] == ORIGINAL
    assert b[passage.b_start : passage.b_end] == REWORDED
    (carried,) = align_texts(a, b, replace(AlignSettings(), line_edges=False))
    assert a[carried.a_start : carried.a_end].startswith("Home | Sports")


def test_summary_made_of_echoes_of_a_copied_paragraph_is_no_summary() -> None:
    """Seeds of a summary-shaped group that pair it with source sentences a plain passage
    elsewhere already copies are echoes of that copy: the group is dropped; one whose seeds
    draw on what no copy holds stays a summary."""
    from copytrail.stages.align.extend import _echoes_copies, with_summaries
    from copytrail.stages.align.spans import Fragment
    from copytrail.stages.segment import segment

    copy = Fragment(10, 13, 0, 3, 0.95)
    summary = Fragment(0, 30, 20, 23, 0.3, summary=True)
    echo_seeds = [(0, 20), (11, 21), (12, 22), (30, 23)]  # half of them inside the copy's source
    fresh_seeds = [(0, 20), (5, 21), (20, 22), (30, 23)]
    assert _echoes_copies(summary, echo_seeds, [copy], 0.2)
    assert not _echoes_copies(summary, fresh_seeds, [copy], 0.2)
    assert not _echoes_copies(summary, echo_seeds, [copy], 0.0)  # the rule off
    # a copy inside the summary's own sentences is no other passage
    assert not _echoes_copies(summary, echo_seeds, [Fragment(10, 13, 21, 22, 0.95)], 0.2)
    b = segment(" ".join(f"Sentence number {i} of the article is here." for i in range(30)))
    assert with_summaries([copy], [summary], b, 0.85, echo_seeds, 0.2) == [copy]
    assert with_summaries([copy], [summary], b, 0.85, fresh_seeds, 0.2) == [copy, summary]


HARBOUR = [
    "The harbour authority of Port Ellery approved a plan on Tuesday to deepen the northern shipping "
    "channel by four metres. Officials said the dredging would let container vessels of up to fourteen "
    "thousand units call at the port for the first time. Work is expected to begin in the spring and to "
    "last about eighteen months.",
    "Fishermen who work the shallows near the channel mouth have objected to the schedule. Their "
    "cooperative says the spring start falls in the spawning season of the local flounder and will cloud "
    "the water for weeks. The authority answered that silt curtains would be placed around every dredger.",
    "Council records show the port lost two shipping lines to rival terminals last year. Cargo volumes "
    "fell by nearly a fifth, and the operator of the eastern quay cut forty jobs in November. A "
    "consultancy hired by the council warned that without deeper berths the decline would continue "
    "through the decade.",
    "The project will cost an estimated 210 million euros, two thirds of it borrowed against future "
    "harbour dues. A public hearing on the environmental assessment has been set for the third week of "
    "March at the town hall. Residents can submit written comments until the end of February.",
]
NO_GAP_RULE = replace(AlignSettings(), gap_sentences=0, gap_chars=0)


def _holds_dropped(source: str, passages: list, dropped: str) -> bool:
    start = source.index(dropped)
    return any(p.a_start < start + len(dropped) and start < p.a_end for p in passages)


@pytest.mark.parametrize("order", [(1, 3, 0), (0, 1, 3)], ids=["reordered", "in-order"])
def test_a_dropped_paragraph_splits_the_passage(order: tuple[int, ...]) -> None:
    """A copy of paragraphs 1, 2 and 4 (reordered, or not) never yields a passage whose
    source side holds paragraph 3, which the copy does not use: the passage is cut there,
    and each piece keeps exact edges on its own paragraphs."""
    source = "\n\n".join(HARBOUR)
    copy = "\n\n".join(HARBOUR[k] for k in order)
    dropped = HARBOUR[2]
    assert _holds_dropped(source, align_texts(source, copy, NO_GAP_RULE), dropped)  # what the rule fixes
    passages = align_texts(source, copy)
    assert len(passages) >= 2
    assert not _holds_dropped(source, passages, dropped)
    for p in passages:
        a_text, b_text = source[p.a_start : p.a_end], copy[p.b_start : p.b_end]
        assert a_text == b_text  # each piece pairs a stretch with its own copy
        assert dropped not in a_text
    copied = sorted(source.index(HARBOUR[k]) for k in order)
    covered = {i for p in passages for i in range(p.a_start, p.a_end)}
    for start, k in zip(copied, sorted(order), strict=True):
        # every copied paragraph is found, all but its first word or two
        assert len(covered & set(range(start, start + len(HARBOUR[k])))) >= len(HARBOUR[k]) - 8


def test_a_reworded_stretch_is_not_a_gap() -> None:
    """Unlinked sentences facing, in the same place, a stretch close to them in words are
    the same text reworded: the passage holds them and is not cut."""
    source = "\n\n".join(HARBOUR)
    reworded = (
        "Two carriers took their ships to rival ports last year, according to council files. "
        "Trade shrank sharply and the quay operator let forty people go. Paid advisers predicted "
        "years more of slump unless berths get deeper."
    )
    copy = "\n\n".join([HARBOUR[0], HARBOUR[1], reworded, HARBOUR[3]])
    (passage,) = align_texts(source, copy)
    assert passage.a_end - passage.a_start > len(source) - 10
    # the same stretch with the reworded test off is a gap, and cuts
    assert len(align_texts(source, copy, replace(AlignSettings(), gap_cosine=0.0))) == 2


TARIFFS = [
    "The regional water board said on Monday it would raise tariffs for industrial users by nine "
    "percent from July.",
    "Households will see no change this year, the board's chairwoman told reporters at a briefing in Lindau.",
    "Two breweries and a paper mill in the valley had warned in letters to the board that an increase of "
    "that size could force them to cut night shifts at their plants before the winter.",
    "The board last raised industrial tariffs in 2019, when a drought drained the upper reservoir to a "
    "record low.",
    "A spokesman for the paper mill declined to comment on whether the company would appeal against the decision.",
]


def test_a_reordered_copy_drops_a_single_sentence() -> None:
    """Where the copy's order runs backwards, one dropped sentence of 150 characters or more
    (under the 300 characters of an in-order gap) is enough to cut the passage."""
    source = " ".join(TARIFFS)
    copy = " ".join([TARIFFS[3], TARIFFS[4], TARIFFS[0], TARIFFS[1]])
    dropped = TARIFFS[2]
    assert _holds_dropped(source, align_texts(source, copy, replace(AlignSettings(), gap_reordered_chars=0)), dropped)
    passages = align_texts(source, copy)
    assert len(passages) == 2
    assert not _holds_dropped(source, passages, dropped)
    assert [source[p.a_start : p.a_end] for p in passages] == [
        " ".join(TARIFFS[3:5]),
        " ".join(TARIFFS[0:2]),
    ]


AGENCY_STORY = (
    "Port officials in Saltmarsh Cape said on Tuesday that the desalination plant would halt "
    "deliveries for six days after tests found boron above the national limit in two eastern "
    "reservoirs. The operator, Coastal Water Partners, said engineers were replacing a membrane "
    "stage and that bottled water would be handed out at four schools. Residents have complained "
    "about a metallic taste since June, and a petition calling for an independent inquiry has "
    "gathered more than two thousand signatures."
)
COPIED_SENTENCE = (
    "The operator, Coastal Water Partners, said its engineers were replacing a membrane stage and "
    "that bottled water would be handed out at four city schools."
)
PARTLY_DERIVED = (
    "Queues formed early outside the community hall on Harbour Road, where volunteers stacked "
    "crates under a striped awning and pensioners compared notes on the smell of their tap water. "
    f"{COPIED_SENTENCE} Shopkeepers on the waterfront said they had sold out of filters by noon, "
    "and one café owner chalked a sign promising coffee made with spring water only."
)
SAME_EVENT = (
    "Coastal Water Partners will stop supplying Saltmarsh Cape for almost a week. Boron readings "
    "in the eastern reservoirs came back too high, according to the port authority, and the "
    "company is changing part of its filtering line. Parents at four schools are to receive "
    "bottled water, while campaigners who have collected two thousand names want an inquiry "
    "that the company does not control."
)


def test_one_copied_sentence_in_a_partly_derived_story_is_linked() -> None:
    """A story that takes one sentence of agency copy (23 words, two changed) into its own text
    is linked by that sentence, as an edited close copy, though it is under ``min_words``."""
    (p,) = align_texts(AGENCY_STORY, PARTLY_DERIVED)
    assert p.kind == "edited" and p.score >= AlignSettings().close_score
    copied = PARTLY_DERIVED.index(COPIED_SENTENCE)
    # inside the copied sentence, to its last shared run ("... handed out at four")
    assert copied == p.b_start and p.b_end <= copied + len(COPIED_SENTENCE)
    assert p.b_end - p.b_start >= 0.9 * len(COPIED_SENTENCE)
    assert AGENCY_STORY[p.a_start : p.a_end].startswith("The operator, Coastal Water Partners")
    assert align_texts(AGENCY_STORY, PARTLY_DERIVED, AlignSettings(close_words=0)) == []


def test_a_story_of_the_same_event_with_no_shared_sentence_is_not_linked() -> None:
    """The hard negative: the same names, figures and facts in other words."""
    assert align_texts(AGENCY_STORY, SAME_EVENT) == []
    assert align_texts(AGENCY_STORY, SAME_EVENT, AlignSettings(min_words=10, close_words=10)) == []


def test_characters_of_unspaced_scripts_weigh_sentences_in_pairs() -> None:
    """Chinese is cut into characters (each a word, so offsets stay exact), but a sentence is
    weighed by pairs of neighbouring characters: two articles on one topic share most single
    characters.  A lone character between other words counts alone; other words are as before."""
    from copytrail.stages.align.prepare import _sentence_terms, prepare

    assert _sentence_terms(["保", "持", "距", "离"]) == {"保持": 1, "持距": 1, "距离": 1}
    assert _sentence_terms(["ferry", None, "港", "crossing", "港", "口"]) == {"ferry": 1, "港": 1, "crossing": 1, "港口": 1}
    english = prepare("The ferry service resumes next week; the ferry runs twice. The board said so.")
    from collections import Counter

    by_stem = [dict(Counter(k for k in english.stems[s.first : s.last] if k is not None)) for s in english.seg.sentences]
    assert english.profile.terms == by_stem and by_stem[0]["ferry"] == 2  # each stem once per use
    chinese = prepare("市政府周一宣布新的供水计划。居民要求公开水质报告。")
    assert chinese.profile.terms[1] == {"居民": 1, "民要": 1, "要求": 1, "求公": 1, "公开": 1, "开水": 1, "水质": 1, "质报": 1, "报告": 1}
    assert [len(s) for s in chinese.seg.norms] == [1] * len(chinese.seg.norms)  # words are still single characters


WIRE_REPORT = (
    "Inspectors from the regional water board visited the Saltmarsh Cape plant on Monday and "
    "took samples from every filtering stage for an independent laboratory in Orlen. "
    "The board's chair said the results would be published in full within three weeks, "
    "and no household would be billed. "
    "A spokesman for the operator declined to comment on the visit. "
    "Engineers expect the new membrane stage to be tested before the end of the month, "
    "when deliveries should resume in stages."
)
FIRST_TAKEN, SECOND_TAKEN = (
    "The board's chair said the results would be published in full within three weeks, "
    "and no household would be billed.",
    "Engineers expect the new membrane stage to be tested before the end of the month, "
    "when deliveries should resume in stages.",
)
TWO_SENTENCES_TAKEN = (
    "At the harbour market on Saturday, stallholders boiled kettles of bottled water and "
    f"argued about who should pay for the lost trade. {FIRST_TAKEN} Fishermen said the smell "
    "from the outflow pipe had faded since the weekend, though few trusted it. A teacher at "
    "the primary school on Quay Street said pupils now bring flasks from home every morning. "
    "The parish council has asked for a public meeting before the next rates are set. "
    f"{SECOND_TAKEN} Until then the queues at the community hall are expected to grow."
)


def test_two_copied_sentences_apart_are_two_close_copies() -> None:
    """Two sentences of one report (each under ``min_words``) taken into a story at two places,
    three sentences of its own between them: one fragment joins them and that gap cuts it;
    each piece is a verbatim close copy and is kept, as it would be alone (both were dropped
    as pieces under ``min_words``)."""
    passages = align_texts(WIRE_REPORT, TWO_SENTENCES_TAKEN)
    assert [(p.kind, TWO_SENTENCES_TAKEN[p.b_start : p.b_end]) for p in passages] == [
        ("verbatim", FIRST_TAKEN), ("verbatim", SECOND_TAKEN),
    ]
    assert [WIRE_REPORT[p.a_start : p.a_end] for p in passages] == [FIRST_TAKEN, SECOND_TAKEN]
    assert all(AlignSettings().close_words <= len(tokenize(t)) < AlignSettings().min_words for t in (FIRST_TAKEN, SECOND_TAKEN))


# A journalist's rewrite (our own text): the source's first sentence split in two, the others
# restated; only one sentence pair is close enough to seed on its own.
_STRIKE = (
    "Los estibadores del puerto de Valdemar iniciaron el lunes una huelga indefinida para exigir la "
    "renovación de su convenio colectivo, que caducó hace catorce meses. Según el sindicato mayoritario, "
    "el paro afecta a unos 2.300 trabajadores y ha dejado inmovilizados más de cuarenta buques en la bahía. "
    "La autoridad portuaria calcula que cada día de huelga supone pérdidas cercanas a los 6 millones de "
    "euros para las empresas exportadoras de la región."
)
_STRIKE_REWRITTEN = (
    "Más de cuarenta barcos permanecen bloqueados en la bahía de Valdemar desde que los estibadores "
    "comenzaron el lunes un paro indefinido. Los trabajadores reclaman que se renueve el convenio colectivo, "
    "vencido desde hace catorce meses. El sindicato con más afiliados cifra en alrededor de 2.300 los "
    "empleados que secundan la protesta. Las pérdidas para los exportadores de la región rondan los 6 "
    "millones de euros por cada jornada de huelga, de acuerdo con las estimaciones de la autoridad portuaria."
)


def test_a_sentence_split_in_two_seeds_with_both_halves() -> None:
    from copytrail.stages.align import prepare, seed_pairs

    a, b = prepare(_STRIKE), prepare(_STRIKE_REWRITTEN)
    seeds, _, _ = seed_pairs(a, b, AlignSettings())
    unsplit, _, _ = seed_pairs(a, b, AlignSettings(split_seeds=False))
    assert (0, 0) in seeds and (0, 1) in seeds  # the first sentence, split over the rewrite's first two
    assert (0, 0) not in unsplit  # the half that restates the least
    passages = align_texts(_STRIKE, _STRIKE_REWRITTEN)
    assert passages and passages[0].a_start == 0 and passages[0].b_start == 0
    assert passages[0].kind == "paraphrase"
    # without the split, the rewrite's opening sentence (the first half) is left out
    (unsplit_passage,) = align_texts(_STRIKE, _STRIKE_REWRITTEN, AlignSettings(split_seeds=False))
    assert unsplit_passage.b_start == _STRIKE_REWRITTEN.index("Los trabajadores")



_STRIKE_MEDIATION = (
    " El Ministerio de Trabajo ha convocado a ambas partes a una reunión de mediación el jueves, aunque los "
    "representantes de los trabajadores advierten de que no aceptarán una subida salarial inferior al 4 %."
)
_STRIKE_MEDIATION_REWRITTEN = (
    " Trabajo ha citado a patronal y sindicatos el jueves para intentar una mediación, pero los estibadores "
    "avisan de que rechazarán cualquier aumento de sueldo por debajo del 4 %."
)
STRIKE_STORY, STRIKE_REWRITE = _STRIKE + _STRIKE_MEDIATION, _STRIKE_REWRITTEN + _STRIKE_MEDIATION_REWRITTEN


def test_a_short_rewrite_is_linked_whole_when_shared_words_count_once() -> None:
    """A four-sentence story and a newspaper's rewrite of it (restated, reordered): each
    restated sentence seeds when a word both texts hold counts once in the pair's sentence
    frequency (``shared_once``); counted twice, the shared words weigh less than the words the
    rewrite left out, and the closing sentence, restated furthest, is left out.  Words a corpus
    holds in many documents (``common_stems``) count twice even so."""
    from copytrail.stages.align import prepare

    story, rewrite = STRIKE_STORY, STRIKE_REWRITE
    (passage,) = align_texts(story, rewrite, AlignSettings(shared_once=True))
    assert (passage.a_start, passage.b_start) == (0, 0)
    assert passage.a_end >= len(story) - 3 and passage.b_end >= len(rewrite) - 3
    assert passage.kind == "paraphrase"
    counted_twice = align_texts(story, rewrite, AlignSettings(shared_once=False))
    assert counted_twice and all(p.a_end <= story.index(" El Ministerio") for p in counted_twice)
    every_stem = frozenset(prepare(story).profile.df.keys() | prepare(rewrite).profile.df.keys())
    assert align_texts(story, rewrite, AlignSettings(shared_once=True, common_stems=every_stem)) == counted_twice


def test_the_recorded_fingerprint_names_shared_once_only_when_on_and_never_the_corpus() -> None:
    """Off, the fingerprint is the one recorded before the knob existed (no store realigned
    for it); on, it names the knob and its thresholds (stores realign); the corpus's common
    stems, which every scan reads again, are never in it."""
    from copytrail.settings import ScanSettings

    off = ScanSettings(align=AlignSettings(shared_once=False)).fingerprints()["align"]
    assert "shared_once" not in off and "common" not in off and '"seed_cosine": 0.33' in off
    on = ScanSettings(align=AlignSettings(shared_once=True)).fingerprints()["align"]
    assert '"shared_once": true' in on and '"common_share": 0.01' in on
    corpus = ScanSettings(align=AlignSettings(shared_once=True, common_stems=frozenset({"harbo", "counc"})))
    assert corpus.fingerprints()["align"] == on

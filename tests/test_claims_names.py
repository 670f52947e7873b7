"""Claims: a number that is part of a name is no figure (COVID-19, SARS-CoV-2, F-16, G-20, a
bond rated Baa-2, the money supply M-1, Persian کووید-19), while figures and years written with
a hyphen stay figures (mid-2020, a one-for-50 split, 1 million-2 million people)."""

from __future__ import annotations

import pytest

from copytrail.stages.claims import extract_claims


def _figures(text: str) -> list[str]:
    return [c.surface for c in extract_claims(text, "d")]


@pytest.mark.parametrize(
    "text",
    [
        "Cases of COVID-19 were reported in the city on Monday by the health office.",
        "The SARS-CoV-2 virus spread across the region during the winter months of the outbreak.",
        "The air force flew its F-16 jets over the capital while the G-20 leaders met there.",
        "Moody's said the issue is rated Baa-2 and the notes A-1, and the M-1 money supply fell.",
        "پژوهش محدودی شامل مادران آلوده به کووید-19 نشان داد که نوزادان بیمار نشدند.",
        "Эпидемия COVID-19 закрыла школы по всей стране в прошлом месяце, сообщили власти.",
    ],
)
def test_a_number_inside_a_name_is_no_figure(text: str) -> None:
    assert _figures(text) == []


def test_figures_beside_names_are_kept() -> None:
    text = "In mid-2020 the G-20 said COVID-19 had cost 1.5 million-2 million jobs and a one-for-50 split followed."
    figures = _figures(text)
    assert "2020" in figures and "50" in figures
    assert any(f.startswith("2 million") for f in figures)
    assert not any(f in ("19", "20") for f in figures)


def test_a_persian_figure_beside_a_name_keeps_its_unit() -> None:
    text = "بیماران مبتلا به کووید-19 باید حداقل 10 روز پس از ترخیص از بیمارستان دارو دریافت کنند."
    (claim,) = extract_claims(text, "d")
    assert (claim.surface, claim.unit) == ("10", "روز")


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("شمار قربانیان به 300 که در شهر بودند رسید و 12 روز طول کشید.", [None, "روز"]),
        ("شمار قربانیان به 300 كه در شهر بودند رسيد و 12 روز طول كشيد.", [None, "روز"]),  # Arabic kaf and yeh
        ("قتل 300 في المدينة و 12 يوما من الحصار المستمر.", [None, "يوما"]),
        ("اس حادثے میں 300 کے قریب لوگ زخمی ہوئے اور 12 دن تک علاج ہوا۔", [None, "دن"]),
        ("Заболевших было 300 было, и ещё 40 человек умерли за неделю.", [None, "человек"]),
        ("Murieron 300 en la ciudad y 40 personas más resultaron heridas.", [None, "personas"]),
    ],
)
def test_a_function_word_after_a_figure_is_not_its_unit(text: str, units: list[str | None]) -> None:
    assert [c.unit for c in extract_claims(text, "d") if c.kind != "date"] == units

"""A Russian translation in the sample corpus: two paragraphs of the English derby report
(``coastalherald-mariners-derby.txt``) rendered in Russian inside an otherwise different
article, ``severnyi-vestnik-derbi-ru.txt``: ``translated`` (found only by cross-lingual
alignment, ``copytrail scan --cross-lingual``).

Original writing for the copytrail project, like the rest of the corpus (every club and
person fictional).  Imported by ``build_sample_corpus.py``.  ``EN_P3`` and ``EN_P4`` repeat
two paragraphs of the derby report as that script writes them; ``check_truth.py`` fails if
they ever stop occurring there word for word.
"""

from __future__ import annotations

NAME = "severnyi-vestnik-derbi-ru.txt"
SOURCE = "coastalherald-mariners-derby.txt"

EN_P3 = (
    "Mariners manager Elise Trant made two changes at half-time and the effect was immediate. "
    "Substitute Rui Calloway pulled one back within five minutes of the restart, and captain Owen "
    "Hale levelled from the penalty spot on the hour after a handball in the area."
)
EN_P4 = (
    "The winner came deep in stoppage time. Calloway's low cross from the left was turned in at the "
    "near post by 19-year-old Sam Ostrowski, his first goal for the club."
)
RU_INTRO = "Северный вестник: в субботу на стадионе у набережной снова было тесно от болельщиков."
RU_P3 = (
    "Главный тренер «Маринерс» Элиза Трант провела в перерыве две замены, и это сразу принесло "
    "результат. Вышедший на замену Руи Кэллоуэй отыграл один мяч в первые пять минут после "
    "перерыва, а капитан Оуэн Хейл на шестидесятой минуте сравнял счёт с пенальти, назначенного за "
    "игру рукой в штрафной."
)
RU_P4 = (
    "Победный мяч был забит уже в компенсированное время. После низкого прострела Кэллоуэя с левого "
    "фланга 19-летний Сэм Островски замкнул передачу у ближней штанги — это его первый гол за клуб."
)
RU_END = "Редакция благодарит читателей, которые прислали нам фотографии с трибун."


def files(txt_doc) -> dict[str, str]:  # noqa: ANN001 - build_sample_corpus's txt_doc
    """The translated article."""
    return {NAME: txt_doc("Спортивная суббота в Порт-Вейре", [RU_INTRO, RU_P3, RU_P4, RU_END])}


def reuse(r) -> list[dict]:  # noqa: ANN001 - build_truth's r
    """Its truth rows, made with ``build_truth``'s ``r``."""
    return [
        r(SOURCE, NAME, "translated", EN_P3, RU_P3, "E", source_language="en", target_language="ru"),
        r(SOURCE, NAME, "translated", EN_P4, RU_P4, "E", source_language="en", target_language="ru"),
    ]

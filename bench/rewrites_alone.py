"""Two texts of one language compared alone, one a journalist's rewrite of the other (every
sentence restated): does ``copytrail compare --semantic`` find it, and does it link texts that
only share a topic?

    .venv/bin/python bench/rewrites_alone.py [--others 3000] [--out bench/rewrites_alone.json]

- **rewrites**: news paragraphs written for this benchmark with a rewrite of each, in English,
  Russian, Spanish, French and German (our own writing): the facts kept, the words and the
  order of clauses changed, as an outlet rewrites agency copy.  Each pair is judged bare and
  with both texts inside an unrelated article of the cross-lingual development set
  (``../shared/data/xling-dev``) of their language where it has one (the rewrite then a part of
  a longer text);
- **Clough-Stevenson** (``../shared/data/clough_stevenson``, never tuned on): each answer
  against its task's Wikipedia article: ``heavy`` revisions are rewrites, ``non`` answers were
  written without the article (the hard negatives: one topic, no reuse);
- **others**: ``--others`` random pairs of xling-dev articles in one language that share no
  labelled case (all on one topic, COVID-19): any passage is a false link;
- **same story** (``--same-story N``): BBC stories of one section naming three or more of the
  same people or places, the judge's additions listed to read by hand.

For each, what the lexical aligner finds (``compare``), and what ``compare --semantic`` adds
with the multilingual rewrite judge (``stages.crosslingual.rewritten_passages``); the English
semantic layer (MiniLM) is left out here, so the figures are the judge's own.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpora import unpack  # noqa: E402
from xling_pairs_alone import MemoryKeeper, xling_set  # noqa: E402

# (language, original, rewrite): our own writing
REWRITES: list[tuple[str, str, str]] = [
    (
        "en",
        "The regional water authority announced on Monday that household tariffs will rise by eighteen percent from the first day of next month. Officials blamed the increase on the cost of repairing pipes damaged during last winter's floods. Consumer groups said the decision was taken without any public consultation and promised to challenge it in court. The authority's director rejected the criticism, saying that without new revenue the network would collapse within five years.",
        "Households across the region will pay 18% more for water from the start of next month, the local water board said on Monday. The board said the money is needed to fix pipelines that were wrecked by flooding last winter. Consumer organisations are angry that the rise was approved without asking the public, and plan to fight it in the courts. The board's head brushed off the complaints: unless extra funds are found, he warned, the system will simply fall apart in five years.",
    ),
    (
        "ru",
        "Региональное управление водоснабжения объявило в понедельник, что тарифы для населения вырастут на восемнадцать процентов с первого числа следующего месяца. Чиновники объяснили повышение расходами на ремонт труб, повреждённых во время наводнений прошлой зимой. Общества защиты прав потребителей заявили, что решение было принято без какого-либо общественного обсуждения, и пообещали оспорить его в суде. Директор управления отверг критику, заявив, что без новых доходов сеть развалится в течение пяти лет.",
        "С первого числа следующего месяца жителям региона придётся платить за воду на 18% больше: об этом в понедельник сообщило местное управление водоснабжения. Как пояснили в ведомстве, деньги нужны на восстановление трубопроводов, которые пострадали от прошлогоднего зимнего паводка. Потребительские организации возмущены тем, что повышение утвердили, не посоветовавшись с общественностью, и намерены обжаловать его в судебном порядке. Глава управления с критикой не согласился: по его словам, если не найти дополнительных средств, через пять лет система просто рухнет.",
    ),
    (
        "es",
        "La autoridad regional del agua anunció el lunes que las tarifas domésticas subirán un dieciocho por ciento a partir del primer día del próximo mes. Los responsables atribuyeron el aumento al coste de reparar las tuberías dañadas durante las inundaciones del invierno pasado. Las asociaciones de consumidores afirmaron que la decisión se tomó sin ninguna consulta pública y prometieron recurrirla ante los tribunales. El director de la autoridad rechazó las críticas y dijo que, sin nuevos ingresos, la red se derrumbaría en cinco años.",
        "Los hogares de la región pagarán un 18% más por el agua desde el día uno del mes que viene, según informó este lunes la autoridad regional. El organismo justificó la subida por lo que cuesta arreglar las cañerías que resultaron dañadas por las riadas del pasado invierno. Los colectivos de consumidores denunciaron que la medida se aprobó sin consultar a la ciudadanía y anunciaron que la llevarán a los tribunales. Su director defendió la decisión: sin ingresos adicionales, advirtió, la red colapsaría en un plazo de cinco años.",
    ),
    (
        "en",
        "A fire at a warehouse on the edge of the harbour destroyed about four hundred tonnes of grain on Thursday night. Firefighters needed six hours to bring the blaze under control, and nobody was hurt. The owner said the building had been inspected only a month ago and that the cause was still unknown. Local farmers fear that the loss will push up feed prices before the winter.",
        "Some 400 tonnes of grain went up in flames overnight on Thursday when a storage building by the port caught fire. It took fire crews six hours to contain it; there were no injuries. According to the owner, inspectors had checked the site just four weeks earlier, and no one yet knows what started the fire. Farmers in the area worry that animal feed will become more expensive as winter approaches.",
    ),
    (
        "ru",
        "В ночь на четверг пожар на складе у края гавани уничтожил около четырёхсот тонн зерна. Пожарным понадобилось шесть часов, чтобы справиться с огнём; никто не пострадал. Владелец склада сообщил, что здание проверяли всего месяц назад, а причина пожара пока неизвестна. Местные фермеры опасаются, что из-за потерь корма подорожают ещё до зимы.",
        "Около 400 тонн зерна сгорело в четверг ночью, когда загорелось складское помещение возле порта. Огонь удалось локализовать лишь через шесть часов, пострадавших нет. По словам хозяина, инспекция осматривала здание буквально четыре недели назад, и что стало причиной возгорания, до сих пор не ясно. Фермеры округа боятся, что к зиме цены на корм для скота пойдут вверх.",
    ),
    (
        "es",
        "Un incendio en un almacén situado junto al puerto destruyó el jueves por la noche unas cuatrocientas toneladas de grano. Los bomberos necesitaron seis horas para controlar las llamas y no hubo heridos. El propietario explicó que el edificio había sido inspeccionado hace apenas un mes y que todavía se desconoce la causa. Los agricultores de la zona temen que la pérdida encarezca el pienso antes del invierno.",
        "Cerca de 400 toneladas de grano quedaron reducidas a cenizas la noche del jueves al arder una nave de almacenamiento próxima al puerto. Los equipos de extinción tardaron seis horas en contener el fuego, que no dejó víctimas. Según el dueño, los inspectores revisaron las instalaciones hace solo cuatro semanas, y aún no se sabe qué originó el incendio. En la comarca, los ganaderos se temen que el forraje suba de precio con la llegada del frío.",
    ),
    (
        "fr",
        "Un incendie dans un entrepôt situé en bordure du port a détruit jeudi soir environ quatre cents tonnes de céréales. Les pompiers ont mis six heures à maîtriser les flammes et personne n'a été blessé. Le propriétaire a indiqué que le bâtiment avait été inspecté il y a un mois seulement et que la cause restait inconnue. Les agriculteurs de la région craignent que cette perte ne fasse grimper le prix des aliments pour bétail avant l'hiver.",
        "Près de 400 tonnes de grain sont parties en fumée dans la nuit de jeudi, lorsqu'un bâtiment de stockage proche du port a pris feu. Il a fallu six heures aux secours pour circonscrire le sinistre, qui n'a fait aucune victime. D'après son propriétaire, le site avait été contrôlé quatre semaines plus tôt à peine, et l'origine du feu n'est toujours pas connue. Dans les environs, les éleveurs redoutent une hausse du coût du fourrage à l'approche de l'hiver.",
    ),
    (
        "de",
        "Ein Brand in einer Lagerhalle am Rand des Hafens hat am Donnerstagabend rund vierhundert Tonnen Getreide vernichtet. Die Feuerwehr brauchte sechs Stunden, um das Feuer unter Kontrolle zu bringen; verletzt wurde niemand. Der Eigentümer sagte, das Gebäude sei erst vor einem Monat geprüft worden, die Ursache sei noch unklar. Landwirte aus der Gegend befürchten, dass der Verlust die Futterpreise noch vor dem Winter steigen lässt.",
        "Etwa 400 Tonnen Getreide sind in der Nacht zum Freitag in Flammen aufgegangen, als ein Speicher nahe dem Hafen Feuer fing. Erst nach sechs Stunden hatten die Einsatzkräfte den Brand eingedämmt, Verletzte gab es keine. Nach Angaben des Besitzers hatten Prüfer die Anlage gerade einmal vier Wochen zuvor begutachtet; was den Brand auslöste, weiß bislang niemand. Bauern in der Region rechnen damit, dass Tierfutter zum Winter hin teurer wird.",
    ),
    (
        "en",
        "The city council voted on Wednesday to close the old market hall for two years while its roof is rebuilt. Around sixty traders will move to temporary stalls in the square next to the railway station. The work is expected to cost nine million euros, a third of it paid by a national heritage fund. Several traders said they had not been told where they would store their goods.",
        "Councillors decided on Wednesday that the historic market hall will shut for a couple of years so that its roof can be replaced. In the meantime, some 60 stallholders are being relocated to makeshift stands on the square beside the train station. The project is budgeted at €9 million, with one third coming from a national fund for historic buildings. A number of stallholders complained that nobody had explained where their stock would be kept.",
    ),
    (
        "fr",
        "Le conseil municipal a voté mercredi la fermeture de l'ancienne halle du marché pendant deux ans, le temps de reconstruire sa toiture. Une soixantaine de commerçants seront installés dans des étals provisoires sur la place voisine de la gare. Les travaux devraient coûter neuf millions d'euros, dont un tiers financé par un fonds national du patrimoine. Plusieurs commerçants ont affirmé qu'on ne leur avait pas dit où ils pourraient entreposer leurs marchandises.",
        "Les élus ont décidé mercredi que la vieille halle resterait fermée deux années, le temps de refaire entièrement son toit. D'ici là, quelque 60 marchands vont déménager sur des stands de fortune installés place de la Gare. Le chantier est estimé à 9 millions d'euros, financés pour un tiers par un fonds national dédié aux monuments historiques. Certains marchands se plaignent de n'avoir reçu aucune explication sur l'endroit où stocker leur marchandise.",
    ),
    (
        "de",
        "Der Stadtrat hat am Mittwoch beschlossen, die alte Markthalle für zwei Jahre zu schließen, während ihr Dach neu gebaut wird. Rund sechzig Händler ziehen in provisorische Stände auf dem Platz neben dem Bahnhof. Die Arbeiten sollen neun Millionen Euro kosten, ein Drittel davon zahlt ein nationaler Denkmalfonds. Mehrere Händler sagten, man habe ihnen nicht mitgeteilt, wo sie ihre Waren lagern sollen.",
        "Die historische Markthalle macht für zwei Jahre dicht: Der Stadtrat stimmte am Mittwoch dafür, damit das Dach erneuert werden kann. Bis dahin weichen etwa 60 Marktbeschicker auf Behelfsstände am Bahnhofsplatz aus. Veranschlagt sind 9 Millionen Euro, wovon ein Drittel aus einem bundesweiten Fonds für Baudenkmäler kommt. Einige Beschicker klagten, niemand habe ihnen erklärt, wo sie künftig ihre Ware unterbringen sollen.",
    ),
    (
        "es",
        "El ayuntamiento aprobó el miércoles cerrar el antiguo mercado municipal durante dos años mientras se reconstruye su tejado. Unos sesenta comerciantes se trasladarán a puestos provisionales en la plaza situada junto a la estación de tren. Las obras costarán nueve millones de euros, un tercio de los cuales aportará un fondo nacional de patrimonio. Varios comerciantes dijeron que nadie les había explicado dónde podrán guardar su mercancía.",
        "El viejo mercado cerrará sus puertas dos años para sustituir la cubierta, según acordó el pleno municipal este miércoles. Mientras tanto, alrededor de 60 placeros ocuparán casetas provisionales en la plaza de la estación. La actuación tiene un presupuesto de 9 millones de euros, financiado en un tercio por un fondo estatal para edificios históricos. Algunos placeros se quejaron de que nadie les ha dicho dónde almacenar el género.",
    ),
]


def judge(a: str, b: str, keeper: MemoryKeeper) -> tuple[bool, list[tuple]]:
    """Whether the lexical aligner links the two texts, and the passages the rewrite judge
    adds outside the lexical ones (``compare --semantic`` without the English model)."""
    from copytrail.stages.align import align_texts
    from copytrail.stages.crosslingual import CrossLingualSettings, rewritten_passages
    from copytrail.stages.crosslingual.pair import overlaps

    lexical = [(q.a_start, q.a_end, q.b_start, q.b_end) for q in align_texts(a, b)]
    added = [p for p in rewritten_passages(a, b, CrossLingualSettings(enabled=True), keeper) if not any(overlaps(p, q) for q in lexical)]
    return bool(lexical), added


def random_pairs(count: int, draw: Callable[[], list[str]], wanted: Callable[[str, str], bool]) -> set[tuple[str, str]]:
    """``count`` distinct pairs (sorted) of what ``draw`` draws that are ``wanted``."""
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < count:
        a, b = draw()
        if wanted(a, b):
            pairs.add((min(a, b), max(a, b)))
    return pairs


def judge_pairs(pairs: set[tuple[str, str]], text: dict[str, str], keeper: MemoryKeeper) -> tuple[int, dict[tuple[str, str], list[tuple]]]:
    """How many of ``pairs`` the lexical aligner links, and the rewrite judge's additions."""
    lexical, added = 0, {}
    for a, b in sorted(pairs):
        linked, more = judge(text[a], text[b], keeper)
        lexical += linked
        if more:
            added[(a, b)] = more
    return lexical, added


def _inside(host: str, paragraph: str) -> str:
    parts = host.strip().split("\n\n")
    middle = max(1, len(parts) // 2)
    return "\n\n".join(parts[:middle] + [paragraph] + parts[middle:]) + "\n"


def scan_corpus(
    root: Path, language: dict[str, str], related: set[frozenset[str]], hosts: dict[str, list[str]], semantic: bool, crosslingual: bool = False
) -> dict[str, Any]:
    """Every xling-dev article, plus each rewrite pair inside two unused articles of its
    language (or bare where the set has none), scanned as a user would (``copytrail scan``,
    ``--semantic`` or not, ``--cross-lingual`` or not, claims off); what it links."""
    import tempfile

    from copytrail.engines.local import scan
    from copytrail.settings import (
        ClaimsSettings,
        CrossLingualSettings,
        ScanSettings,
        SemanticSettings,
    )
    from copytrail.store import open_store

    used: set[str] = set()
    planted: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        free = {lang: list(names) for lang, names in hosts.items()}
        for k, (lang, original, rewrite) in enumerate(REWRITES):
            names = (f"rewrite-{k}-a-{lang}.txt", f"rewrite-{k}-b-{lang}.txt")
            for name, text in zip(names, (original, rewrite), strict=True):
                host = free.get(lang, []).pop(0) if len(free.get(lang, [])) >= 1 else None
                used.add(host or "")
                (corpus / name).write_text(_inside((root / "docs" / host).read_text(encoding="utf-8"), text) if host else text, encoding="utf-8")
            planted.append(names)
        for name in language:
            if name not in used:
                (corpus / name).write_text((root / "docs" / name).read_text(encoding="utf-8"), encoding="utf-8")
        settings = ScanSettings(
            semantic=SemanticSettings(enabled=semantic), crosslingual=CrossLingualSettings(enabled=crosslingual), claims=ClaimsSettings(enabled=False)
        )
        started = time.perf_counter()
        with open_store(Path(folder) / "store.duckdb") as store:
            scan([corpus], store, settings)
            rows = store.query("SELECT s.path AS a, t.path AS b, l.kind FROM alignments l JOIN documents s ON l.source_doc = s.id JOIN documents t ON l.target_doc = t.id")
        seconds = time.perf_counter() - started
    linked = {frozenset((Path(r["a"]).name, Path(r["b"]).name)) for r in rows}
    expected = related | {frozenset(p) for p in planted}
    false_pairs = sorted("~".join(sorted(pair)) for pair in linked - expected)
    return {
        "semantic": semantic,
        "crosslingual": crosslingual,
        "rewrite_pairs": len(planted),
        "rewrites_linked": sum(frozenset(p) in linked for p in planted),
        "missed": [p[0][:-9] for p in planted if frozenset(p) not in linked],
        "unlabelled_links": false_pairs,
        "seconds": round(seconds, 1),
    }


def same_story_pairs(count: int, keeper: MemoryKeeper) -> dict[str, Any]:
    """BBC stories of one section that name the same three people or places or more (one
    story told again, or two on one event: the hard negatives of a rewrite judge), ``count``
    random pairs (seed 0) compared alone; what the judge adds, with its passages to read."""
    import re

    from corpora import bbc


    stories = list(bbc())
    text = {s["id"]: s["text"] for s in stories}
    names = {s["id"]: set(re.findall(r"\b[A-Z][a-z]{3,}\b", s["text"])) for s in stories}
    sections: dict[str, list[str]] = {}
    for s in stories:
        sections.setdefault(s["id"].split("-")[1], []).append(s["id"])
    rng = random.Random(0)
    pairs = random_pairs(
        count,
        lambda: rng.sample(sections[rng.choice(sorted(sections))], 2),
        lambda a, b: len(names[a] & names[b]) >= 3 and text[a][:200] != text[b][:200],
    )
    lexical, added = judge_pairs(pairs, text, keeper)
    shown = [{"pair": [a, b], "passages": [[text[a][p[0] : p[1]], text[b][p[2] : p[3]]] for p in passages]} for (a, b), passages in added.items()]
    return {"pairs": len(pairs), "lexical": lexical, "added_by_rewrites": len(added), "added": shown}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--others", type=int, default=3000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--same-story", type=int, default=0, help="Also compare this many BBC pairs naming the same people and places.")
    parser.add_argument(
        "--scan", action="store_true", help="Also scan xling-dev with the rewrites inside its articles: lexically, --semantic, and --semantic --cross-lingual."
    )
    args = parser.parse_args()
    keeper = MemoryKeeper()
    started = time.perf_counter()
    root = unpack("xling-dev")
    language, text, _cases, related = xling_set(root)
    involved = {name for pair in related for name in pair}
    hosts = {lang: sorted(n for n in language if language[n] == lang and n not in involved) for lang in set(language.values())}
    result: dict[str, Any] = {"rewrites": {}, "clough": {}, "others": {}}
    for k, (lang, original, rewrite) in enumerate(REWRITES):
        cells = {"bare": judge(original, rewrite, keeper)}
        if len(hosts.get(lang, [])) >= 2:
            a_host, b_host = hosts[lang][(2 * k) % len(hosts[lang])], hosts[lang][(2 * k + 1) % len(hosts[lang])]
            cells["in articles"] = judge(_inside(text[a_host], original), _inside(text[b_host], rewrite), keeper)
        for where, (lexical, added) in cells.items():
            cell = result["rewrites"].setdefault(where, {"pairs": 0, "lexical": 0, "with_rewrites": 0, "missed": []})
            cell["pairs"] += 1
            cell["lexical"] += lexical
            cell["with_rewrites"] += bool(lexical or added)
            if not (lexical or added):
                cell["missed"].append(f"{lang}-{k}")
    clough = unpack("clough_stevenson")
    with open(clough / "file_information.csv", encoding="utf-8-sig") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Category"].strip() != "orig"]
    for row in rows:
        answer = (clough / row["File"]).read_text(encoding="utf-8", errors="replace")
        article = (clough / f"orig_task{row['Task'].strip()}.txt").read_text(encoding="utf-8", errors="replace")
        lexical, more = judge(article, answer, keeper)
        added = bool(more)
        cell = result["clough"].setdefault(row["Category"].strip(), {"answers": 0, "lexical": 0, "with_rewrites": 0})
        cell["answers"] += 1
        cell["lexical"] += lexical
        cell["with_rewrites"] += lexical or added
    rng = random.Random(0)
    names = sorted(language)

    def unrelated(a: str, b: str) -> bool:
        return language[a] == language[b] and frozenset((a, b)) not in related

    possible = sum(1 for i, x in enumerate(names) for y in names[i + 1 :] if unrelated(x, y))
    others = random_pairs(min(args.others, possible), lambda: rng.sample(names, 2), unrelated)
    linked, added = judge_pairs(others, text, keeper)
    result["others"] = {"pairs": len(others), "lexical": linked, "added_by_rewrites": len(added), "added_pairs": [f"{a}~{b}" for a, b in added]}
    if args.same_story:
        result["same_story"] = same_story_pairs(args.same_story, keeper)
    if args.scan:
        result["scan"] = [scan_corpus(root, language, related, hosts, semantic, crosslingual) for semantic, crosslingual in ((False, False), (True, False), (True, True))]
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.out:
        payload = {"command": ["python", *sys.argv], "machine": {"platform": platform.platform(), "python": platform.python_version()}, **result}
        args.out.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

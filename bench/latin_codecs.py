"""Latin-script text in the legacy codecs of its language, no charset declared: is it read as
written?  Paragraphs of our own writing in Turkish (cp1254), Lithuanian, Latvian, Estonian
(cp1257), Polish, Czech, Romanian (cp1250), Polish, Czech, Hungarian (ISO-8859-2), French,
German, Spanish, Portuguese, Swedish as old Macintosh (Mac Roman) and DOS (cp850) files, and
French, Spanish, German, Icelandic (cp1252); then ``--salads`` random lists of accented words of
several cp1252 languages (French, Spanish, Portuguese, Italian, German, Danish, Icelandic),
``--test-lists`` lists of the words of the suite's property test (``tests/test_ingest.py``) and
``--english`` English sentences with one to eight of those words inserted: how many are read
as anything but cp1252 (each a false switch); and the time ``decode_bytes`` takes for a 3 KB
file of French and of Turkish.

    .venv/bin/python bench/latin_codecs.py [--salads 4000] [--out FILE]
    PYTHONPATH=<older tree>/src .venv/bin/python bench/latin_codecs.py
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

PARAGRAPHS = [
    ("tr", "cp1254", "Belediye meclisi salı günü yapılan toplantıda, şehrin doğusundaki eski liman bölgesinin yeniden düzenlenmesine ilişkin projeyi oybirliğiyle kabul etti. Projenin maliyetinin yaklaşık iki yüz milyon lira olacağı açıklandı. Çalışmaların ağustos ayında başlaması bekleniyor."),
    ("lt", "cp1257", "Savivaldybės taryba antradienį vienbalsiai pritarė senojo uosto teritorijos pertvarkymo projektui. Projekto vertė siekia apie du šimtus milijonų eurų, o darbai turėtų prasidėti rugpjūčio mėnesį."),
    ("lv", "cp1257", "Pilsētas dome otrdien vienbalsīgi apstiprināja vecās ostas teritorijas pārbūves projektu. Projekta izmaksas sasniegs aptuveni divus simtus miljonu eiro, un darbi sāksies augustā."),
    ("et", "cp1257", "Linnavolikogu kiitis teisipäeval ühehäälselt heaks vana sadama ümberehituse projekti. Projekti maksumus on umbes kakssada miljonit eurot ja tööd algavad augustis."),
    ("pl", "cp1250", "Rada miasta we wtorek jednogłośnie przyjęła projekt przebudowy starego portu. Koszt projektu wyniesie około dwustu milionów złotych, a prace mają się rozpocząć w sierpniu."),
    ("cs", "cp1250", "Městská rada v úterý jednomyslně schválila projekt přestavby starého přístavu. Náklady projektu dosáhnou přibližně dvou set milionů korun a práce začnou v srpnu."),
    ("ro", "cp1250", "Consiliul local a aprobat marţi în unanimitate proiectul de reamenajare a vechiului port. Costul proiectului va ajunge la aproximativ două sute de milioane de lei, iar lucrările vor începe în august."),
    ("pl", "iso8859_2", "Rada miasta we wtorek jednogłośnie przyjęła projekt przebudowy starego portu. Koszt projektu wyniesie około dwustu milionów złotych, a prace mają się rozpocząć w sierpniu."),
    ("cs", "iso8859_2", "Městská rada v úterý jednomyslně schválila projekt přestavby starého přístavu. Náklady projektu dosáhnou přibližně dvou set milionů korun a práce začnou v srpnu."),
    ("hu", "iso8859_2", "A városi közgyűlés kedden egyhangúlag elfogadta a régi kikötő átépítésének tervét. A projekt költsége mintegy kétszázmillió forint lesz, a munkálatok augusztusban kezdődnek."),
    ("fr", "cp1252", "Le conseil municipal a adopté mardi à l'unanimité le projet de réaménagement de l'ancien port. Le coût du projet s'élèvera à environ deux cents millions d'euros et les travaux débuteront en août."),
    ("es", "cp1252", "El ayuntamiento aprobó el martes por unanimidad el proyecto de remodelación del antiguo puerto. El coste ascenderá a unos doscientos millones de euros y las obras comenzarán en agosto."),
    ("de", "cp1252", "Der Stadtrat hat am Dienstag einstimmig das Projekt zur Umgestaltung des alten Hafens beschlossen. Die Kosten belaufen sich auf rund zweihundert Millionen Euro, die Arbeiten beginnen im August."),
    ("fr", "mac_roman", "Le conseil municipal a adopté mardi à l'unanimité le projet de réaménagement de l'ancien port. Le coût du projet s'élèvera à environ deux cents millions d'euros et les travaux débuteront en août."),
    ("fr", "cp850", "Le conseil municipal a adopté mardi à l'unanimité le projet de réaménagement de l'ancien port. Le coût du projet s'élèvera à environ deux cents millions d'euros et les travaux débuteront en août."),
    ("de", "mac_roman", "Der Stadtrat hat am Dienstag einstimmig das Projekt zur Umgestaltung des alten Hafens beschlossen. Die Kosten für die Bürger belaufen sich auf rund zweihundert Millionen Euro; größer als erwartet. Die Arbeiten sollen im August beginnen, teilte die Verwaltung mit. Anwohner äußerten Bedenken wegen des Lärms."),
    ("de", "cp850", "Der Stadtrat hat am Dienstag einstimmig das Projekt zur Umgestaltung des alten Hafens beschlossen. Die Kosten für die Bürger belaufen sich auf rund zweihundert Millionen Euro; größer als erwartet. Die Arbeiten sollen im August beginnen, teilte die Verwaltung mit. Anwohner äußerten Bedenken wegen des Lärms."),
    ("es", "mac_roman", "El ayuntamiento aprobó el martes por unanimidad el proyecto de remodelación del antiguo puerto. El coste ascenderá a unos doscientos millones de euros y las obras comenzarán en agosto. Los vecinos pidieron más información sobre el ruido y el tráfico de camiones."),
    ("pt", "mac_roman", "A câmara municipal aprovou na terça-feira, por unanimidade, o projeto de requalificação do antigo porto. O custo será de cerca de duzentos milhões de euros e as obras começarão em agosto."),
    ("sv", "cp850", "Kommunfullmäktige godkände på tisdagen enhälligt projektet för ombyggnad av den gamla hamnen. Kostnaden beräknas till cirka tvåhundra miljoner kronor och arbetet påbörjas i augusti."),
    ("is", "cp1252", "Borgarstjórn samþykkti á þriðjudag einróma að endurskipuleggja gamla hafnarsvæðið. Kostnaður við verkefnið verður um tvö hundruð milljónir króna og framkvæmdir hefjast í ágúst."),
]
ENGLISH = (
    "The council said on Tuesday that the new plant would open next year and that the cost had risen sharply, "
    "while residents asked for independent tests of the water and the mayor promised an answer within a week."
)
SALAD_WORDS = (
    "crème brûlée à la française déjà été où garçon naïve façade müde über Straße größer Bürger "
    "año niño señor acción corazón pingüino ação coração não você città perché così più "
    "the council said “quoted” – it’s €100 Ærø Øresund smørrebrød Ångström Åland "
    "þetta hafði ráðherra sagði ýmsir öll núna fyrir æskilegt"
).split()


def main() -> None:
    from copytrail.stages.ingest.decode import decode_bytes

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--salads", type=int, default=4000)
    parser.add_argument("--test-lists", type=int, default=20000, help="lists of the suite's property-test words")
    parser.add_argument("--english", type=int, default=5000, help="English sentences with accented foreign words")
    parser.add_argument("--out")
    args = parser.parse_args()
    rows = []
    for language, codec, text in PARAGRAPHS:
        read, read_as = decode_bytes(text.encode(codec))
        rows.append({"language": language, "written_in": codec, "read_as": read_as, "exact": read == text})
        print(f"{language} {codec:10} read as {read_as:10} {'exact' if read == text else 'WRONG: ' + read[:60]}")
    rng = random.Random(7)
    switched = 0
    for _ in range(args.salads):
        salad = " ".join(rng.choice(SALAD_WORDS) for _ in range(rng.randint(3, 60)))
        switched += decode_bytes(salad.encode("cp1252")) != (salad, "cp1252" if not salad.isascii() else "utf-8")
    from test_ingest import _LATIN_WORDS

    lists = english = 0
    for _ in range(args.test_lists):
        text = " ".join(rng.choice(_LATIN_WORDS) for _ in range(rng.randint(3, 60)))
        lists += decode_bytes(text.encode("cp1252")) != (text, "cp1252" if not text.isascii() else "utf-8")
    base = ENGLISH.split()
    for _ in range(args.english):
        words = list(base)
        for _ in range(rng.randint(1, 8)):
            words.insert(rng.randrange(len(words)), rng.choice(_LATIN_WORDS))
        text = " ".join(words)
        english += decode_bytes(text.encode("cp1252")) != (text, "cp1252" if not text.isascii() else "utf-8")
    cost = {}
    for language, codec, text in (PARAGRAPHS[10], PARAGRAPHS[0]):  # French in cp1252, Turkish in cp1254
        data = " ".join([text] * 14).encode(codec)
        decode_bytes(data)
        cost[f"{language} ({len(data)} bytes) ms"] = round(timeit.timeit(lambda d=data: decode_bytes(d), number=200) / 200 * 1000, 3)
    exact = sum(row["exact"] for row in rows)
    print(f"exact {exact} / {len(rows)}; read as another codec: salads {switched} / {args.salads}, "
          f"test word lists {lists} / {args.test_lists}, English with foreign words {english} / {args.english}; cost {cost}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump({"paragraphs": rows, "exact": exact, "salads": args.salads, "salads_switched": switched,
                       "test_lists": args.test_lists, "test_lists_switched": lists, "english": args.english,
                       "english_switched": english, "decode_ms": cost,
                       "machine": {"platform": platform.platform(), "python": platform.python_version()}}, fh, indent=1)


if __name__ == "__main__":
    main()

"""A copy that changes one figure, in seventeen languages outside the development set: what the
default scan finds.

    .venv/bin/python bench/languages_copies.py [--languages fr,de,...] [--out bench/languages_copies.json]

Each language has a short news item written for this benchmark (our own text, not taken from
any corpus) and a copy of it published a day later by another outlet: one figure changed and a
few words swapped for synonyms, as a republishing site edits.  Every page goes into one folder
as an outlet's HTML page, its publication time in metadata and no ``lang`` attribute (the
language is read from the text).  Then ``copytrail scan`` (the default command, one fresh
store), and per language, from the store: the language read for both pages, whether the two
are aligned and how (kind, share of each text inside the passage), whether the alignment's
source is the earlier page, whether a claim group says the figure changed from the original's
value to the copy's, and every alignment between pages of two different languages (false
links: none of the items translate another).
"""

from __future__ import annotations

import argparse
import html
import json
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# language: (the original, [(what the copy replaces, with what), ...]; the first pair is the figure)
ITEMS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "fr": (
        "Le gouvernement a annoncé mardi un plan de 2,5 milliards d'euros pour moderniser le réseau "
        "ferroviaire régional. Selon le ministère des Transports, environ 1 200 kilomètres de voies seront "
        "rénovés d'ici 2030. Les syndicats estiment que le plan arrive trop tard, car près de 40 % des lignes "
        "secondaires sont déjà fermées ou menacées. Le ministre a promis que les premiers chantiers "
        "commenceraient dès le printemps prochain dans trois régions pilotes.",
        [("2,5 milliards", "3,1 milliards"), ("annoncé", "dévoilé"), ("estiment", "jugent")],
    ),
    "de": (
        "Die Stadtverwaltung hat am Montag angekündigt, bis Ende 2027 rund 4.500 neue Sozialwohnungen zu "
        "bauen. Das Programm kostet nach Angaben des Bauamts etwa 780 Millionen Euro und wird zur Hälfte vom "
        "Land finanziert. Derzeit warten mehr als 12.000 Haushalte auf eine günstige Wohnung, viele davon seit "
        "über drei Jahren. Die Opposition kritisierte, dass die Pläne zu spät kämen und die Mieten schon jetzt "
        "stark gestiegen seien.",
        [("4.500", "6.500"), ("angekündigt", "mitgeteilt"), ("kritisierte", "bemängelte")],
    ),
    "it": (
        "Il consiglio regionale ha approvato ieri un fondo di 350 milioni di euro per sostenere le piccole "
        "imprese colpite dall'alluvione. Secondo la Camera di commercio, circa 8.000 aziende hanno subito "
        "danni, e il 60 per cento di queste non ha ancora riaperto. Il presidente della regione ha dichiarato "
        "che i primi contributi saranno versati entro la fine di marzo. Le associazioni di categoria chiedono "
        "però procedure più semplici e tempi certi.",
        [("60 per cento", "45 per cento"), ("approvato", "varato"), ("chiedono", "domandano")],
    ),
    "pt": (
        "O governo federal anunciou nesta quarta-feira um investimento de 12 bilhões de reais em saneamento "
        "básico nas regiões Norte e Nordeste. Segundo o ministério, cerca de 35 milhões de pessoas ainda vivem "
        "sem acesso a rede de esgoto. A meta é levar coleta de esgoto a 90% da população até 2033, conforme "
        "prevê o marco legal do setor. Especialistas afirmam que o valor é insuficiente diante do tamanho do "
        "problema.",
        [("35 milhões", "42 milhões"), ("anunciou", "divulgou"), ("afirmam", "avaliam")],
    ),
    "nl": (
        "Het kabinet trekt volgend jaar 1,2 miljard euro uit voor de verbetering van dijken langs de grote "
        "rivieren. Volgens Rijkswaterstaat voldoet ongeveer 1.400 kilometer aan waterkeringen nog niet aan de "
        "nieuwe veiligheidsnormen. De werkzaamheden moeten uiterlijk in 2050 klaar zijn, maar waterschappen "
        "vrezen vertraging door een tekort aan technici. De minister noemde de investering noodzakelijk om "
        "overstromingen zoals in 1995 te voorkomen.",
        [("1,2 miljard", "1,8 miljard"), ("vrezen", "verwachten"), ("noemde", "vond")],
    ),
    "sv": (
        "Regeringen föreslår i höstbudgeten att 8,5 miljarder kronor ska gå till sjukvården under de kommande "
        "tre åren. Enligt Socialstyrelsen väntar omkring 140 000 patienter längre än den lagstadgade "
        "vårdgarantin på en operation. Pengarna ska främst användas till att anställa fler sjuksköterskor och "
        "korta köerna. Regionerna välkomnar beskedet men säger att det inte räcker för att täcka de ökade "
        "kostnaderna.",
        [("8,5 miljarder", "6,5 miljarder"), ("föreslår", "vill"), ("välkomnar", "gläds åt")],
    ),
    "tr": (
        "Türkiye İstatistik Kurumu, yıllık enflasyonun ekim ayında yüzde 48,6 olarak gerçekleştiğini "
        "açıkladı. Gıda fiyatlarındaki artış yüzde 52'ye ulaşırken, konut harcamaları en çok artan kalem oldu. "
        "Ekonomistler, merkez bankasının faiz oranını önümüzdeki toplantıda sabit tutmasını bekliyor. Hükümet, "
        "yıl sonu enflasyon hedefini 2 puan yukarı revize etti.",
        [("yüzde 48,6", "yüzde 46,8"), ("açıkladı", "duyurdu"), ("bekliyor", "öngörüyor")],
    ),
    "id": (
        "Pemerintah provinsi mengumumkan pada hari Senin bahwa sekitar 3.200 rumah rusak akibat banjir "
        "bandang pekan lalu. Menurut badan penanggulangan bencana, lebih dari 15.000 warga masih tinggal di "
        "tempat pengungsian sementara. Gubernur menyatakan dana darurat sebesar Rp 450 miliar telah disiapkan "
        "untuk perbaikan jalan dan jembatan. Warga mengeluhkan bantuan makanan yang datang terlambat di "
        "beberapa desa terpencil.",
        [("3.200 rumah", "5.200 rumah"), ("mengumumkan", "menyampaikan"), ("mengeluhkan", "menyesalkan")],
    ),
    "pl": (
        "Rząd przyjął we wtorek projekt budżetu, w którym deficyt ma wynieść 184 mld zł w przyszłym roku. "
        "Minister finansów zapowiedział, że wydatki na obronność wzrosną do 4,1 proc. produktu krajowego "
        "brutto. Ekonomiści ostrzegają, że dług publiczny może przekroczyć 55 proc. PKB już w 2026 roku. "
        "Opozycja zarzuca rządowi, że plan opiera się na zbyt optymistycznych prognozach wzrostu.",
        [("184 mld", "194 mld"), ("przyjął", "zatwierdził"), ("ostrzegają", "przestrzegają")],
    ),
    "uk": (
        "Уряд затвердив програму відновлення енергетичної інфраструктури вартістю 2,3 мільярда доларів. За "
        "даними міністерства, близько 40 відсотків теплових електростанцій пошкоджено або зруйновано. Перші "
        "роботи розпочнуться у березні на об'єктах у трьох областях. Експерти попереджають, що без "
        "додаткового фінансування відновлення може затягнутися до 2028 року.",
        [("40 відсотків", "50 відсотків"), ("затвердив", "схвалив"), ("попереджають", "застерігають")],
    ),
    "el": (
        "Η κυβέρνηση ανακοίνωσε την Πέμπτη πρόγραμμα ύψους 600 εκατομμυρίων ευρώ για την αποκατάσταση των "
        "πυρόπληκτων περιοχών. Σύμφωνα με την πολιτική προστασία, περίπου 45.000 στρέμματα δάσους κάηκαν μέσα "
        "σε δύο εβδομάδες. Οι πρώτες αποζημιώσεις θα καταβληθούν στους πληγέντες μέχρι το τέλος του μήνα. Οι "
        "δήμαρχοι των περιοχών ζητούν περισσότερο προσωπικό και εξοπλισμό για την πυρόσβεση.",
        [("45.000", "54.000"), ("ανακοίνωσε", "παρουσίασε"), ("ζητούν", "απαιτούν")],
    ),
    "hi": (
        "राज्य सरकार ने मंगलवार को घोषणा की कि बाढ़ से प्रभावित किसानों को 1,200 करोड़ रुपये की सहायता दी "
        "जाएगी। कृषि विभाग के अनुसार लगभग 3 लाख हेक्टेयर में खड़ी फसल नष्ट हो गई है। मुख्यमंत्री ने कहा कि "
        "मुआवजे की पहली किस्त अगले महीने तक किसानों के खातों में पहुंच जाएगी। विपक्ष ने आरोप लगाया कि "
        "सर्वेक्षण का काम बहुत धीमी गति से चल रहा है।",
        [("1,200 करोड़", "1,500 करोड़"), ("सहायता", "मदद"), ("आरोप लगाया", "दावा किया")],
    ),
    "he": (
        "הממשלה אישרה ביום ראשון תוכנית בהיקף של 3.5 מיליארד שקל לשיפור התחבורה הציבורית בפריפריה. לפי "
        "משרד התחבורה, כ-250 קווי אוטובוס חדשים יופעלו עד סוף השנה הבאה. התוכנית כוללת גם הרחבה של רשת "
        "הרכבת הקלה לשלוש ערים נוספות. ראשי רשויות מקומיות טענו כי התקציב אינו מספיק לצרכים בשטח.",
        [("3.5 מיליארד", "4.5 מיליארד"), ("אישרה", "העבירה"), ("טענו", "אמרו")],
    ),
    "vi": (
        "Chính phủ vừa phê duyệt gói hỗ trợ trị giá 15.000 tỷ đồng cho các doanh nghiệp nhỏ bị ảnh hưởng bởi "
        "bão. Theo Bộ Kế hoạch và Đầu tư, khoảng 2.300 doanh nghiệp đã phải tạm ngừng hoạt động trong tháng "
        "qua. Các khoản vay ưu đãi sẽ được giải ngân trước ngày 31 tháng 12 năm nay. Nhiều hiệp hội ngành nghề "
        "cho rằng thủ tục vay vốn vẫn còn quá phức tạp.",
        [("2.300 doanh", "3.200 doanh"), ("phê duyệt", "thông qua"), ("cho rằng", "nhận định")],
    ),
    "ja": (
        "政府は火曜日、地方の鉄道路線を維持するため、総額1200億円の支援策を発表した。国土交通省によると、"
        "利用者の減少により約30路線が廃止の危機にあるという。支援策では、自治体と鉄道会社が共同で運営する"
        "新たな仕組みを2026年度から導入する。専門家は、長期的な需要の見通しが不透明だと指摘している。",
        [("1200億円", "1500億円"), ("発表した", "明らかにした"), ("指摘している", "述べている")],
    ),
    "ko": (
        "정부는 화요일 저출산 문제에 대응하기 위해 5년간 30조 원을 투입하는 종합 대책을 발표했다. 통계청에 "
        "따르면 지난해 합계출산율은 0.72명으로 역대 최저치를 기록했다. 대책에는 육아휴직 급여 인상과 신혼부부 "
        "주택 공급 확대가 포함됐다. 전문가들은 일자리와 주거 문제가 함께 해결되지 않으면 효과가 제한적일 "
        "것이라고 지적했다.",
        [("30조 원", "25조 원"), ("발표했다", "내놓았다"), ("지적했다", "분석했다")],
    ),
    "th": (
        "รัฐบาลอนุมัติงบประมาณ 5,000 ล้านบาท เพื่อช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากภัยแล้ง "
        "กระทรวงเกษตรระบุว่ามีพื้นที่เพาะปลูกเสียหายประมาณ 2 ล้านไร่ในภาคตะวันออกเฉียงเหนือ "
        "เงินช่วยเหลือจะโอนเข้าบัญชีเกษตรกรภายในสิ้นเดือนนี้ นักวิชาการเตือนว่าปัญหาภัยแล้งอาจรุนแรงขึ้นในปีหน้า",
        [("5,000 ล้านบาท", "7,000 ล้านบาท"), ("อนุมัติ", "เห็นชอบ"), ("เตือน", "ชี้")],
    ),
}


# An English translation of each item (ours), for ``--cross-lingual``: the same figures.
TRANSLATIONS: dict[str, str] = {
    "fr": "The government on Tuesday announced a 2.5 billion euro plan to modernise the regional rail network. "
    "According to the Ministry of Transport, about 1,200 kilometres of track will be renovated by 2030. The "
    "unions believe the plan comes too late, because nearly 40% of secondary lines are already closed or "
    "threatened. The minister promised that the first works would begin next spring in three pilot regions.",
    "de": "The city administration announced on Monday that it will build around 4,500 new social housing units "
    "by the end of 2027. According to the building authority, the programme costs about 780 million euros and "
    "half of it is financed by the state. At present more than 12,000 households are waiting for an affordable "
    "flat, many of them for over three years. The opposition criticised that the plans came too late and that "
    "rents had already risen sharply.",
    "it": "The regional council yesterday approved a fund of 350 million euros to support small businesses hit by "
    "the flood. According to the Chamber of Commerce, about 8,000 companies suffered damage, and 60 per cent of "
    "them have not yet reopened. The president of the region said that the first grants will be paid by the end "
    "of March. Trade associations, however, are asking for simpler procedures and certain deadlines.",
    "pt": "The federal government announced on Wednesday an investment of 12 billion reais in basic sanitation in "
    "the North and Northeast regions. According to the ministry, about 35 million people still live without "
    "access to a sewage network. The goal is to bring sewage collection to 90% of the population by 2033, as the "
    "sector's legal framework provides. Experts say the amount is insufficient given the size of the problem.",
    "nl": "Next year the cabinet is setting aside 1.2 billion euros to improve dikes along the major rivers. "
    "According to Rijkswaterstaat, about 1,400 kilometres of flood defences do not yet meet the new safety "
    "standards. The work must be finished by 2050 at the latest, but water boards fear delays because of a "
    "shortage of technicians. The minister called the investment necessary to prevent floods like those of 1995.",
    "sv": "In the autumn budget the government proposes that 8.5 billion kronor should go to health care over the "
    "next three years. According to the National Board of Health, about 140,000 patients wait longer than the "
    "statutory care guarantee for an operation. The money will mainly be used to hire more nurses and shorten "
    "the queues. The regions welcome the news but say it is not enough to cover the increased costs.",
    "tr": "The Turkish Statistical Institute announced that annual inflation was 48.6 percent in October. While "
    "the rise in food prices reached 52 percent, housing expenses were the item that rose the most. Economists "
    "expect the central bank to keep the interest rate unchanged at the next meeting. The government revised its "
    "year-end inflation target up by 2 points.",
    "id": "The provincial government announced on Monday that about 3,200 houses were damaged by last week's flash "
    "flood. According to the disaster management agency, more than 15,000 residents are still living in "
    "temporary shelters. The governor said emergency funds of Rp 450 billion have been prepared to repair roads "
    "and bridges. Residents complained that food aid arrived late in several remote villages.",
    "pl": "On Tuesday the government adopted a draft budget in which the deficit is to reach 184 billion zlotys "
    "next year. The finance minister announced that defence spending will rise to 4.1 percent of gross domestic "
    "product. Economists warn that public debt may exceed 55 percent of GDP as early as 2026. The opposition "
    "accuses the government of basing the plan on overly optimistic growth forecasts.",
    "uk": "The government approved a programme to restore energy infrastructure worth 2.3 billion dollars. "
    "According to the ministry, about 40 percent of thermal power plants have been damaged or destroyed. The "
    "first works will begin in March at sites in three regions. Experts warn that without additional funding "
    "the recovery may drag on until 2028.",
    "el": "On Thursday the government announced a programme worth 600 million euros to restore the areas hit by "
    "fire. According to civil protection, about 45,000 stremmata of forest burned within two weeks. The first "
    "compensation will be paid to those affected by the end of the month. The mayors of the areas are asking "
    "for more staff and equipment for firefighting.",
    "hi": "The state government announced on Tuesday that farmers affected by the floods will be given assistance "
    "of 1,200 crore rupees. According to the agriculture department, standing crops on about 3 lakh hectares "
    "have been destroyed. The chief minister said that the first instalment of compensation will reach the "
    "farmers' accounts by next month. The opposition alleged that the survey work is moving very slowly.",
    "he": "On Sunday the government approved a plan worth 3.5 billion shekels to improve public transport in the "
    "periphery. According to the Ministry of Transport, about 250 new bus lines will be operated by the end of "
    "next year. The plan also includes an expansion of the light rail network to three more cities. Heads of "
    "local authorities argued that the budget does not meet the needs on the ground.",
    "vi": "The government has just approved a support package worth 15,000 billion dong for small businesses "
    "affected by the storm. According to the Ministry of Planning and Investment, about 2,300 businesses had to "
    "suspend operations in the past month. The preferential loans will be disbursed before 31 December this "
    "year. Many trade associations say that loan procedures are still too complicated.",
    "ja": "On Tuesday the government announced a support package totalling 120 billion yen to maintain regional "
    "railway lines. According to the Ministry of Land, Infrastructure and Transport, about 30 lines are at risk "
    "of closure because of falling ridership. Under the package, a new system jointly operated by local "
    "governments and railway companies will be introduced from fiscal 2026. Experts point out that the long-term "
    "outlook for demand is unclear.",
    "ko": "On Tuesday the government announced a comprehensive plan to invest 30 trillion won over five years to "
    "respond to the low birth rate. According to Statistics Korea, the total fertility rate last year was 0.72, "
    "the lowest on record. The plan includes higher parental leave pay and more housing for newly married "
    "couples. Experts pointed out that the effect will be limited unless jobs and housing are addressed together.",
    "th": "The government approved a budget of 5,000 million baht to help farmers affected by the drought. The "
    "Ministry of Agriculture said that about 2 million rai of farmland in the northeast was damaged. The aid "
    "money will be transferred to farmers' accounts by the end of this month. Academics warn that the drought "
    "may become more severe next year.",
}


def copy_of(text: str, edits: list[tuple[str, str]]) -> str:
    """The republished copy: each edit applied once (each must be found)."""
    for old, new in edits:
        if old not in text:
            raise ValueError(f"{old!r} is not in the text")
        text = text.replace(old, new, 1)
    return text


def rewrite_of(text: str, edits: list[tuple[str, str]]) -> str:
    """A condensed rewrite: the words swapped as the copy swaps them (not its figure), the first
    two sentences in the other order and the last one left out (a text cut as one sentence
    keeps its order)."""
    from copytrail.stages.segment import sentence_bounds

    text = copy_of(text, edits[1:])
    sentences = [text[a:b].strip() for a, b in sentence_bounds(text)]
    if len(sentences) > 2:
        sentences = [sentences[1], sentences[0], *sentences[2:-1]]
    return ("" if text.isascii() or not any(" " in s for s in sentences) else " ").join(sentences) if sentences else text


def write_page(folder: Path, name: str, outlet: str, date: str, text: str) -> None:
    """An outlet's article page with its publication time in metadata and no language stated."""
    (folder / name).write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(outlet)}</title>'
        f'<meta property="og:site_name" content="{outlet}">'
        f'<meta property="article:published_time" content="{date}"></head><body>'
        f"<article><p>{html.escape(text)}</p></article></body></html>",
        encoding="utf-8",
    )


def _figures_changed(store, a: str, b: str) -> list[tuple[str, str]]:
    """The (a's figure, b's figure) pairs of claim groups that link a statement of each and differ."""
    rows = store.query(
        "SELECT g.id, s.doc, c.surface FROM claim_groups g JOIN claim_statements s ON s.claim_group = g.id "
        "JOIN claims c ON c.id = s.claim WHERE g.values_differ AND s.doc IN (?, ?)",
        [a, b],
    )
    by_group: dict[str, dict[str, str]] = {}
    for row in rows:
        by_group.setdefault(row["id"], {})[row["doc"]] = row["surface"]
    return sorted((found[a], found[b]) for found in by_group.values() if a in found and b in found)


def _planted_found(found: dict) -> bool:
    """Whether a changed-figure pair states the planted figures (their digits, either way round)."""
    old, new = (re.sub(r"\D", "", figure) for figure in found["planted"])
    return any(re.sub(r"\D", "", a) == old and re.sub(r"\D", "", b) == new for a, b in found["changed_figures"])


def _translated(store: object, alignments: list[dict], a: dict, t: dict) -> dict[str, object]:
    """What ``--cross-lingual`` found between the original ``a`` and its English translation ``t``."""
    linked = [x for x in alignments if {x["source_doc"], x["target_doc"]} == {a["id"], t["id"]}]
    groups = store.query(  # type: ignore[attr-defined]
        "SELECT sa.claim_group, ca.surface AS a_figure, ct.surface AS t_figure, "
        "coalesce(CAST(ca.value AS VARCHAR), ca.date_value) = coalesce(CAST(ct.value AS VARCHAR), ct.date_value) AS same "
        "FROM claim_statements sa JOIN claim_statements st ON st.claim_group = sa.claim_group "
        "JOIN claims ca ON ca.id = sa.claim JOIN claims ct ON ct.id = st.claim WHERE sa.doc = ? AND st.doc = ?",
        [a["id"], t["id"]],
    )
    return {
        "translated": sum(x["kind"] == "translated" for x in linked),
        "translation_share_inside": round(
            sum(x["target_end"] - x["target_start"] if x["target_doc"] == t["id"] else x["source_end"] - x["source_start"] for x in linked)
            / max(1, len(t["text"])), 3
        ),
        "figures_shared": [[g["a_figure"], g["t_figure"]] for g in groups],
        "figures_differ": sum(not g["same"] for g in groups),
    }


def _scan(folder: Path, db: Path, cross_lingual: bool) -> float:
    """``copytrail scan`` of the folder (the command as a user runs it); its seconds."""
    started = time.perf_counter()
    command = [str(Path(sys.executable).with_name("copytrail")), "scan", "--db", str(db), str(folder)]
    done = subprocess.run(command + (["--cross-lingual"] if cross_lingual else []), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"scan failed ({done.returncode}): {done.stderr[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default=",".join(ITEMS))
    parser.add_argument(
        "--cross-lingual", action="store_true",
        help="also an English translation of each item (a fourth page, 4 March), scanned with --cross-lingual",
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    languages = args.languages.split(",")
    from copytrail.store import Store

    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for language in languages:
            original, edits = ITEMS[language]
            write_page(folder, f"{language}-a.html", f"Original {language}", "2025-03-01T09:00:00Z", original)
            write_page(folder, f"{language}-b.html", f"Copy {language}", "2025-03-02T09:00:00Z", copy_of(original, edits))
            write_page(folder, f"{language}-c.html", f"Rewrite {language}", "2025-03-03T09:00:00Z", rewrite_of(original, edits))
            if args.cross_lingual:
                write_page(folder, f"{language}-t.html", f"Translation {language}", "2025-03-04T09:00:00Z", TRANSLATIONS[language])
        db = Path(tmp) / "store.duckdb"
        seconds = _scan(folder, db, args.cross_lingual)
        store = Store(str(db))
        docs = {Path(r["path"]).name: r for r in store.query("SELECT id, path, language, text FROM documents")}
        item_of = {r["id"]: Path(r["path"]).name.split("-")[0] for r in docs.values()}
        alignments = store.query(
            "SELECT source_doc, target_doc, kind, source_start, source_end, target_start, target_end FROM alignments"
        )
        for language in languages:
            a, b, c = docs[f"{language}-a.html"], docs[f"{language}-b.html"], docs[f"{language}-c.html"]
            rewritten = [x for x in alignments if {x["source_doc"], x["target_doc"]} == {a["id"], c["id"]}]
            linked = [x for x in alignments if {x["source_doc"], x["target_doc"]} == {a["id"], b["id"]}]
            old, new = ITEMS[language][1][0]
            results[language] = {
                "languages_read": [a["language"], b["language"]],
                "aligned": len(linked),
                "kinds": sorted(x["kind"] for x in linked),
                "source_is_earlier": all(x["source_doc"] == a["id"] for x in linked) if linked else None,
                "share_inside": round(
                    sum(x["source_end"] - x["source_start"] for x in linked) / max(1, len(a["text"])), 3
                ),
                "planted": [old, new],
                "changed_figures": _figures_changed(store, a["id"], b["id"]),
                "rewrite_aligned": len(rewritten),
                "rewrite_kinds": sorted(x["kind"] for x in rewritten),
                "rewrite_share_inside": round(
                    sum(x["target_end"] - x["target_start"] for x in rewritten if x["target_doc"] == c["id"])
                    / max(1, len(c["text"])), 3
                ),
            }
            if args.cross_lingual:
                results[language] |= _translated(store, alignments, a, docs[f"{language}-t.html"])
        false_links = [
            (item_of[x["source_doc"]], item_of[x["target_doc"]])
            for x in alignments
            if item_of[x["source_doc"]] != item_of[x["target_doc"]]
        ]
    for language, found in results.items():
        print(language, json.dumps(found, ensure_ascii=False))
    changed = sorted(language for language, found in results.items() if _planted_found(found))
    print(
        f"changed figure found: {len(changed)} / {len(results)}; copies aligned: "
        f"{sum(bool(f['aligned']) for f in results.values())}; rewrites aligned: "
        f"{sum(bool(f['rewrite_aligned']) for f in results.values())}"
        + (f"; translations found: {sum(bool(f['translated']) for f in results.values())}" if args.cross_lingual else "")
    )
    print("links between different items (false):", false_links, f"scan {seconds:.1f} s")
    if args.out:
        args.out.write_text(
            json.dumps(
                {
                    "machine": platform.node(), "cross_lingual": args.cross_lingual, "scan_seconds": round(seconds, 2),
                    "changed_found": changed, "languages": results, "false_links": false_links,
                },
                ensure_ascii=False, indent=1,
            ) + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Regenerate examples/sample-corpus/ and examples/sample-truth.json.

All text below is original writing made for the copytrail project. Every
outlet, person, place and organisation is fictional; every URL uses the
reserved ``.example`` top-level domain.

The corpus files are the artefact that tests use; this script exists so the
planted reuse and the truth file can never drift apart. Run it from anywhere:

    python examples/build_sample_corpus.py
    python examples/check_truth.py
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import sample_languages  # storyline D: Persian, Arabic and Russian copies, a translation
import sample_translation_ru  # storyline E: a Russian translation of the derby report

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "sample-corpus"
TRUTH = HERE / "sample-truth.json"


class Raw(str):
    """A paragraph that is already HTML (entities etc.) and must not be escaped."""


# ---------------------------------------------------------------------------
# Shared HTML boilerplate
# ---------------------------------------------------------------------------

COOKIE_BANNER = (
    "We use cookies to improve your experience. By continuing to browse you "
    "agree to our cookie policy."
)

# Three outlets owned by the same (fictional) group share one footer.
TIDEWATER_FOOTER = Raw(
    "&copy; 2025 Tidewater News &amp; Media. All rights reserved. Subscribe to "
    "our newsletter for the morning briefing from the Veyra coast, delivered "
    "before 7am."
)
TIDEWATER_LINKS = ["Terms of use", "Privacy", "Cookie settings", "Contact the newsroom"]

# Three campaign sites share another footer word for word.
NETWORK_FOOTER = Raw(
    "&copy; 2025 Independent Voices Network. All rights reserved. Subscribe to "
    "our newsletter and never miss a story the mainstream media will not tell "
    "you. We are funded by readers like you."
)
NETWORK_LINKS = ["Donate", "About us", "Contact", "Privacy"]

OUTLETS = {
    "harbourtimes": dict(
        name="Harbour Times",
        domain="harbourtimes.example",
        nav=["Home", "Port Veyra", "Business", "Sport", "Weather", "Opinion"],
        footer=TIDEWATER_FOOTER,
        links=TIDEWATER_LINKS,
        lang="en",
        related=["Ferry timetable changes for spring", "Quayside traffic plan approved"],
    ),
    "dailymeridian": dict(
        name="The Daily Meridian",
        domain="dailymeridian.example",
        nav=["Home", "News", "Coast", "Business", "Sport", "Weather"],
        footer=TIDEWATER_FOOTER,
        links=TIDEWATER_LINKS,
        lang="en",
        related=["Five walks on the northern headlands", "Coast road repairs: what to expect"],
    ),
    "coastalherald": dict(
        name="Coastal Herald",
        domain="coastalherald.example",
        nav=["Home", "Local", "Port", "Sport", "Lifestyle"],
        footer=TIDEWATER_FOOTER,
        links=TIDEWATER_LINKS,
        lang="en",
        related=["Lifeboat crew marks 150 years", "New bus route for Harbour Heights"],
    ),
    "civicpulse": dict(
        name="Civic Pulse",
        domain="civicpulse.example",
        nav=["Home", "Investigations", "Fact Sheets", "Video", "Donate"],
        footer=NETWORK_FOOTER,
        links=NETWORK_LINKS,
        lang="en",
        related=["Who really owns the coast?", "Five questions for the water authority"],
    ),
    "truthlantern": dict(
        name="Truth Lantern",
        domain="truthlantern.example",
        nav=["Home", "Fact Sheets", "Economy", "Analysis", "Support us"],
        footer=NETWORK_FOOTER,
        links=NETWORK_LINKS,
        lang="en",
        related=["The grant money trail", "Why the north keeps losing jobs"],
    ),
    "freecurrent": dict(
        name="The Free Current",
        domain="freecurrent.example",
        nav=["Home", "News", "Fact Sheets", "Voices", "Donate"],
        footer=NETWORK_FOOTER,
        links=NETWORK_LINKS,
        lang="en",
        related=["Voices from the quay", "What the ministry will not say"],
    ),
    "northgatepost": dict(
        name="Northgate Post",
        domain="northgatepost.example",
        nav=["Front page", "Opinion", "Region", "Culture"],
        footer=Raw(
            "Northgate Post is published by Northgate Community Press. "
            "Letters to the editor: letters@northgatepost.example"
        ),
        links=["Advertise", "Corrections", "Archive"],
        lang="en",
        related=["Letters: the coast road again", "Council diary for March"],
    ),
    "valemontobserver": dict(
        name="Valemont Observer",
        domain="valemontobserver.example",
        nav=["News", "Region", "Environment", "Science", "Opinion"],
        footer=Raw(
            "Valemont Observer &middot; Independent regional news since 1971 "
            "&middot; Registered charity no. 000000"
        ),
        links=["Editorial standards", "Complaints", "Jobs"],
        lang="en",
        related=["How desalination works", "River levels after the dry winter"],
    ),
    "vestnikzaliva": dict(
        name="Вестник Залива",
        domain="vestnikzaliva.example",
        nav=["Главная", "Город", "Экономика", "Общество", "Спорт"],
        footer=Raw("&copy; 2025 Вестник Залива. Все права защищены. Подпишитесь на нашу рассылку."),
        links=["О редакции", "Реклама", "Контакты"],
        lang="ru",
        related=["Новый маршрут парома", "Ремонт набережной продлится до лета"],
    ),
}


def esc(p: str) -> str:
    return p if isinstance(p, Raw) else html.escape(p, quote=False)


def html_page(outlet_key, title, author, published, path, paras, section):
    o = OUTLETS[outlet_key]
    url = f"https://{o['domain']}{path}"
    nav = "\n".join(
        f'        <li><a href="https://{o["domain"]}/{n.lower().replace(" ", "-")}">{esc(n)}</a></li>'
        for n in o["nav"]
    )
    related = "\n".join(
        f'        <li><a href="https://{o["domain"]}/related/{i}">{esc(r)}</a></li>'
        for i, r in enumerate(o["related"], 1)
    )
    links = " | ".join(
        f'<a href="https://{o["domain"]}/{n.lower().replace(" ", "-")}">{esc(n)}</a>'
        for n in o["links"]
    )
    body = "\n".join(f"      <p>{esc(p)}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="{o["lang"]}">
<head>
  <meta charset="utf-8">
  <title>{esc(title)} | {esc(o["name"])}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="author" content="{html.escape(author)}">
  <meta name="description" content="{html.escape(paras[0][:150])}">
  <meta property="og:title" content="{html.escape(title)}">
  <meta property="og:site_name" content="{html.escape(o["name"])}">
  <meta property="og:type" content="article">
  <meta property="article:published_time" content="{published}">
  <meta property="article:section" content="{html.escape(section)}">
  <link rel="canonical" href="{url}">
  <link rel="stylesheet" href="https://{o["domain"]}/static/site.css">
  <script>window.dataLayer = window.dataLayer || []; window.dataLayer.push({{"page": "article"}});</script>
</head>
<body>
  <div class="cookie-banner" role="dialog">{esc(COOKIE_BANNER)} <button>Accept</button></div>
  <header class="site-header">
    <a class="logo" href="https://{o["domain"]}/">{esc(o["name"])}</a>
    <nav class="main-nav">
      <ul>
{nav}
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>{esc(title)}</h1>
      <p class="byline">By <span class="author">{esc(author)}</span> &middot; <time datetime="{published}">{published[:10]}</time></p>
{body}
    </article>
    <aside class="related">
      <h2>Related stories</h2>
      <ul>
{related}
      </ul>
    </aside>
  </main>
  <footer class="site-footer">
    <p>{esc(o["footer"])}</p>
    <p>{links}</p>
  </footer>
</body>
</html>
"""


def txt_doc(headline, paras):
    parts = ([headline] if headline else []) + list(paras)
    return "\n\n".join(parts) + "\n"


def md_doc(meta, heading, paras):
    fm = "\n".join(f"{k}: {v}" for k, v in meta.items())
    return f"---\n{fm}\n---\n\n# {heading}\n\n" + "\n\n".join(paras) + "\n"


# ---------------------------------------------------------------------------
# Storyline A: the Saltmarsh Point desalination "fact sheet" (Port Veyra)
# ---------------------------------------------------------------------------

A_P1 = (
    "Port Veyra residents have been told for two years that the Saltmarsh Point "
    "desalination plant is a triumph of modern engineering. Civic Pulse has "
    "gathered the figures the Veyra Water Authority would rather keep in the "
    "drawer. Here is what we found."
)
A_P2 = (
    "Since the plant began feeding the municipal network, water delivered to "
    "roughly 30,000 households in the eastern districts has carried boron at "
    "levels that independent testers describe as borderline. The authority "
    "insists every sample is within national limits, yet it has refused to "
    "publish the raw laboratory sheets for the period between June and November "
    "of last year, when complaints about a metallic taste peaked."
)
A_P3 = (
    "The plant was sold to the public at a price of 412 million crowns. The "
    "final bill, according to procurement records obtained by local campaigners, "
    "has already passed 530 million, and the operating contract signed with "
    "Aquilon Water Partners on March 2, 2023 guarantees the company a fixed "
    "return for 25 years regardless of how much water is actually used."
)
A_P4 = (
    "Fishermen working the shallows south of the outfall say their catches of "
    "sea bream have fallen by almost half since the brine pipe was switched on. "
    "The authority's own environmental monitoring report, published quietly on a "
    "page that is no longer linked from its homepage, concedes that salinity "
    "near the discharge point is 18 per cent above the seasonal average."
)
A_P5 = (
    "Household water bills in Port Veyra have risen three times in eighteen "
    "months. The latest increase, approved in January, adds an average of 14 "
    "crowns a month to a family's bill. Officials describe the rise as a "
    "temporary measure to cover energy costs. Residents who remember the promise "
    "that desalinated water would make bills cheaper are not convinced."
)
A_P6 = (
    "Civic Pulse will continue to publish documents about Saltmarsh Point as "
    "they reach us. Readers who work at the plant or in the authority and who "
    "want to share information can contact us in confidence."
)

# Lightly edited copies.
A3_P2 = (  # openledger: "over 30,000", a few words changed, last clause dropped
    "Since the plant started feeding the city network, water delivered to over "
    "30,000 households in the eastern districts has carried boron at levels that "
    "independent testers call borderline. The authority insists every sample is "
    "within national limits, yet it has refused to publish the raw laboratory "
    "sheets for the period between June and November of last year."
)
A3_P5 = (  # openledger: one sentence dropped, one verb changed
    "Household water bills in Port Veyra have gone up three times in eighteen "
    "months. The latest increase, approved in January, adds an average of 14 "
    "crowns a month to a family's bill. Residents who remember the promise that "
    "desalinated water would make bills cheaper are not convinced."
)
A4_P2 = (  # baylinegazette (cp1252): figure CHANGED to 3,000
    "Since the plant began feeding the municipal network, water delivered to "
    "roughly 3,000 households in the eastern districts has carried boron at "
    "levels that independent testers describe as borderline. The authority "
    "insists every sample is within national limits, but it has refused to "
    "publish the raw laboratory sheets for the period between June and November "
    "last year, when complaints about a metallic taste peaked."
)
A4_P3 = (  # baylinegazette: 530 million -> 550 million, two wording changes
    "The plant was sold to the public at a price of 412 million crowns. The "
    "final bill, according to procurement records seen by local campaigners, "
    "has already passed 550 million, and the operating contract signed with "
    "Aquilon Water Partners on March 2, 2023 guarantees the company a fixed "
    "return for 25 years no matter how much water is actually used."
)

# Paraphrases (same facts, reworded throughout).
A5_P2 = (
    "Independent testers say that the boron in tap water reaching about 30,000 "
    "homes in the city's east has hovered near the borderline ever since "
    "Saltmarsh Point was connected to the network. Officials maintain that all "
    "samples meet the national standard, but they have declined to release the "
    "underlying lab results for June to November last year, the months in which "
    "residents most often complained that their water tasted of metal."
)
A5_P3 = (
    "Voters were told the plant would cost 412 million crowns. Campaigners who "
    "got hold of procurement documents say spending has now topped 530 million. "
    "They also point to the 25-year operating agreement signed with Aquilon Water "
    "Partners on March 2, 2023, which promises the firm a guaranteed return "
    "however little water the city ends up consuming."
)
A5_P4 = (
    "South of the outfall, skippers report that their sea bream landings have "
    "nearly halved since brine began flowing from the pipe. A monitoring report "
    "from the authority itself, now hard to find on its website, acknowledges "
    "that the water close to the discharge is running 18 per cent saltier than is "
    "normal for the time of year."
)

# ---------------------------------------------------------------------------
# Storyline B: the Dunmore shipyard "fact sheet" (coordinated cluster)
# ---------------------------------------------------------------------------

B_P1 = (
    "On September 6, 2024, the board of Kestrel Marine Holdings told staff at "
    "the Dunmore shipyard that the yard would be 'restructured'. What followed "
    "was not a restructuring. It was the quiet dismantling of the largest "
    "employer on the northern coast, and the figures tell the story better than "
    "any press release."
)
B_P2 = (
    "At least 1,200 workers have lost their jobs since that announcement, "
    "including 310 welders and fitters with more than twenty years of service. "
    "Kestrel's own filings show that 40 per cent of the hull contracts once built "
    "in Dunmore have been moved to yards abroad, where labour costs are less than "
    "a third of local rates."
)
B_P3 = (
    "The regional development fund handed Kestrel 86 million crowns in grants "
    "between 2019 and 2023, on condition that employment at the yard stayed "
    "above 2,000. By the end of last year, fewer than 900 people were still "
    "working there. Not a single crown of the grant money has been returned."
)
B_P4 = (
    "Local suppliers have been hit just as hard. The Dunmore chamber of commerce "
    "estimates that 64 small firms, from paint suppliers to canteen operators, "
    "depended on the yard for most of their income. Seventeen of them closed "
    "before Christmas, and several more have told their staff to expect the "
    "worst by the summer."
)
B_P5 = (
    "Share this fact sheet. The people of Dunmore deserve to know who took the "
    "money and who paid the price."
)

# Storyline B (wire): honest syndication, credited.
W_P1 = (
    "DUNMORE, March 12 (Meridian Wire) - Kestrel Marine Holdings said on "
    "Wednesday it would cut a further 380 jobs at its Dunmore shipyard by the end "
    "of June, bringing total reductions at the site since last September to about "
    "740, according to a company statement."
)
W_P2 = (
    "The company said the cuts reflected weaker orders for coastal ferries and "
    "offshore supply vessels. It said it expected to keep about 1,100 people "
    "employed at the yard and would continue to build hull sections for two "
    "ferries ordered by the regional transport authority."
)
W_P3 = (
    "Union representatives said they had been informed of the decision on "
    "Tuesday evening. 'We were given less than a day's notice of an announcement "
    "that affects hundreds of families,' said Orla Fenwick, regional secretary "
    "of the Metal and Marine Workers' Union."
)
W_P4 = (
    "The regional development fund, which gave Kestrel grants between 2019 and "
    "2023, said it was reviewing whether the company had met the employment "
    "conditions attached to that support. A spokesperson declined to give a "
    "timetable for the review."
)
W_P5 = "Kestrel shares were little changed in early trading."

# ---------------------------------------------------------------------------
# Storyline C: non-English reuse
# ---------------------------------------------------------------------------

R_P1 = (
    "Жители восточных районов Порт-Вейры направили в городской совет "
    "коллективное обращение с требованием опубликовать полные результаты "
    "лабораторных анализов питьевой воды. Под документом подписались более двух "
    "тысяч человек."
)
R_P2 = (
    "По словам инициаторов обращения, после запуска опреснительной станции "
    "«Солёный мыс» вода в кранах приобрела металлический привкус, а в некоторых "
    "домах на чайниках появился белый налёт. Водное управление утверждает, что "
    "все пробы соответствуют национальным нормативам, однако отказывается "
    "раскрывать исходные данные за период с июня по ноябрь прошлого года."
)
R_P3 = (
    "Представитель управления Карина Ветрова заявила, что данные будут "
    "представлены на открытом заседании совета 19 марта. «Нам нечего скрывать, и "
    "мы готовы ответить на любые вопросы жителей», — сказала она."
)
R_P4 = (
    "Активисты намерены прийти на заседание и добиваться независимой проверки "
    "станции. Они также просят депутатов выяснить, почему тарифы на воду за "
    "полтора года выросли трижды."
)
R_P5 = (
    "Редакция «Вестника Залива» направила запрос в водное управление и "
    "опубликует ответ, как только он поступит."
)
# Edited Russian copy: count changed, words dropped/replaced, a sentence dropped.
RE_P1 = (
    "Жители восточных районов Порт-Вейры направили в городской совет обращение "
    "с требованием опубликовать полные результаты анализов питьевой воды. Под "
    "документом подписались около трёх тысяч человек."
)
RE_P2 = (
    "По словам авторов обращения, после запуска опреснительной станции «Солёный "
    "мыс» вода в кранах приобрела металлический привкус, а в некоторых домах на "
    "чайниках появился налёт. Водное управление утверждает, что все пробы "
    "соответствуют нормативам, однако отказывается раскрывать исходные данные за "
    "период с июня по ноябрь прошлого года."
)
RE_P3 = (
    "Представитель управления Карина Ветрова заявила, что данные будут "
    "представлены на открытом заседании совета 19 марта."
)

AR_P1 = (
    "أعلنت هيئة المياه في مدينة بورت فيرا أنها ستفتح أبواب محطة تحلية المياه في "
    "رأس المالح أمام الزوار يوم السبت المقبل، في محاولة للرد على الشكاوى "
    "المتزايدة من السكان بشأن طعم مياه الشرب."
)
AR_P2 = (
    "وقال المتحدث باسم الهيئة إن المحطة تنتج يوميا نحو خمسة وأربعين ألف متر "
    "مكعب من المياه العذبة، مؤكدا أن جميع العينات التي فحصت خلال العام الماضي "
    "كانت ضمن الحدود الوطنية المسموح بها."
)
AR_P3 = (
    "في المقابل، يطالب ناشطون محليون بنشر نتائج التحاليل المخبرية كاملة، "
    "ويقولون إن زيارة منظمة ليوم واحد لا تكفي لتبديد الشكوك."
)
AR_P4 = "ومن المقرر أن يناقش مجلس المدينة ملف المحطة في جلسة علنية يوم التاسع عشر من مارس."

ZH_P1 = (
    "波特维拉市水务局周五表示，盐角海水淡化厂目前每天可生产约四万五千立方米淡水，"
    "足以满足东部城区大部分家庭的用水需求。"
)
ZH_P2 = (
    "不过，当地渔民表示，自排盐管道启用以来，排放口以南海域的鲷鱼捕获量明显下降，"
    "部分渔船的收入减少了近一半。水务局回应称，将在三月十九日的市议会公开会议上"
    "就水质和环境问题作出详细说明。"
)
ZH_P3 = (
    "一些居民还要求水务局公布去年六月至十一月的完整化验数据。水务局发言人说，"
    "相关数据正在由外部实验室复核。"
)

# ---------------------------------------------------------------------------
# Hostile record (escaping tests) - literal text, not markup.
# ---------------------------------------------------------------------------

HOSTILE_TITLE = "Consultation portal hit by spam posts <script>alert(1)</script>"
HOSTILE_P2 = (
    "One entry seen by the Bulletin consisted only of the text "
    "<img src=x onerror=alert(2)> repeated several times. A council IT officer "
    "said the portal displays comments as plain text, so the code could not run "
    "in visitors' browsers."
)
HOSTILE_P3 = (
    "Other posts contained a link whose visible text read javascript:alert(3), "
    "pointing nowhere. Several residents reported the posts after they appeared "
    "under the consultation on the water tariff review & the coast road plan."
)


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------


def build_files() -> dict[str, bytes]:
    files: dict[str, str | bytes] = {}

    # ----- Storyline A -----------------------------------------------------
    files["civicpulse-saltmarsh-fact-sheet.html"] = html_page(
        "civicpulse",
        "FACT SHEET: What the Saltmarsh Point plant will not tell you",
        "Marek Dorran",
        "2025-03-03T08:15:00+00:00",
        "/2025/03/03/saltmarsh-point-fact-sheet",
        [A_P1, A_P2, A_P3, A_P4, A_P5, A_P6],
        "Fact Sheets",
    )

    files["northgatepost-water-question.html"] = html_page(
        "northgatepost",
        "Water bills and the question nobody in Veyra wants to answer",
        "Ilse Varga",
        "2025-03-04T17:40:00+00:00",
        "/opinion/2025/03/04/water-bills-question",
        [
            "Every spring the Port Veyra council holds a public session on "
            "utilities, and every spring the room is half empty. This year may be "
            "different. A document circulating on social media since Monday has "
            "put the Saltmarsh Point desalination plant back at the centre of "
            "local conversation, and it raises questions that deserve a straight "
            "answer.",
            "Two of its points stand out.",
            A_P2,
            A_P3,
            "None of this has been independently confirmed by the Northgate Post, "
            "and the water authority has said it will respond in detail at the "
            "council session on March 19. Until then, residents are entitled to "
            "ask why a public utility finds it so difficult to publish its own "
            "test results. Transparency costs very little. Suspicion, once it "
            "takes hold, is far more expensive.",
        ],
        "Opinion",
    )

    files["freecurrent-veyra-fishermen.txt"] = txt_doc(
        "'The sea has changed': Veyra fishermen count the cost",
        [
            "Tomas Brell has fished the waters off Saltmarsh Point for thirty-one "
            "years, like his father before him. These days he often comes back to "
            "the harbour before noon, his ice boxes half empty.",
            "'You learn to read the water,' he says, mending a net on the quay. "
            "'Something changed when they turned that pipe on. The bream moved "
            "away and they have not come back.'",
            A_P4,
            "Brell and a dozen other skippers have written to the harbour "
            "authority asking for an independent survey of the seabed near the "
            "outfall. Three weeks later, they have not received a reply.",
            "'Nobody is against clean water,' he says, coiling the last of the "
            "net. 'We just want someone to tell us the truth about what it costs "
            "and who is paying for it.'",
        ],
    )

    files["openledger-saltmarsh-questions.md"] = md_doc(
        {
            "title": "The questions the water authority has not answered about Saltmarsh Point",
            "author": "Marek Dorran",
            "published": "2025-03-05T09:30:00+00:00",
            "url": "https://openledger-news.example/2025/03/05/saltmarsh-point-questions",
            "outlet": "Open Ledger News",
        },
        "The questions the water authority has not answered about Saltmarsh Point",
        [
            "Two years after it opened, the Saltmarsh Point desalination plant "
            "remains the most expensive piece of public infrastructure in Port "
            "Veyra's history. Open Ledger has reviewed the available documents and "
            "put a series of questions to the Veyra Water Authority.",
            A3_P2,
            "The authority told Open Ledger that all results had been reviewed by "
            "an external laboratory and would be released 'in due course'. It did "
            "not say when.",
            A3_P5,
            "We will publish the authority's full answers when we receive them.",
        ],
    )

    files["baylinegazette-saltmarsh-cp1252.txt"] = txt_doc(
        "Saltmarsh Point: residents demand answers on water quality",
        [
            "By Hélène Marchetti",
            "Agnès Roux keeps a jug of filtered water in her fridge and will not "
            "let her grandchildren drink from the tap. \u201cI don\u2019t know if "
            "there is anything wrong with it,\u201d she said at her kitchen table "
            "in the eastern district of Port Veyra. \u201cThat\u2019s the problem "
            "\u2014 nobody will tell me.\u201d",
            A4_P2,
            A4_P3,
            "The Veyra Water Authority said in a statement that the plant had "
            "\u201cperformed to specification since commissioning\u201d and that "
            "all samples had met the national standard. It declined to comment on "
            "the cost figures.",
            "Roux says she will attend the council\u2019s utilities session on "
            "March 19. \u201cI\u2019ll bring my jug,\u201d she said.",
        ],
    ).encode("cp1252")

    files["valemontobserver-desal-claims.html"] = html_page(
        "valemontobserver",
        "Desalination plant under fire as claims spread online",
        "Petra Lund",
        "2025-03-07T12:10:00+00:00",
        "/environment/2025/03/07/desalination-claims",
        [
            "A list of allegations about the Saltmarsh Point desalination plant in "
            "Port Veyra has been shared thousands of times this week. The Valemont "
            "Observer looked at what the list says.",
            A5_P2,
            A5_P3,
            A5_P4,
            "The Veyra Water Authority disputes several of the claims and says it "
            "will set out its case at a council session later this month. The "
            "Observer was unable to verify the procurement figures independently.",
        ],
        "Environment",
    )

    # ----- Storyline B: coordinated cluster --------------------------------
    files["truthlantern-dunmore-fact-sheet.html"] = html_page(
        "truthlantern",
        "FACT SHEET: The Dunmore shipyard numbers they buried",
        "Marek Dorran",
        "2025-03-10T06:00:00+00:00",
        "/fact-sheets/dunmore-shipyard-numbers",
        [B_P1, B_P2, B_P3, B_P4, B_P5],
        "Fact Sheets",
    )

    files["openledger-dunmore-numbers.md"] = md_doc(
        {
            "title": "Dunmore shipyard, the figures in full",
            "author": "Open Ledger Desk",
            "published": "2025-03-10T14:30:00+00:00",
            "url": "https://openledger-news.example/2025/03/10/dunmore-figures",
            "outlet": "Open Ledger News",
        },
        "Dunmore shipyard, the figures in full",
        [
            "The following figures have been compiled from company filings, grant "
            "records and surveys of local businesses on the northern coast.",
            B_P2,
            B_P3,
            B_P4,
            "Open Ledger will update this page as more documents become available.",
        ],
    )

    files["freecurrent-dunmore-choice.html"] = html_page(
        "freecurrent",
        "Dunmore was not an accident. It was a choice.",
        "Marek Dorran",
        "2025-03-10T19:45:00+00:00",
        "/news/2025/03/10/dunmore-was-a-choice",
        [
            "What happened at Dunmore is not an accident of the market. It is a "
            "choice made by people who will never have to live with the "
            "consequences.",
            B_P1,
            B_P2,
            B_P4,
            "The Free Current asked the regional development fund how much of its "
            "grant money it intends to recover. We had not received an answer by "
            "the time of publication.",
        ],
        "News",
    )

    utf16_text = txt_doc(
        "Dunmore shipyard - read this before you vote",
        [
            "Posted by a reader who asked us not to use their name. Everyone on "
            "the northern coast should read these figures before the regional "
            "elections:",
            B_P2,
            B_P3,
            "My brother worked at the yard for twenty-two years. He now drives a "
            "delivery van two hours from home. Ask your candidates what they will "
            "do about it. Pass it on.",
        ],
    )
    files["dunmore-yard-repost-utf16.txt"] = utf16_text.encode("utf-16")  # BOM

    # ----- Storyline B: honest wire syndication ----------------------------
    files["harbourtimes-kestrel-job-cuts.html"] = html_page(
        "harbourtimes",
        "Kestrel to cut another 380 jobs at Dunmore shipyard",
        "Meridian Wire",
        "2025-03-12T13:20:00+00:00",
        "/business/2025/03/12/kestrel-job-cuts",
        [W_P1, W_P2, W_P3, W_P4, "(Meridian Wire)"],
        "Business",
    )
    files["coastalherald-kestrel-cuts.txt"] = txt_doc(
        "Kestrel confirms further job cuts at Dunmore yard",
        [
            W_P1,
            W_P2,
            W_P3,
            "Reporting by Sanne Okafor (Meridian Wire)",
            "Dunmore lies about 90 kilometres north of Port Veyra, and many "
            "families on this part of the coast have relatives at the yard. The "
            "Coastal Herald would like to hear from readers affected by the cuts.",
        ],
    )

    # ----- Storyline C -----------------------------------------------------
    files["vestnikzaliva-opresnitel.html"] = html_page(
        "vestnikzaliva",
        "Жители Порт-Вейры требуют опубликовать анализы воды",
        "Анна Соколова",
        "2025-03-14T07:00:00+03:00",
        "/gorod/2025/03/14/analizy-vody",
        [R_P1, R_P2, R_P3, R_P4, R_P5],
        "Город",
    )
    files["sevkurier-opresnitel.txt"] = txt_doc(
        "Порт-Вейра: жители требуют правды о воде",
        [
            RE_P1,
            RE_P2,
            RE_P3,
            "Жители, с которыми поговорил наш корреспондент, говорят, что "
            "давно покупают питьевую воду в бутылках и не доверяют официальным "
            "заявлениям.",
            "«Северный курьер» будет следить за развитием событий.",
        ],
    )
    files["alkhabar-aljadid-mahatta.txt"] = txt_doc(
        "محطة رأس المالح تستقبل الزوار يوم السبت",
        [
            "يترقب سكان الأحياء الشرقية في بورت فيرا زيارة المحطة التي أثارت جدلا "
            "واسعا خلال الأسابيع الماضية.",
            AR_P1,
            AR_P2,
            "ويقول عدد من السكان إنهم يفضلون شراء المياه المعبأة إلى أن تنشر "
            "الهيئة نتائج التحاليل كاملة.",
            "ولم يتسن الحصول على تعليق من الناشطين حتى موعد النشر.",
        ],
    )
    files["gangcheng-ribao-zh.txt"] = txt_doc(
        "盐角海水淡化厂：产量与渔业争议",
        [ZH_P1, ZH_P2, ZH_P3],
    )

    files.update(sample_languages.files(txt_doc, md_doc, (R_P2, R_P4)))
    files.update(sample_translation_ru.files(txt_doc))

    # ----- Controls ("false friends": same topics, no shared passages) ------
    files["harbourtimes-lindgrove-desal.html"] = html_page(
        "harbourtimes",
        "Lindgrove switches on its first desalination plant after a decade of planning",
        "Jonas Whitcombe",
        "2025-03-06T10:00:00+00:00",
        "/region/2025/03/06/lindgrove-desalination-plant",
        [
            "The town of Lindgrove, 60 kilometres up the coast from Port Veyra, "
            "began drawing drinking water from the sea on Thursday when its new "
            "desalination plant delivered its first supply into the municipal "
            "network.",
            "The plant, built on the site of a disused cannery, is far smaller than "
            "the Saltmarsh Point facility in Port Veyra. At full capacity it will "
            "produce around 9,000 cubic metres of fresh water a day, enough for "
            "about 11,000 households during the dry summer months, according to "
            "the Lindgrove water board.",
            "Board chair Miriam Okonjo said the project had been designed with the "
            "town's fishing community in mind. Instead of a single outfall, brine "
            "is released through a diffuser array spread over 400 metres of "
            "seabed, which the board says dilutes the discharge within a few "
            "metres of the pipe.",
            "Residents will not see an immediate change in their bills. The board "
            "has committed to holding household charges at their current level "
            "until at least the end of 2026, funded in part by a low-interest loan "
            "from the national infrastructure bank.",
            Raw(
                "Water quality results, including boron and chloride readings, will "
                "be posted weekly on the board&rsquo;s website, Okonjo said. "
                "&ldquo;People have every right to know what comes out of the tap, "
                "and we would rather publish too much than too little,&rdquo; she "
                "said."
            ),
            "The plant will run at half capacity through the spring while "
            "engineers tune the membranes. Full operation is expected before the "
            "summer tourist season begins in June.",
        ],
        "Region",
    )

    files["dailymeridian-gale-warning.html"] = html_page(
        "dailymeridian",
        "Gale warning issued for Veyra coast as weekend storm approaches",
        "Ruth Amsel",
        "2025-03-08T15:30:00+00:00",
        "/weather/2025/03/08/gale-warning-veyra-coast",
        [
            "Forecasters have issued a gale warning for the Veyra coast from late "
            "Saturday afternoon, with gusts of up to 95 kilometres an hour expected "
            "on exposed headlands and heavy rain moving in from the west overnight.",
            Raw(
                "The national weather service said the storm &ndash; the fourth of "
                "the season &ndash; would bring between 30 and 50 millimetres of "
                "rain to coastal districts, with higher totals possible on the hills "
                "behind Port Veyra. Minor flooding is likely on low roads near the "
                "harbour at high tide on Sunday morning."
            ),
            "The harbour master has advised small boat owners to check their "
            "moorings before dark on Saturday. Ferry services to the outer islands "
            "are expected to be cancelled from midday, and passengers are advised "
            "to check with operators before travelling.",
            "Port Veyra council said its road crews would be on standby through the "
            "night and that sandbags were available at the depot on Quay Lane. "
            "Residents in the eastern districts were reminded that the storm drains "
            "along Marsh Road had been cleared last month after complaints about "
            "flooding in January.",
            "Conditions should ease by Sunday afternoon, although a strong swell "
            "will persist along the coast into Monday. Temperatures will stay close "
            "to the seasonal average of 11 degrees.",
        ],
        "Weather",
    )

    files["coastalherald-harbour-dredging.html"] = html_page(
        "coastalherald",
        "Harbour dredging to begin in April, port authority says",
        "Dev Ramaswamy",
        "2025-03-13T08:00:00+00:00",
        "/port/2025/03/13/harbour-dredging-april",
        [
            "The Port Veyra harbour authority will begin dredging the main shipping "
            "channel in the first week of April, a project it says is needed to "
            "keep larger container vessels calling at the port.",
            "The channel has silted up steadily since the last major dredge in "
            "2016, and the authority says some ships are now forced to wait for "
            "high tide before entering. Around 420,000 cubic metres of sediment "
            "will be removed over 14 weeks.",
            "Environmental groups have asked for the spoil to be tested before it "
            "is dumped at the offshore disposal site. The authority said samples "
            "taken in January showed no contamination above regulatory thresholds "
            "and that the results would be published before work begins.",
            "Fishing crews who use the inner harbour will be given a temporary berth "
            "at the old coal wharf while the dredgers are working. Harbour master "
            "Colm Aberley said the authority would keep at least one lane of the "
            "channel open at all times.",
            "The project is budgeted at 27 million crowns, shared between the "
            "authority and the national ports fund.",
        ],
        "Port",
    )

    files["coastalherald-mariners-derby.txt"] = txt_doc(
        "Mariners come from behind to beat Lindgrove in coastal derby",
        [
            "Port Veyra Mariners came from two goals down to beat Lindgrove "
            "Athletic 3-2 at the Quayside Ground on Saturday, keeping alive their "
            "hopes of promotion with seven matches left in the season.",
            "Lindgrove, who had not lost away since October, were the sharper side "
            "in the first half. Winger Kofi Andersen opened the scoring after 12 "
            "minutes and Danny Marsh doubled the lead with a header just before the "
            "break, leaving the home crowd of just over 4,000 in near silence.",
            "Mariners manager Elise Trant made two changes at half-time and the "
            "effect was immediate. Substitute Rui Calloway pulled one back within "
            "five minutes of the restart, and captain Owen Hale levelled from the "
            "penalty spot on the hour after a handball in the area.",
            "The winner came deep in stoppage time. Calloway's low cross from the "
            "left was turned in at the near post by 19-year-old Sam Ostrowski, his "
            "first goal for the club.",
            "'I told them at half-time that nobody would remember the first 45 "
            "minutes if we won the game,' Trant said. 'They believed it, and the "
            "crowd believed it with them.'",
            "The Mariners travel to Dunmore Rovers next Saturday.",
        ],
    )

    council = txt_doc(
        "Veyra council approves budget with extra money for roads and libraries",
        [
            "Port Veyra council approved its budget for the coming year on Tuesday "
            "evening by 21 votes to 9, after a four-hour session in which "
            "opposition members tried and failed to cut spending on a new civic "
            "centre.",
            "The budget totals 318 million crowns, an increase of 4.2 per cent on "
            "last year. The largest single increase is for road repairs, which will "
            "receive an extra 6 million crowns after a winter in which potholes on "
            "the coast road became a regular source of complaints.",
            "Branch libraries in the eastern districts will have their opening "
            "hours restored to five days a week, reversing a cut made two years "
            "ago. Council leader Hanna Voss said the libraries had become 'warm "
            "rooms' for many older residents and that the council could not "
            "justify keeping them closed.",
            "Opposition leader Gregor Lind said the civic centre, budgeted at 41 "
            "million crowns over three years, was a vanity project at a time when "
            "families were struggling with rising costs. His amendment to delay the "
            "project was defeated.",
            "Council tax will rise by 2.9 per cent from April. The council said "
            "water charges are set separately by the water authority and are not "
            "part of the budget.",
        ],
    )
    files["veyra-council-budget.txt"] = council
    files["veyra-council-budget-copy.txt"] = council  # byte-identical duplicate

    files["dailymeridian-dunmore-apprentices.txt"] = txt_doc(
        "Dunmore college launches welding apprenticeship with regional employers",
        [
            "Dunmore Technical College will open a new two-year welding and "
            "fabrication apprenticeship in September, with places for 60 students "
            "funded by a group of regional employers and the national skills "
            "agency.",
            "The course was designed with input from engineering firms along the "
            "northern coast, several of which say they struggle to recruit "
            "qualified welders and fitters. Students will spend three days a week "
            "on placement and two days in college workshops.",
            "College principal Agnieszka Holm said the programme was meant to keep "
            "skills in the area at a difficult time for local industry. 'Dunmore "
            "has been building ships for a hundred and fifty years. The skills that "
            "tradition created should not disappear because one employer is "
            "struggling,' she said.",
            "Employers taking part include a wind turbine maintenance company, two "
            "steel fabricators and a boat repair yard in Lindgrove. Kestrel Marine "
            "Holdings, which runs the Dunmore shipyard, is not among them, though "
            "the college said talks were continuing.",
            "Applications open on April 1. Apprentices will be paid from their "
            "first day, with wages rising in the second year.",
        ],
    )

    files["harbourtimes-water-tariff-review.txt"] = txt_doc(
        "Water authority to review tariffs for large households",
        [
            "The Veyra Water Authority will review how it charges large households "
            "after a council committee heard that families of five or more pay "
            "disproportionately more under the current tariff structure.",
            "Under the present system, every household pays a fixed standing charge "
            "plus a volume charge that rises in steps above 12 cubic metres a "
            "month. Councillor Ida Ferreira told the committee that the steps "
            "penalised families rather than heavy users such as holiday lets with "
            "swimming pools.",
            "The authority's finance director, Paul Ekwueme, said the review would "
            "look at whether allowances could be linked to the number of people "
            "registered at an address. He said any change would need to be "
            "revenue-neutral and could not take effect before next year.",
            "The committee also heard that the authority's energy costs had fallen "
            "slightly since the autumn, but Ekwueme said it was too early to say "
            "whether that would feed through into lower bills.",
            "A public consultation on the tariff review is expected to open in May.",
        ],
    )

    # ----- JSONL wire feed -------------------------------------------------
    def para(*ps):
        return "\n\n".join(ps)

    records = [
        {
            "id": "mw-2025-0307-004",
            "title": "Northern Coast Ferries orders two hybrid vessels",
            "author": "Tobias Wren",
            "published": "2025-03-07T09:15:00+00:00",
            "url": "https://meridianwire.example/business/2025/03/07/ferries-hybrid-order",
            "outlet": "Meridian Wire",
            "section": "business",
            "language": "en",
            "text": para(
                "LINDGROVE, March 7 (Meridian Wire) - Northern Coast Ferries has "
                "ordered two battery-hybrid passenger vessels for its island routes, "
                "the operator said on Friday, in a contract worth about 140 million "
                "crowns.",
                "The ships will be built by a yard in the south of the country, with "
                "some steel sections fabricated abroad. Delivery of the first vessel "
                "is expected in the spring of 2027.",
                "Chief executive Lotte Brandt said the new ferries would cut fuel use "
                "on the island routes by around 40 per cent and allow the company to "
                "retire two vessels that entered service in the 1990s.",
                "The order did not go to the Dunmore shipyard, which built most of "
                "the operator's current fleet. Brandt said Dunmore had been invited "
                "to tender but had not submitted a bid.",
                "Northern Coast Ferries carried 1.3 million passengers last year, up "
                "6 per cent from the year before. The company said summer sailings "
                "to the outer islands were already close to fully booked.",
            ),
        },
        {
            "id": "cp-2025-0310-07",
            "title": "Dunmore: the figures behind the run-down of a shipyard",
            "author": "M. Dorran",
            "published": "2025-03-10T11:05:00+00:00",
            "url": "https://civicpulse.example/2025/03/10/dunmore-figures",
            "outlet": "Civic Pulse",
            "section": "investigations",
            "language": "en",
            "text": para(
                "Civic Pulse has obtained a summary of the figures behind the "
                "run-down of the Dunmore shipyard. We are publishing the key points "
                "in full.",
                B_P1,
                B_P2,
                B_P3,
                "Kestrel Marine Holdings did not respond to our questions before publication.",
            ),
        },
        {
            "id": "mw-2025-0312-001",
            "title": "Kestrel confirms further job cuts at Dunmore yard",
            "author": "Sanne Okafor",
            "published": "2025-03-12T10:00:00+00:00",
            "url": "https://meridianwire.example/business/2025/03/12/kestrel-dunmore-cuts",
            "outlet": "Meridian Wire",
            "section": "business",
            "language": "en",
            "text": para(W_P1, W_P2, W_P3, W_P4, W_P5),
        },
        {
            "id": "sas-2025-0315-02",
            "title": "هيئة المياه تفتح محطة التحلية أمام الزوار",
            "author": "ليلى حداد",
            "published": "2025-03-15T09:00:00+03:00",
            "url": "https://sawtalsahil.example/ar/2025/03/15/desal-open-day",
            "outlet": "صوت الساحل",
            "section": "محليات",
            "language": "ar",
            "text": para(AR_P1, AR_P2, AR_P3, AR_P4),
        },
        {
            "id": "hw-2025-0317-zh",
            "title": "东部居民关注海水淡化厂",
            "author": "林静",
            "published": "2025-03-17T06:30:00+08:00",
            "url": "https://haiwanzhoubao.example/zh/2025/03/17/desal",
            "outlet": "港湾周报",
            "section": "本地",
            "language": "zh",
            "text": para(
                "【本报讯】波特维拉东部城区居民对海水淡化厂的关注持续升温。",
                ZH_P2,
                "本报将继续关注此事。",
            ),
        },
        {
            "id": "vb-2025-0318-01",
            "title": HOSTILE_TITLE,
            "author": "Bulletin staff",
            "published": "2025-03-18T12:00:00+00:00",
            "url": "https://veyrabulletin.example/local/2025/03/18/portal-spam?ref=feed&x=1",
            "outlet": "Veyra Community Bulletin",
            "section": "local",
            "language": "en",
            "text": para(
                "Port Veyra council temporarily closed the comment section of its "
                "online consultation portal on Monday after it was flooded with "
                "hundreds of automated posts, some of which contained fragments of "
                "code.",
                HOSTILE_P2,
                HOSTILE_P3,
                "The council said no personal data had been accessed and that "
                "genuine comments submitted before the closure had been kept. The "
                "portal is expected to reopen later this week with a verification "
                "step for new accounts.",
                "Residents who submitted comments by post or at the library are not affected.",
            ),
        },
        {
            "id": "mw-2025-0320-002",
            "title": "Veyra water authority publishes lab results after council row",
            "author": "Sanne Okafor",
            "published": "2025-03-20T16:45:00+00:00",
            "url": "https://meridianwire.example/national/2025/03/20/veyra-lab-results",
            "outlet": "Meridian Wire",
            "section": "national",
            "language": "en",
            "text": para(
                "PORT VEYRA, March 20 (Meridian Wire) - The Veyra Water Authority on "
                "Thursday published six months of laboratory results for drinking "
                "water from the Saltmarsh Point desalination plant, a day after a "
                "heated council session at which residents accused it of withholding "
                "data.",
                "The results, covering June to November last year, show boron "
                "concentrations averaging 1.1 milligrams per litre in the eastern "
                "districts, below the national limit of 1.5 milligrams. The highest "
                "single reading, taken in August, was 1.38 milligrams.",
                "Authority chief executive Rosalind Achterberg said the data had been "
                "held back only because it was being checked by an outside "
                "laboratory. 'We should have explained that earlier, and we did not. "
                "That is a lesson for us,' she said.",
                "Campaigners who had demanded the publication said they would ask an "
                "independent chemist to review the figures. Several fact sheets "
                "shared online in recent weeks made claims about the plant's costs "
                "and its effect on fish stocks that the authority says are "
                "inaccurate.",
                "The council has asked the authority to publish quality results "
                "monthly from April.",
            ),
        },
        {
            "id": "vb-undated-festival",
            "title": "Harbour food festival returns with a record number of stalls",
            "author": "Bulletin staff",
            "url": "https://veyrabulletin.example/community/harbour-food-festival",
            "outlet": "Veyra Community Bulletin",
            "section": "community",
            "language": "en",
            "text": para(
                "The Port Veyra harbour food festival will return to the Quayside "
                "this summer with more than 120 stalls, the organisers said, the "
                "largest number since the event began in 2009.",
                "This year's festival will run over three days instead of two, and "
                "for the first time part of the old fish market will be opened to "
                "visitors as a covered food hall. Local fishing crews will run "
                "cooking demonstrations using the day's catch.",
                "Organiser Beatrix Nwosu said the festival was a chance to celebrate "
                "the harbour at a time when much of the local news about the sea had "
                "been gloomy. 'We want people to come down to the water and enjoy "
                "it,' she said.",
                "Entry will be free, though visitors are asked to bring their own "
                "cups and plates as part of a drive to cut waste. Volunteers can "
                "register through the organisers' website. A full programme, "
                "including the times of the cooking demonstrations, will be "
                "published in June.",
            ),
        },
        {
            "id": "ht-undated-letters",
            "title": "Letters: water bills, the coast road and the gale",
            "author": "Letters editor",
            "url": "https://harbourtimes.example/opinion/letters/water-bills-coast-road",
            "outlet": "Harbour Times",
            "section": "opinion",
            "language": "en",
            "text": para(
                "Sir, I have lived in the eastern districts for thirty years and I "
                "have never paid as much for water as I do now. Whatever the rights "
                "and wrongs of the plant at Saltmarsh Point, someone at the water "
                "authority should explain in plain language why my bill keeps going "
                "up. - R. Castell, Marsh Road",
                "Sir, The council has found another 6 million crowns for the coast "
                "road. I will believe it when I see the potholes filled. My car has "
                "needed two new tyres since November. - D. Imrie, Harbour Heights",
                "Sir, Your report on the gale warning was very helpful. May I add a "
                "plea to boat owners to check not only their own moorings but their "
                "neighbours' too? Many of the older owners at the inner harbour "
                "cannot get down the ladders in bad weather. A knock on the door "
                "costs nothing and may save a boat. - J. Oyelaran, Quay Lane",
            ),
        },
    ]
    files["wire-feed.jsonl"] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)

    return {k: (v if isinstance(v, bytes) else v.encode("utf-8")) for k, v in files.items()}


# ---------------------------------------------------------------------------
# Truth
# ---------------------------------------------------------------------------


def build_truth() -> dict:
    J = "wire-feed.jsonl#id="
    A0 = "civicpulse-saltmarsh-fact-sheet.html"
    B0 = "truthlantern-dunmore-fact-sheet.html"
    W0 = J + "mw-2025-0312-001"

    def r(source, target, kind, s, t, storyline, **extra):
        d = {
            "source": source,
            "target": target,
            "kind": kind,
            "source_text": s,
            "target_text": t,
            "storyline": storyline,
        }
        d.update(extra)
        return d

    reuse = [
        # A: verbatim embeds in otherwise different articles
        r(A0, "northgatepost-water-question.html", "verbatim", A_P2, A_P2, "A"),
        r(A0, "northgatepost-water-question.html", "verbatim", A_P3, A_P3, "A"),
        r(A0, "freecurrent-veyra-fishermen.txt", "verbatim", A_P4, A_P4, "A"),
        # A: light edits
        r(A0, "openledger-saltmarsh-questions.md", "edited", A_P2, A3_P2, "A"),
        r(A0, "openledger-saltmarsh-questions.md", "edited", A_P5, A3_P5, "A"),
        r(A0, "baylinegazette-saltmarsh-cp1252.txt", "edited", A_P2, A4_P2, "A"),
        r(A0, "baylinegazette-saltmarsh-cp1252.txt", "edited", A_P3, A4_P3, "A"),
        # A: paraphrase
        r(A0, "valemontobserver-desal-claims.html", "paraphrase", A_P2, A5_P2, "A"),
        r(A0, "valemontobserver-desal-claims.html", "paraphrase", A_P3, A5_P3, "A"),
        r(A0, "valemontobserver-desal-claims.html", "paraphrase", A_P4, A5_P4, "A"),
        # B: coordinated verbatim cluster, all within 24 hours (+ one undated repost)
        r(B0, J + "cp-2025-0310-07", "verbatim", B_P1, B_P1, "B", cluster="dunmore"),
        r(B0, J + "cp-2025-0310-07", "verbatim", B_P2, B_P2, "B", cluster="dunmore"),
        r(B0, J + "cp-2025-0310-07", "verbatim", B_P3, B_P3, "B", cluster="dunmore"),
        r(B0, "openledger-dunmore-numbers.md", "verbatim", B_P2, B_P2, "B", cluster="dunmore"),
        r(B0, "openledger-dunmore-numbers.md", "verbatim", B_P3, B_P3, "B", cluster="dunmore"),
        r(B0, "openledger-dunmore-numbers.md", "verbatim", B_P4, B_P4, "B", cluster="dunmore"),
        r(B0, "freecurrent-dunmore-choice.html", "verbatim", B_P1, B_P1, "B", cluster="dunmore"),
        r(B0, "freecurrent-dunmore-choice.html", "verbatim", B_P2, B_P2, "B", cluster="dunmore"),
        r(B0, "freecurrent-dunmore-choice.html", "verbatim", B_P4, B_P4, "B", cluster="dunmore"),
        r(B0, "dunmore-yard-repost-utf16.txt", "verbatim", B_P2, B_P2, "B", cluster="dunmore"),
        r(B0, "dunmore-yard-repost-utf16.txt", "verbatim", B_P3, B_P3, "B", cluster="dunmore"),
        # B-wire: legitimate, credited syndication
        *[
            r(
                W0,
                "harbourtimes-kestrel-job-cuts.html",
                "verbatim",
                p,
                p,
                "B-wire",
                attribution="credited",
                credit="Meridian Wire",
            )
            for p in (W_P1, W_P2, W_P3, W_P4)
        ],
        *[
            r(
                W0,
                "coastalherald-kestrel-cuts.txt",
                "verbatim",
                p,
                p,
                "B-wire",
                attribution="credited",
                credit="Meridian Wire",
            )
            for p in (W_P1, W_P2, W_P3)
        ],
        # C: non-English reuse
        r(
            "vestnikzaliva-opresnitel.html",
            "sevkurier-opresnitel.txt",
            "edited",
            R_P1,
            RE_P1,
            "C",
            language="ru",
        ),
        r(
            "vestnikzaliva-opresnitel.html",
            "sevkurier-opresnitel.txt",
            "edited",
            R_P2,
            RE_P2,
            "C",
            language="ru",
        ),
        r(
            "vestnikzaliva-opresnitel.html",
            "sevkurier-opresnitel.txt",
            "edited",
            R_P3,
            RE_P3,
            "C",
            language="ru",
        ),
        r(
            J + "sas-2025-0315-02",
            "alkhabar-aljadid-mahatta.txt",
            "verbatim",
            AR_P1,
            AR_P1,
            "C",
            language="ar",
        ),
        r(
            J + "sas-2025-0315-02",
            "alkhabar-aljadid-mahatta.txt",
            "verbatim",
            AR_P2,
            AR_P2,
            "C",
            language="ar",
        ),
        r(
            "gangcheng-ribao-zh.txt",
            J + "hw-2025-0317-zh",
            "verbatim",
            ZH_P2,
            ZH_P2,
            "C",
            language="zh",
        ),
    ]
    # D: retyped and rewritten copies in Persian, Arabic and Russian; a Persian translation
    reuse += sample_languages.reuse(r, J + "sas-2025-0315-02", (R_P2, R_P4), (AR_P1, AR_P2), (B_P2, B_P3))
    reuse += sample_translation_ru.reuse(r)

    unrelated = [
        # same topic, shared vocabulary, no shared passage
        [A0, "harbourtimes-lindgrove-desal.html"],
        [A0, "harbourtimes-water-tariff-review.txt"],
        [A0, J + "mw-2025-0320-002"],
        [A0, J + "ht-undated-letters"],
        ["valemontobserver-desal-claims.html", "harbourtimes-lindgrove-desal.html"],
        ["freecurrent-veyra-fishermen.txt", "coastalherald-harbour-dredging.html"],
        [B0, "dailymeridian-dunmore-apprentices.txt"],
        [B0, W0],
        [B0, J + "mw-2025-0307-004"],
        [W0, J + "mw-2025-0307-004"],
        ["dailymeridian-gale-warning.html", "coastalherald-harbour-dredging.html"],
        ["veyra-council-budget.txt", "harbourtimes-water-tariff-review.txt"],
        ["coastalherald-mariners-derby.txt", J + "vb-undated-festival"],
        [J + "vb-2025-0318-01", "harbourtimes-water-tariff-review.txt"],
        # one language, one outlet's style, two stories
        ["bandarnameh-abshirinkon.md", "hamvatan-dunmore-fa.txt"],
    ]

    duplicates = [["veyra-council-budget.txt", "veyra-council-budget-copy.txt"]]

    claims_differ = [
        {
            "storyline": "A",
            "claim": "households receiving borderline-boron water",
            "source": A0,
            "target": "openledger-saltmarsh-questions.md",
            "source_claim": "roughly 30,000 households",
            "target_claim": "over 30,000 households",
            "change": "hedge changed (roughly -> over), number kept",
        },
        {
            "storyline": "A",
            "claim": "households receiving borderline-boron water",
            "source": A0,
            "target": "baylinegazette-saltmarsh-cp1252.txt",
            "source_claim": "roughly 30,000 households",
            "target_claim": "roughly 3,000 households",
            "change": "number changed (30,000 -> 3,000)",
        },
        {
            "storyline": "A",
            "claim": "final cost of the plant",
            "source": A0,
            "target": "baylinegazette-saltmarsh-cp1252.txt",
            "source_claim": "has already passed 530 million",
            "target_claim": "has already passed 550 million",
            "change": "number changed (530 million -> 550 million)",
        },
        {
            "storyline": "C",
            "claim": "number of petition signatories",
            "source": "vestnikzaliva-opresnitel.html",
            "target": "sevkurier-opresnitel.txt",
            "source_claim": "более двух тысяч человек",
            "target_claim": "около трёх тысяч человек",
            "change": "number changed (more than two thousand -> about three thousand)",
        },
    ]

    claims_same = [
        # kept figures, useful as negatives for claim comparison
        {
            "storyline": "A",
            "source": A0,
            "target": "valemontobserver-desal-claims.html",
            "source_claim": "412 million crowns",
            "target_claim": "412 million crowns",
        },
        {
            "storyline": "A",
            "source": A0,
            "target": "valemontobserver-desal-claims.html",
            "source_claim": "March 2, 2023",
            "target_claim": "March 2, 2023",
        },
        {
            "storyline": "B",
            "source": B0,
            "target": "freecurrent-dunmore-choice.html",
            "source_claim": "September 6, 2024",
            "target_claim": "September 6, 2024",
        },
        {
            "storyline": "B",
            "source": B0,
            "target": "openledger-dunmore-numbers.md",
            "source_claim": "1,200 workers",
            "target_claim": "1,200 workers",
        },
        {
            "storyline": "B",
            "source": B0,
            "target": "dunmore-yard-repost-utf16.txt",
            "source_claim": "40 per cent",
            "target_claim": "40 per cent",
        },
    ]

    return {
        "description": (
            "Planted reuse in examples/sample-corpus. Names are relative to that "
            "directory; JSONL records are named '<file>#id=<id>'. Every "
            "source_text/target_text/…_claim occurs verbatim in the named document "
            "(HTML: tags stripped, entities unescaped). See examples/README.md."
        ),
        "reuse": reuse,
        "unrelated": unrelated,
        "duplicates": duplicates,
        "claims_differ": claims_differ,
        "claims_same": claims_same,
        "hostile": [J + "vb-2025-0318-01"],
        # no date copytrail may use: the JSONL records without `published`, and every bare
        # .txt file (a file's modification time is not a publication date)
        "undated": [J + "vb-undated-festival", J + "ht-undated-letters"]
        + sorted(name for name in build_files() if name.endswith(".txt")),
        "encodings": {
            "baylinegazette-saltmarsh-cp1252.txt": "cp1252",
            "dunmore-yard-repost-utf16.txt": "utf-16 (with BOM)",
        },
    }


def main() -> None:
    CORPUS.mkdir(parents=True, exist_ok=True)
    files = build_files()
    for stale in CORPUS.iterdir():
        if stale.is_file() and stale.name not in files:
            stale.unlink()
    for name, data in sorted(files.items()):
        (CORPUS / name).write_bytes(data)
    TRUTH.write_text(
        json.dumps(build_truth(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(files)} files to {CORPUS} and {TRUTH}")


if __name__ == "__main__":
    main()

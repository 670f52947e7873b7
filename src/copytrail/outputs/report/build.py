"""Build the offline HTML report: one self-contained file, safe to open and to pass around.

All data travels in a single JSON block whose ``<``, ``>`` and ``&`` are escaped, so no text
from an article can end the block or open a tag; the page's own small script renders it with
DOM text nodes only.  Plotly is inlined from the ``plotly`` package, so nothing is fetched.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from copytrail import __version__
from copytrail.errors import UsageError
from copytrail.outputs.report.claims import changed_figures
from copytrail.outputs.report.data import (
    PAIRS_PER_NARRATIVE,
    TOP_NARRATIVES,
    corpus_summary,
    label_card,
    narratives_data,
    plot_date,
)
from copytrail.outputs.report.direction import html_attributes
from copytrail.outputs.report.network import copy_networks, outlet_network
from copytrail.store import Store, queries

_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)


def json_for_script(data: Any) -> str:
    """JSON that cannot break out of ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc. (still the same JSON), and so do the two
    line separators some parsers treat as newlines.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def inline_script(source: str) -> str:
    """A script's source made safe to place between ``<script>`` tags (``</script`` split)."""
    return _SCRIPT_END.sub(r"<\\/\1", source)


def plotly_js() -> str:
    """plotly.min.js as shipped inside the ``plotly`` Python package (no network, no CDN)."""
    try:
        path = resources.files("plotly") / "package_data" / "plotly.min.js"
        return path.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise UsageError("the report needs the 'plotly' package: pip install plotly") from exc


def _sha256(source: str) -> str:
    """A CSP source hash: only these exact scripts may run, even if something slipped in."""
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("copytrail.outputs.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["attrs"] = html_attributes  # dir and lang of article text
    return env


def _asset(name: str) -> str:
    return (resources.files("copytrail.outputs.report") / "templates" / name).read_text(encoding="utf-8")


def report_data(
    store: Store, top: int = TOP_NARRATIVES, pairs_per: int = PAIRS_PER_NARRATIVE
) -> dict[str, Any]:
    """Everything the page shows, as one JSON-ready object."""
    summary = corpus_summary(store)
    narratives, docs = narratives_data(store, top, pairs_per)
    rank = {n["id"]: n["rank"] for n in narratives}
    network = outlet_network(store, rank)
    copies = copy_networks(store, rank)
    needed = {p[k] for e in network["edges"] for ev in e["evidence"] for p in ev["pairs"] for k in ("source", "target")}
    needed |= {p[k] for net in copies.values() for e in net["edges"] for p in e["evidence"] for k in ("source", "target")}
    missing = sorted(needed - docs.keys())
    if missing:
        for d in queries.document_cards(store, missing):
            docs[d["id"]] = label_card(d)
    for d in docs.values():
        d["plot_date"] = plot_date(d["published"])
    return {
        "summary": summary,
        "narratives": narratives,
        "docs": docs,
        "network": network,  # outlets sharing narratives
        "copies": copies,  # who published first: outlets and bylines
        "limits": {"top": top, "pairs_per": pairs_per},
    }


def build_report(
    store: Store,
    out_path: str | Path,
    *,
    top: int = TOP_NARRATIVES,
    pairs_per: int = PAIRS_PER_NARRATIVE,
) -> Path:
    """Write the report for ``store`` to ``out_path`` and return the path written."""
    out = Path(out_path)
    data = report_data(store, top, pairs_per)
    summary = data["summary"]
    data["summary"] = {k: v for k, v in summary.items() if k != "error_rows"}
    plotly_src = inline_script(plotly_js())
    app_src = inline_script(_asset("report.js"))
    page = _environment().get_template("report.html.j2").render(
        script_hashes=" ".join(f"'{_sha256(s)}'" for s in (plotly_src, app_src)),
        summary=summary,
        changes=changed_figures(store),
        limits=data["limits"],
        narratives_total=len(data["narratives"]),
        store_name=Path(store.path).name,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
        css=Markup(_asset("report.css")),
        data_json=Markup(json_for_script(data)),
        plotly_js=Markup(plotly_src),
        app_js=Markup(app_src),
    )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        raise UsageError(f"{out}: cannot write the report: {exc.strerror or exc}") from exc
    return out

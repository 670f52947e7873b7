/* copytrail report: renders the JSON data block with DOM text nodes only (never innerHTML),
   so article text, titles and URLs can never become markup. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("report-data").textContent);
  var DOCS = DATA.docs;
  var NARR = {};
  DATA.narratives.forEach(function (n) { NARR[n.id] = n; });
  var PAGE = 50;
  var BUILD = {};  // narrative id → builds its body once (opened, or a side by side linked to)

  function el(tag, cls, children) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) { return; }
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    });
    return node;
  }
  function txt(s) { return document.createTextNode(s === null || s === undefined ? "" : String(s)); }
  /* Article text says its direction and language (dir, lang: from the stored language, made
     in Python); an untrusted string inside a sentence of the page (a title, an outlet, a byline)
     is a <bdi>, so its letters or bidi controls cannot reorder the words around it. */
  function withAttrs(node, attrs) {
    Object.keys(attrs || {}).forEach(function (k) { if (attrs[k] !== null && attrs[k] !== undefined) { node.setAttribute(k, attrs[k]); } });
    return node;
  }
  function iso(s) { return el("bdi", null, [s === null || s === undefined ? "" : String(s)]); }
  function auto(node) { node.setAttribute("dir", "auto"); return node; }
  function isHttp(u) { return typeof u === "string" && /^https?:\/\//i.test(u.trim()); }
  /* A URL is always shown as text; only http(s) ones also become a link. */
  function urlNode(u) {
    if (!u) { return null; }
    var wrap = el("div", "url");
    if (isHttp(u)) {
      var a = el("a", null, [u]);
      a.setAttribute("href", u.trim());
      a.setAttribute("rel", "noopener noreferrer");
      a.setAttribute("target", "_blank");
      wrap.appendChild(a);
    } else {
      wrap.appendChild(txt(u));
    }
    return wrap;
  }
  /* Where a document is cited from: its path, or path#id=… for a record of a JSONL file;
     nothing when its URL already says it (a whole file with a URL, a record cited by URL). */
  function citeNode(d) {
    var cite = d.cite || d.path;
    return cite && (d.record || !d.url) && cite !== d.url ? el("div", "url path", [cite]) : null;
  }
  /* A fetched page (WARC): when the compared copy was captured; the URL above is the live page. */
  function capturedNode(d) {
    return d.captured ? el("div", "muted", ["archived copy captured " + d.captured + (d.url ? "; the link is the live page" : "")]) : null;
  }
  /* Plotly parses a few tags in its labels: hand it entities, it shows them as text. */
  function ptext(s) {
    return String(s === null || s === undefined ? "" : s)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  /* A name inside a plot's label (SVG text has no <bdi>): its bidi controls left out of the
     label, and the name isolated (FSI ... PDI) from the words around it. */
  var BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
  function pname(s) { return "\u2068" + ptext(String(s === null || s === undefined ? "" : s).replace(BIDI_CONTROLS, "")) + "\u2069"; }
  function docLabel(id) { var d = DOCS[id]; return d ? d.label : id; }
  function day(s) { return s ? String(s).slice(0, 10) : "undated"; }
  function sourceWords(s) {
    return { metadata: "stated by the input", url: "day in its web address", warc: "WARC capture time", file: "file time", none: "no date" }[s || "none"] || String(s);
  }
  function confClass(c) { return c ? String(c).split(":")[0].replace(/[^a-z]/g, "") : "unknown"; }
  function plural(n, word) { return Number(n).toLocaleString("en-US") + " " + word + (n === 1 ? "" : "s"); }

  /* ---------------------------------------------------------------- network */
  /* Three views of one section: who published a passage first (outlets, bylines), drawn as
     arrows from the earlier to the later; and outlets sharing narratives, drawn as links. */
  var selectedRow = null;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var WHO = { outlets: "outlet", authors: "byline" };
  function showEvidence(nodes) {
    var box = document.getElementById("evidence");
    while (box.firstChild) { box.removeChild(box.firstChild); }
    nodes.forEach(function (n) { if (n) { box.appendChild(n); } });
  }
  function narrativeLink(id) {
    var n = NARR[id];
    var a = el("a", null, n ? ["#" + n.rank + " ", iso(n.label)] : [id]);
    a.setAttribute("href", "#n-" + id);
    a.addEventListener("click", function (ev) { ev.preventDefault(); openNarrative(id); });
    return a;
  }
  /* A document pair's side by side where the report embeds it, else its narrative. */
  function pairLink(p) {
    if (!p.narrative) { return el("span", "muted", ["in no narrative"]); }
    var n = NARR[p.narrative];
    var embedded = n && n.pairs.some(function (q) { return q.source === p.source && q.target === p.target; });
    if (!embedded) { return el("span", null, ["in ", narrativeLink(p.narrative)]); }
    var a = el("a", null, ["side by side"]);
    a.setAttribute("href", "#n-" + p.narrative);
    a.addEventListener("click", function (ev) { ev.preventDefault(); openPair(p.narrative, p.source, p.target); });
    return el("span", null, [a, " in ", narrativeLink(p.narrative)]);
  }
  /* A name inside an SVG label (no <bdi> there): its bidi controls left out, the name isolated. */
  function sname(s) { return "\u2068" + String(s === null || s === undefined ? "" : s).replace(BIDI_CONTROLS, "") + "\u2069"; }
  function short(s) { s = String(s || ""); return s.length > 32 ? s.slice(0, 31) + "…" : s; }
  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    (children || []).forEach(function (c) {
      if (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); }
    });
    return node;
  }
  function lagWords(h) {
    if (h === null || h === undefined) { return "unknown"; }
    if (h < 1) { return Math.round(h * 60) + " minutes"; }
    return h < 48 ? h.toFixed(1) + " hours" : (h / 24).toFixed(1) + " days";
  }
  /* When a document came out, as precisely as its date says, and from what. */
  function when(id) {
    var d = DOCS[id] || {};
    if (!d.published) { return "undated"; }
    var zoned = /(Z|[+-]\d\d:?\d\d)$/.test(d.published);  /* a time stated without its zone is kept without one */
    var shown = d.date_precision === "day" ? d.published.slice(0, 10) : d.published.slice(0, 16).replace("T", " ") + (zoned ? " UTC" : " (no time zone)");
    return d.date_source === "metadata" ? shown : shown + ", " + sourceWords(d.date_source);
  }
  function clickable(node, pick) {
    node.addEventListener("click", pick);
    node.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); pick(); }
    });
    return node;
  }
  function select(selector, node) {
    document.querySelectorAll(selector).forEach(function (n) { n.classList.remove("selected"); });
    if (node) { node.classList.add("selected"); }
  }

  /* ---- who published first */
  function copyNodeEvidence(net, i) {
    var node = net.nodes[i];
    function links(edges, end, arrow) {
      if (!edges.length) { return el("p", "muted", ["none"]); }
      return el("ul", null, edges.map(function (e) {
        var a = el("a", null, [arrow, iso(net.nodes[e[end]].name)]);
        a.setAttribute("href", "#network");
        a.addEventListener("click", function (ev) { ev.preventDefault(); copyEdgeEvidence(net, net.edges.indexOf(e)); });
        return el("li", null, [a, ": " + plural(e.passages, "passage") + ", median " + lagWords(e.lag_hours) + " apart"]);
      }));
    }
    showEvidence([
      auto(el("h3", null, [node.name])),
      el("p", "muted", [plural(node.documents, "document") + " with reused passages, in " + plural(node.narratives, "narrative") +
        (node.first ? "; dated " + day(node.first) + " to " + day(node.last) : "")]),
      el("div", null, ["Its passages published later by:"]),
      links(net.edges.filter(function (e) { return e.a === i; }), "b", "→ "),
      el("div", null, ["It published passages after:"]),
      links(net.edges.filter(function (e) { return e.b === i; }), "a", "← ")
    ]);
    select("#network-plot .copy-node", document.querySelector('#network-plot .copy-node[data-node="' + i + '"]'));
  }
  function copyEdgeEvidence(net, i) {
    var e = net.edges[i], a = net.nodes[e.a].name, b = net.nodes[e.b].name;
    var notes = [plural(e.passages, "passage") + " in " + plural(e.narratives, "narrative") + ": published first by ", iso(a),
      ", later by ", iso(b), "; median " + lagWords(e.lag_hours) + " later."];
    if (e.file_time) { notes.push(" " + plural(e.file_time, "passage") + " ordered by a file time only (when a file was saved, not published)."); }
    if (e.no_zone) { notes.push(" " + plural(e.no_zone, "passage") + " ordered by times less than 26 hours apart, one stated without its time zone: the order may be the other way."); }
    if (e.syndicated) { notes.push(" " + plural(e.syndicated, "passage") + " between credited wire copies."); }
    var items = e.evidence.map(function (p) {
      var kinds = [];
      p.kinds.forEach(function (k, j) { kinds.push(j ? ", " : "", el("span", "hl-" + k, [k])); });
      return el("li", "copy-pair", [
        el("div", null, [iso(docLabel(p.source)), el("span", "muted", [" (" + when(p.source) + ")"]), " → ",
          iso(docLabel(p.target)), el("span", "muted", [" (" + when(p.target) + ")"])]),
        el("div", "muted", [p.lag + " · " + plural(p.passages, "passage") + " · "].concat(kinds, [" · ", pairLink(p)]))
      ]);
    });
    var more = e.evidence_total > e.evidence.length
      ? el("p", "muted", ["The first " + e.evidence.length + " of " + e.evidence_total + " document pairs."]) : null;
    showEvidence([el("h3", null, [iso(a), " → ", iso(b)]), el("p", "muted", notes), el("ol", "copy-pairs", items), more]);
    select("#network-plot .copy-edge", document.querySelector('#network-plot .copy-edge[data-edge="' + i + '"]'));
  }
  function drawCopyGraph(net, plot) {
    var who = WHO[net.what];
    if (!net.edges.length) {
      plot.appendChild(el("p", "muted empty", ["No arrow to draw."]));
      return;
    }
    var root = svg("svg", { viewBox: "0 0 " + net.box[0] + " " + net.box[1], "class": "copy-graph", role: "group",
      "aria-label": "Arrows from the " + who + " that published a passage first to the one that published it later" });
    var edges = svg("g", { "class": "edges" }), nodes = svg("g", { "class": "nodes" });
    net.edges.forEach(function (e, i) {
      var a = net.nodes[e.a].name, b = net.nodes[e.b].name;
      var label = sname(a) + " → " + sname(b) + ": " + plural(e.passages, "passage") + ", median " + lagWords(e.lag_hours) + " later";
      var g = svg("g", { "class": "copy-edge" + (e.file_time === e.passages ? " file-time" : ""), "data-edge": i,
        "data-from": a, "data-to": b, tabindex: 0, role: "button", "aria-label": label, opacity: e.opacity }, [
        svg("title", null, [label]),
        svg("path", { "class": "edge-hit", d: e.line }),
        svg("path", { "class": "edge-line", d: e.line, "stroke-width": e.width }),
        svg("path", { "class": "edge-head", d: e.head })
      ]);
      edges.appendChild(clickable(g, function () { copyEdgeEvidence(net, i); }));
    });
    net.nodes.forEach(function (n, i) {
      var label = sname(n.name) + ": " + plural(n.documents, "document") + ", " + plural(n.narratives, "narrative");
      var g = svg("g", { "class": "copy-node", "data-node": i, "data-name": n.name, tabindex: 0, role: "button",
        "aria-label": label, transform: "translate(" + n.px + "," + n.py + ")" }, [
        svg("title", null, [label]),
        svg("circle", { r: n.r }),
        n.labelled ? svg("text", { y: -n.r - 6, "text-anchor": "middle" }, [sname(short(n.name))]) : null
      ]);
      nodes.appendChild(clickable(g, function () { copyNodeEvidence(net, i); }));
    });
    root.appendChild(edges);
    root.appendChild(nodes);
    plot.appendChild(root);
  }
  function copyTable(net) {
    var who = WHO[net.what];
    var note = net.nodes.length < net.nodes_total ? " (the " + net.nodes.length + " most connected of " + net.nodes_total + " " + who + "s are drawn)" : "";
    edgeTable("Arrows by passages" + note, ["published first", "published later", "passages", "narratives", "median lag"],
      net.edges.map(function (e) {
        return [auto(el("td", null, [net.nodes[e.a].name])), auto(el("td", null, [net.nodes[e.b].name])),
          el("td", null, [e.passages]), el("td", null, [e.narratives]), el("td", null, [lagWords(e.lag_hours)])];
      }),
      function (i) { copyEdgeEvidence(net, i); });
  }
  /* What the arrows leave out, in one line: passages whose order the dates do not give, and the
     outlets (or bylines) left without an arrow. */
  function leftOutLine(net) {
    var who = WHO[net.what], parts = [];
    if (!net.left_out.length && !net.unlinked_total) {
      return [net.edges.length ? "Every passage between two " + who + "s has dates that order it." : "No passage is reused between two " + who + "s."];
    }
    if (net.left_out.length) {
      parts.push("No arrow for ");
      net.left_out.forEach(function (r, j) { parts.push((j ? "; " : "") + plural(r.passages, "passage") + ": " + r.reason); });
      parts.push(".");
    }
    if (net.unlinked_total) {
      parts.push((parts.length ? " " : "") + (net.unlinked_total === 1 ? "One " + who + " has" : net.unlinked_total + " " + who + "s have") + " no arrow: ");
      net.unlinked.forEach(function (name, j) { parts.push(j ? ", " : "", iso(name)); });
      parts.push(net.unlinked_total > net.unlinked.length ? " and " + (net.unlinked_total - net.unlinked.length) + " more." : ".");
    }
    return parts;
  }

  /* ---- outlets sharing narratives */
  function nodeEvidence(i) {
    var node = DATA.network.nodes[i];
    var list = el("ul", null, node.evidence.map(function (id) { return el("li", null, [narrativeLink(id)]); }));
    showEvidence([
      auto(el("h3", null, [node.name])),
      el("p", "muted", [plural(node.documents, "document") + " in " + plural(node.narratives, "narrative")]),
      el("div", null, ["Narratives" + (node.narratives > node.evidence.length ? " (first " + node.evidence.length + ")" : "") + ":"]),
      list
    ]);
  }
  function edgeEvidence(i) {
    var e = DATA.network.edges[i];
    var a = DATA.network.nodes[e.a].name, b = DATA.network.nodes[e.b].name;
    var items = e.evidence.map(function (ev) {
      var pairs = el("ul", null, ev.pairs.map(function (p) {
        return el("li", null, [
          iso(docLabel(p.source)), " (", iso((DOCS[p.source] || {}).outlet || "?"), ") ",
          p.aligned ? (p.ordered ? "→ reused in → " : "· shares a passage with (which came first is not known) · ") : "· same narrative · ",
          iso(docLabel(p.target)), " (", iso((DOCS[p.target] || {}).outlet || "?"), ")"
        ]);
      }));
      return el("li", null, [narrativeLink(ev.narrative), pairs]);
    });
    showEvidence([
      el("h3", null, [iso(a), " — ", iso(b)]),
      el("p", "muted", [plural(e.weight, "shared narrative")]),
      el("ul", null, items)
    ]);
  }
  function drawShared(plot) {
    var net = DATA.network;
    if (!net.nodes.length) {
      plot.appendChild(el("p", "muted empty", ["No outlet shares a narrative with another outlet yet."]));
      return;
    }
    var maxW = Math.max.apply(null, net.edges.map(function (e) { return e.weight; }).concat([1]));
    var traces = [];
    var buckets = {};
    net.edges.forEach(function (e) {
      var w = 1 + Math.round(5 * e.weight / maxW);
      (buckets[w] = buckets[w] || []).push(e);
    });
    Object.keys(buckets).forEach(function (w) {
      var xs = [], ys = [];
      buckets[w].forEach(function (e) {
        var p = net.nodes[e.a], q = net.nodes[e.b];
        xs.push(p.x, q.x, null); ys.push(p.y, q.y, null);
      });
      traces.push({ x: xs, y: ys, mode: "lines", type: "scatter", hoverinfo: "skip",
        line: { width: Number(w), color: "rgba(90,110,130,0.45)" }, showlegend: false });
    });
    traces.push({
      x: net.edges.map(function (e) { return (net.nodes[e.a].x + net.nodes[e.b].x) / 2; }),
      y: net.edges.map(function (e) { return (net.nodes[e.a].y + net.nodes[e.b].y) / 2; }),
      customdata: net.edges.map(function (e, i) { return i; }),
      hovertext: net.edges.map(function (e) {
        return pname(net.nodes[e.a].name) + " — " + pname(net.nodes[e.b].name) + ": " + plural(e.weight, "shared narrative");
      }),
      hoverinfo: "text", mode: "markers", type: "scatter", meta: "edges", showlegend: false,
      marker: { size: 9, color: "rgba(90,110,130,0.6)", symbol: "diamond" }
    });
    traces.push({
      x: net.nodes.map(function (n) { return n.x; }),
      y: net.nodes.map(function (n) { return n.y; }),
      customdata: net.nodes.map(function (n, i) { return i; }),
      text: net.nodes.map(function (n) { return pname(n.name); }),
      hovertext: net.nodes.map(function (n) {
        return pname(n.name) + "<br>" + plural(n.documents, "document") + ", " + plural(n.narratives, "narrative");
      }),
      hoverinfo: "text", mode: "markers+text", textposition: "top center", type: "scatter", meta: "nodes",
      showlegend: false, textfont: { size: 12 },
      marker: { size: net.nodes.map(function (n) { return 12 + 4 * Math.sqrt(n.documents); }),
        color: "#1f5fa8", line: { color: "#fff", width: 1.5 } }
    });
    var xaxis = { visible: false, range: [-1.2, 1.2] }, yaxis = { visible: false, range: [-1.2, 1.3] };
    Plotly.newPlot(plot, traces, {
      margin: { l: 10, r: 10, t: 10, b: 10 }, xaxis: xaxis, yaxis: yaxis, hovermode: "closest",
      paper_bgcolor: "#fff", plot_bgcolor: "#fff", font: { family: "system-ui, sans-serif" }
    }, { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] });
    plot.on("plotly_click", function (ev) {
      var pt = ev.points && ev.points[0];
      if (!pt) { return; }
      if (pt.data.meta === "nodes") { nodeEvidence(pt.customdata); }
      if (pt.data.meta === "edges") { edgeEvidence(pt.customdata); }
    });
    var note = net.outlets_shown < net.outlets_total
      ? " (the " + net.outlets_shown + " most connected of " + net.outlets_total + " outlets are drawn)" : "";
    edgeTable("Links by weight" + note, ["outlet", "outlet", "shared narratives"], net.edges.map(function (e) {
      return [auto(el("td", null, [net.nodes[e.a].name])), auto(el("td", null, [net.nodes[e.b].name])), el("td", null, [e.weight])];
    }), edgeEvidence);
  }
  /* The links of the view as a table, 15 rows at a time; a row shows its evidence. */
  function edgeTable(title, heads, rows, pick) {
    var holder = document.getElementById("edge-table");
    if (!rows.length) { return; }
    var shown = 0;
    var body = el("tbody");
    var table = el("table", "grid", [
      el("thead", null, [el("tr", null, heads.map(function (h) { return el("th", null, [h]); }))]), body
    ]);
    var more = el("button", "more", ["Show more links"]);
    function addRows() {
      rows.slice(shown, shown + 15).forEach(function (cells, k) {
        var i = shown + k;
        var row = el("tr", "clickable", cells);
        row.addEventListener("click", function () {
          if (selectedRow) { selectedRow.classList.remove("selected"); }
          row.classList.add("selected"); selectedRow = row;
          pick(i);
        });
        body.appendChild(row);
      });
      shown = Math.min(rows.length, shown + 15);
      more.style.display = shown < rows.length ? "" : "none";
    }
    more.addEventListener("click", addRows);
    holder.appendChild(el("h3", null, [title]));
    holder.appendChild(table);
    holder.appendChild(more);
    addRows();
  }

  /* ---- the views and their tabs */
  var VIEWS = {
    "copies-outlets": { copies: DATA.copies.outlets },
    "copies-bylines": { copies: DATA.copies.authors },
    "shared": { copies: null }
  };
  function aboutCopies(net) {
    var who = WHO[net.what];
    var dashed = net.edges.some(function (e) { return e.file_time === e.passages; });
    return "An arrow runs from the " + who + " that published a reused passage first to the " + who +
      " that published it later, as their dates say; a thicker line means more passages. It tells who came first, " +
      "not who copied whom (both may have taken it from a third)." +
      (dashed ? " A dashed arrow rests on file times only (when a file was saved, not published)." : "") +
      " Click " + (who === "outlet" ? "an " : "a ") + who + " or an arrow to see the passages.";
  }
  function showView(name) {
    var view = VIEWS[name], plot = document.getElementById("network-plot");
    document.querySelectorAll("#network .net-tabs [role=tab]").forEach(function (t) {
      var on = t.getAttribute("data-view") === name;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
    });
    if (plot.data) { Plotly.purge(plot); }
    while (plot.firstChild) { plot.removeChild(plot.firstChild); }
    var table = document.getElementById("edge-table");
    while (table.firstChild) { table.removeChild(table.firstChild); }
    selectedRow = null;
    var about = document.getElementById("network-about"), left = document.getElementById("network-left-out");
    while (about.firstChild) { about.removeChild(about.firstChild); }
    while (left.firstChild) { left.removeChild(left.firstChild); }
    if (view.copies) {
      about.appendChild(txt(aboutCopies(view.copies)));
      leftOutLine(view.copies).forEach(function (c) { left.appendChild(typeof c === "string" ? txt(c) : c); });
      showEvidence([el("p", "muted", [view.copies.what === "outlets" ? "Select an outlet or an arrow." : "Select a byline or an arrow."])]);
      drawCopyGraph(view.copies, plot);
      copyTable(view.copies);
    } else {
      about.appendChild(txt("Outlets are linked when both published members of the same narrative, however far apart in time; " +
        "a thicker line means more shared narratives. Click an outlet or the dot in the middle of a link to see the evidence."));
      left.appendChild(txt("No direction: a link says two outlets carried the same narrative, not which came first."));
      showEvidence([el("p", "muted", ["Select an outlet or a link."])]);
      drawShared(plot);
    }
  }
  function drawNetwork() {
    document.querySelectorAll("#network .net-tabs [role=tab]").forEach(function (t) {
      t.addEventListener("click", function () { showView(t.getAttribute("data-view")); });
    });
    showView("copies-outlets");
  }

  /* ---------------------------------------------------------------- narratives */
  function memberTable(n) {
    var earliest = {};
    n.earliest.forEach(function (d) { earliest[d] = true; });
    var rows = n.members.map(function (id) {
      var d = DOCS[id] || { label: id };
      return el("tr", null, [
        el("td", null, [earliest[id] ? el("span", "star", ["★ "]) : null, d.date || day(d.published)]),
        el("td", null, [sourceWords(d.date_source)]),
        auto(el("td", null, [d.outlet || "—"])),
        el("td", null, [langs(d)]),
        el("td", null, [withAttrs(el("div", "label", [d.label]), { dir: "auto", lang: (d.text_attrs || {}).lang }),
          d.author ? el("div", "muted", ["by ", iso(d.author)]) : null, urlNode(d.url),
          capturedNode(d), citeNode(d)])
      ]);
    });
    return el("table", "grid", [
      el("thead", null, [el("tr", null, ["published", "date from", "outlet", "language", "document"].map(function (h) { return el("th", null, [h]); }))]),
      el("tbody", null, rows)
    ]);
  }
  function timeline(n, holder) {
    var dated = n.members.filter(function (id) { return DOCS[id] && DOCS[id].plot_date; });
    if (!dated.length) { return; }
    var earliest = {};
    n.earliest.forEach(function (d) { earliest[d] = true; });
    function trace(ids, name, symbol, color, size) {
      return {
        type: "scatter", mode: "markers", name: name,
        x: ids.map(function (id) { return DOCS[id].plot_date; }),
        y: ids.map(function (id) { return pname(DOCS[id].outlet || "(no outlet)"); }),
        hovertext: ids.map(function (id) {
          var d = DOCS[id];
          return pname(d.label) + "<br>" + pname(d.outlet || "(no outlet)") + " · " + ptext(d.date || d.published) +
            "<br>date from " + ptext(sourceWords(d.date_source));
        }),
        hoverinfo: "text",
        marker: { symbol: symbol, size: size, color: color, line: { width: 1.5, color: color } }
      };
    }
    var first = dated.filter(function (id) { return earliest[id]; });
    var strong = dated.filter(function (id) { return !earliest[id] && DOCS[id].date_source === "metadata"; });
    var weak = dated.filter(function (id) { return !earliest[id] && DOCS[id].date_source !== "metadata"; });
    var traces = [];
    if (first.length) { traces.push(trace(first, "earliest", "star", "#d08700", 17)); }
    if (strong.length) { traces.push(trace(strong, "published date", "circle", "#1f5fa8", 11)); }
    if (weak.length) { traces.push(trace(weak, "capture or file time only", "circle-open", "#7a8794", 11)); }
    var outlets = {};
    dated.forEach(function (id) { outlets[DOCS[id].outlet || "(no outlet)"] = true; });
    var plot = el("div", "plot");
    plot.style.height = Math.max(190, 70 + 34 * Object.keys(outlets).length) + "px";
    holder.appendChild(plot);
    Plotly.newPlot(plot, traces, {
      margin: { l: 150, r: 20, t: 10, b: 40 }, hovermode: "closest",
      xaxis: { type: "date", title: { text: "published" } },
      yaxis: { type: "category", automargin: true },
      legend: { orientation: "h", y: -0.35 },
      font: { family: "system-ui, sans-serif", size: 12 }
    }, { displaylogo: false, responsive: true });
  }
  function langs(d) {  // a document's language, or every language it mixes, main first
    return d.languages && d.languages.indexOf(",") >= 0 ? d.languages.split(",").join(" + ") : (d.language || "—");
  }
  function sideNode(side, docId, kind, role) {
    var d = DOCS[docId] || { label: docId };
    var text = withAttrs(el("div", "text", [
      side.before ? el("span", "ctx", [side.before]) : null,
      withAttrs(el("span", "passage hl-" + kind, side.chunks.map(function (c) { return c[1] ? el("ins", "chg", [c[0]]) : txt(c[0]); })), side.attrs),
      side.after ? el("span", "ctx", [side.after]) : null
    ]), d.text_attrs || { dir: "auto", lang: "" });
    return el("div", "side", [
      el("div", "doc", [el("span", "muted", [role + ": "]), el("b", null, [iso(d.label)]),
        el("span", "muted", [" · ", iso(d.outlet || "no outlet"), " · " + (d.date || day(d.published)) + " · chars " + side.start + "–" + side.end])]),
      side.language ? el("div", null, [el("span", "lang", ["passage in " + side.language + " (document in " + langs(d) + ")"])]) : null,
      urlNode(d.url),
      capturedNode(d),
      citeNode(d),
      text
    ]);
  }
  function pairNode(p) {
    var group = el("div", "pair-group");
    group.setAttribute("data-source", p.source);
    group.setAttribute("data-target", p.target);
    p.passages.forEach(function (ps) { group.appendChild(passageNode(p, ps)); });
    return group;
  }
  function passageNode(p, ps) {
    return el("div", "pair", [
      el("div", "pair-head", [
        el("span", "hl-" + ps.kind, [ps.kind]),
        " · score " + Number(ps.score).toFixed(2) + " · " + plural(ps.matched_words, "matched word") +
        (p.ordered ? "" : " · order unknown (dates missing or equal)")
      ]),
      el("div", "sides", [
        sideNode(ps.a, p.source, ps.kind, p.ordered ? "earlier" : "one"),
        sideNode(ps.b, p.target, ps.kind, p.ordered ? "later" : "other")
      ])
    ]);
  }
  function narrativeBody(n, body) {
    body.appendChild(el("p", null, [
      el("span", "badge " + confClass(n.confidence), ["earliest source: " + (n.confidence || "unknown")]),
      " earliest: "
    ].concat(n.earliest.length ? n.earliest.reduce(function (out, d, i) { return out.concat(i ? ["; "] : [], [iso(docLabel(d))]); }, []) : ["unknown"],
      [" · " + day(n.first_date) + " → " + day(n.last_date)])));
    if (n.confidence_reason) {
      body.appendChild(el("p", "confidence-reason", ["Why: " + n.confidence_reason]));
    }
    body.appendChild(el("p", "evidence-cmd", [
      "Evidence pack (printable page, JSON, CSV): ",
      el("code", null, ["copytrail evidence " + n.id + " -o evidence-" + n.id + "/"])
    ]));
    timeline(n, body);
    var undated = n.members.filter(function (id) { return !(DOCS[id] && DOCS[id].plot_date); });
    if (undated.length) {
      body.appendChild(el("h3", null, ["Undated members (" + undated.length + ")"]));
      body.appendChild(el("ul", null, undated.map(function (id) {
        var d = DOCS[id] || { label: id };
        return el("li", null, [iso(d.label), " — ", iso(d.outlet || "no outlet")]);
      })));
    }
    body.appendChild(el("h3", null, ["Members (" + n.members.length + ")"]));
    body.appendChild(memberTable(n));
    body.appendChild(el("h3", null, ["Side by side"]));
    if (!n.embedded) {
      body.appendChild(el("p", "muted", ["Not embedded: only the top " + DATA.limits.top + " narratives carry side-by-side views."]));
    } else if (!n.pairs.length) {
      body.appendChild(el("p", "muted", ["No document pair recorded."]));
    } else {
      if (n.pairs_total > n.pairs.length) {
        body.appendChild(el("p", "muted", ["The " + n.pairs.length + " strongest of " + n.pairs_total + " document pairs."]));
      }
      n.pairs.forEach(function (p) { body.appendChild(pairNode(p)); });
    }
  }
  function narrativeNode(n) {
    var det = el("details", "narrative");
    det.id = "n-" + n.id;
    var summary = el("summary", null, [
      el("span", "rank", ["#" + n.rank]),
      el("span", "title", [withAttrs(el("span", "label", [n.label]), { dir: "auto", lang: (n.label_attrs || {}).lang }),
        n.snippet ? el("span", "snippet", ["“", withAttrs(iso(n.snippet), n.label_attrs), "”"]) : null]),
      el("span", "meta", [plural(n.documents, "doc") + " · " + plural(n.outlets, "outlet") + " · " + day(n.first_date) + " ",
        el("span", "badge " + confClass(n.confidence), [confClass(n.confidence)])])
    ]);
    var body = el("div", "body");
    det.appendChild(summary);
    det.appendChild(body);
    var built = false;
    BUILD[n.id] = function () {
      if (!built) { built = true; narrativeBody(n, body); }
    };
    det.addEventListener("toggle", function () { if (det.open) { BUILD[n.id](); } });
    return det;
  }

  var listed = [], shownCount = 0;
  var list = document.getElementById("narrative-list");
  var moreBtn = el("button", "more", ["Show more narratives"]);
  moreBtn.addEventListener("click", function () { renderMore(); });
  function searchable(n) {
    return n.members.map(function (id) { var d = DOCS[id] || {}; return (d.label || "") + " " + (d.outlet || ""); })
      .join(" ").toLowerCase();
  }
  function renderMore() {
    listed.slice(shownCount, shownCount + PAGE).forEach(function (n) { list.appendChild(narrativeNode(n)); });
    shownCount = Math.min(listed.length, shownCount + PAGE);
    moreBtn.style.display = shownCount < listed.length ? "" : "none";
    list.appendChild(moreBtn);
  }
  function renderList(filter) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var f = (filter || "").toLowerCase().trim();
    listed = f ? DATA.narratives.filter(function (n) { return searchable(n).indexOf(f) >= 0; }) : DATA.narratives;
    shownCount = 0;
    if (!listed.length) { list.appendChild(el("p", "muted", [f ? "No narrative matches." : "No narratives yet."])); return; }
    renderMore();
  }
  function openNarrative(id) {
    var node = document.getElementById("n-" + id);
    if (!node) {
      document.getElementById("narrative-filter").value = "";
      listed = DATA.narratives; renderList("");
      while (!document.getElementById("n-" + id) && shownCount < listed.length) { renderMore(); }
      node = document.getElementById("n-" + id);
    }
    if (node) { node.open = true; node.scrollIntoView({ behavior: "smooth", block: "start" }); }
  }
  /* A document pair's side by side, from the network's evidence: its narrative opened, the
     pair scrolled to and marked. */
  function openPair(id, source, target) {
    openNarrative(id);
    if (BUILD[id]) { BUILD[id](); }
    var holder = document.getElementById("n-" + id);
    var groups = holder ? holder.querySelectorAll(".pair-group") : [];
    for (var i = 0; i < groups.length; i++) {
      if (groups[i].getAttribute("data-source") === source && groups[i].getAttribute("data-target") === target) {
        document.querySelectorAll(".pair-group.target").forEach(function (g) { g.classList.remove("target"); });
        groups[i].classList.add("target");
        groups[i].scrollIntoView({ block: "start" });
        return;
      }
    }
  }
  var timer = null;
  document.getElementById("narrative-filter").addEventListener("input", function (ev) {
    clearTimeout(timer);
    var value = ev.target.value;
    timer = setTimeout(function () { renderList(value); }, 150);
  });

  drawNetwork();
  renderList("");
  var first = list.querySelector("details.narrative");
  if (first) { first.open = true; }
})();

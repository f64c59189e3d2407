/* The data card's tables: every row drawn (so that the browser's find-in-page finds any of them), search, sort,
   links to rows, and what backs each cell. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("package-data").textContent);
  var PAGE = 10;
  var tables = {};
  var sections = [];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function show(value) { return value === null ? "" : String(value); }
  function keyOf(t, row) { return t.key.map(function (k) { return row[t.fields.indexOf(k)]; }).join("/"); }
  function rowId(t, row) { return "row-" + t.name + "-" + keyOf(t, row); }
  function empty(value) { return value === null || value === ""; }

  data.tables.forEach(function (t) {
    tables[t.name] = t;
    t.cellMap = {};
    t.cells.forEach(function (c) { t.cellMap[c[0] * t.fields.length + c[1]] = c[2]; });
  });

  // --- what backs one value ------------------------------------------------------------------------------

  // excerpt k is the citations row k: its source, words, id and offsets
  var cited = tables.citations.rows;
  var xc = data.excerpt;
  // spans (optional): [[start, end, rule], ...] of the words that state the value, offsets into the excerpt
  function excerptItem(k, spans, field) {
    var c = cited[k];
    var hash = c[xc.citation_id] + (field ? ":" + field : "");
    var ex = [c[xc.source_id], c[xc.exact], "archive/" + c[xc.source_id] + ".html#" + encodeURIComponent(hash),
      c[xc.citation_id], c[xc.start], c[xc.end]];
    var src = data.sources[ex[0]];
    var li = el("li", { "class": "excerpt", "data-citation": ex[3] });
    var head = el("p", { "class": "src" });
    head.appendChild(el("b", {}, ex[0]));
    head.appendChild(document.createTextNode(" · " + src[0] + " · " + src[1] + " · " + src[2]));
    li.appendChild(head);
    var quote = el("blockquote", { "class": "exact" });
    var at = 0;
    (spans || []).forEach(function (s) {
      if (s[0] < at) { return; }
      quote.appendChild(document.createTextNode(ex[1].slice(at, s[0])));
      quote.appendChild(el("mark", { "class": "span", "data-rule": s[2], title: "The words that state the value (rule: " + s[2] + ")" },
        ex[1].slice(s[0], s[1])));
      at = s[1];
    });
    quote.appendChild(document.createTextNode(ex[1].slice(at)));
    li.appendChild(quote);
    if (spans && spans.length) {
      li.appendChild(el("p", { "class": "rule-used" }, "Proved by the " + spans.map(function (s) { return s[2]; })
        .filter(function (r, i, all) { return all.indexOf(r) === i; }).join(", ") + " rule" + (spans[0][2] === "judgement" ? " (a judgement: the words it rests on)" : "")));
    }
    var go = el("p", { "class": "go" });
    go.appendChild(el("a", { href: ex[2], "class": "in-context" }, "Show in the archived text →"));
    go.appendChild(document.createTextNode(" characters " + ex[4] + "–" + ex[5] + " · "));
    go.appendChild(el("code", {}, ex[3]));
    li.appendChild(go);
    return li;
  }

  function rowLink(target, value) {
    return el("a", { href: "#row-" + target + "-" + value, "class": "follow" }, "Go to row " + value + " of " + target + " →");
  }

  function rowPanel(t, r) {
    var box = el("div", { "class": "panel row-evidence" });
    box.appendChild(el("p", { "class": "panel-title" }, "Every excerpt row " + keyOf(t, t.rows[r]) + " of " + t.name + " rests on"));
    if (t.via) {
      box.appendChild(el("p", { "class": "via" }, "This row has no citations of its own; the evidence of " + t.via + ":"));
    }
    var list = el("ul");
    t.evidence[r].forEach(function (k) { list.appendChild(excerptItem(k)); });
    if (!t.evidence[r].length) { list.appendChild(el("li", {}, "No excerpt recorded.")); }
    box.appendChild(list);
    return box;
  }

  function cellPanel(t, r, i) {
    var row = t.rows[r];
    var value = row[i];
    var name = t.fields[i];
    var prov = t.provenance[i];
    var box = el("div", { "class": "panel cell-evidence", "data-provenance": prov, "data-field": name });
    var title = el("p", { "class": "panel-title" });
    title.appendChild(el("code", {}, t.name + " · " + keyOf(t, row) + " · " + name));
    box.appendChild(title);
    if (empty(value)) {
      box.appendChild(el("p", { "class": "value empty-value" }, "Empty: no value stated."));
    } else {
      var shown = el("p", { "class": "value" });
      shown.appendChild(el("span", { "class": "label" }, "Value: "));
      shown.appendChild(el("span", { "class": "text" }, show(value)));
      box.appendChild(shown);
    }
    box.appendChild(el("p", { "class": "provenance" }, data.provenance[prov]));
    if (prov === "key") {
      box.appendChild(el("p", { "class": "key" }, t.key.length > 1
        ? "This is part of the row's id (" + t.key.join(", ") + "): " + keyOf(t, row) + "."
        : "This is the row's id: " + keyOf(t, row) + "."));
    } else if (prov === "stated") {
      var found = t.cellMap[r * t.fields.length + i] || [];
      var byExcerpt = [];
      found.forEach(function (s) {
        var last = byExcerpt[byExcerpt.length - 1];
        if (last && last[0] === s[0]) { last[1].push([s[1], s[2], s[3]]); } else { byExcerpt.push([s[0], [[s[1], s[2], s[3]]]]); }
      });
      if (byExcerpt.length) {
        box.appendChild(el("p", { "class": "count" }, byExcerpt.length === 1 ? "1 excerpt states it (its words marked):"
          : byExcerpt.length + " excerpts state it (their words marked):"));
        var list = el("ul", { "class": "excerpts" });
        byExcerpt.forEach(function (e) { list.appendChild(excerptItem(e[0], e[1], name)); });
        box.appendChild(list);
      } else if (!empty(value)) {
        box.appendChild(el("p", { "class": "warn" }, "No excerpt names this cell (the build should have refused it)."));
      }
    } else if (prov === "derived") {
      box.appendChild(el("p", { "class": "rule" }, "Rule: " + t.descriptions[i]));
      var inputs = t.rules[name] || [];
      if (inputs.length) {
        box.appendChild(el("p", { "class": "inputs-head" }, "The fields of this row the rule names, and their values:"));
        var dl = el("dl", { "class": "inputs" });
        inputs.forEach(function (j) {
          dl.appendChild(el("dt", {}, t.fields[j]));
          dl.appendChild(el("dd", { "class": empty(row[j]) ? "empty-value" : "" }, empty(row[j]) ? "empty" : show(row[j])));
        });
        box.appendChild(dl);
      } else {
        box.appendChild(el("p", { "class": "inputs-head" }, "The rule names no other field of this row."));
      }
    }
    if (prov !== "derived" && t.descriptions[i]) {
      box.appendChild(el("p", { "class": "about" }, "Column " + name + ": " + t.descriptions[i]));
    }
    var link = t.links[name];
    if (link && link[0] === "row" && !empty(value)) {
      var p = el("p", { "class": "go" });
      p.appendChild(rowLink(link[1], value));
      box.appendChild(p);
    }
    return box;
  }

  // --- one table ---------------------------------------------------------------------------------------------

  function compare(type, a, b) {
    if (a === b) { return 0; }
    if (a === null || a === "") { return 1; }
    if (b === null || b === "") { return -1; }
    if (type === "integer" || type === "number") { return a - b; }
    return String(a).localeCompare(String(b), "en", { numeric: true, sensitivity: "base" });
  }

  function setUp(section) {
    var t = tables[section.getAttribute("data-table")];
    var table = section.querySelector("table.rows");
    var tbody = table.querySelector("tbody");
    var input = section.querySelector("input.search");
    var shown = section.querySelector(".shown");
    var n = t.rows.length;
    var items = new Array(n);
    var texts = null;
    var ids = {};
    t.rows.forEach(function (row, r) { ids[rowId(t, row)] = r; });
    var all = t.rows.map(function (_, r) { return r; });
    var sorted = all;
    var order = all;
    var active = null;

    var head = el("tr", { role: "row", "aria-rowindex": "1" });
    head.appendChild(el("th", { scope: "col", role: "columnheader", "class": "ev-head" }, "Evidence"));
    t.fields.forEach(function (name, i) {
      var th = el("th", { scope: "col", role: "columnheader", "aria-sort": "none", "data-provenance": t.provenance[i] });
      th.appendChild(el("button", { type: "button", "class": "sort", "data-col": String(i), "data-nav": "", tabindex: "-1",
        title: "Sort by " + name }, name));
      th.appendChild(el("span", { "class": "prov", title: data.provenance[t.provenance[i]] }, t.provenance[i]));
      head.appendChild(th);
    });
    table.querySelector("thead").appendChild(head);

    function item(r) {
      if (items[r]) { return items[r]; }
      var row = t.rows[r];
      var detailId = "ev-" + t.name + "-" + r;
      var tr = el("tr", { "class": "row", role: "row", id: rowId(t, row), "data-i": String(r) });
      var detail = el("tr", { "class": "evidence", role: "row", id: detailId, hidden: "" });
      var detailTd = el("td", { colspan: String(t.fields.length + 1), role: "gridcell" });
      detail.appendChild(detailTd);
      var evTd = el("td", { "class": "ev", role: "gridcell" });
      var btn = el("button", { type: "button", "class": "ev", "data-nav": "", tabindex: "-1", "aria-expanded": "false",
        "aria-controls": detailId }, "Evidence (" + t.evidence[r].length + ")");
      evTd.appendChild(btn);
      tr.appendChild(evTd);
      row.forEach(function (value, i) {
        var name = t.fields[i];
        var td = el("td", { role: "gridcell", "data-label": name, "data-provenance": t.provenance[i] });
        var cell = el("button", { type: "button", "class": "cell", "data-nav": "", "data-col": String(i), tabindex: "-1",
          "aria-expanded": "false", "aria-controls": detailId });
        if (empty(value)) {
          td.className = "empty";
          cell.classList.add("empty");
          cell.setAttribute("aria-label", name + ": empty, no value stated");
        } else {
          cell.textContent = show(value);
          var text = show(value);
          if (t.types[i] === "integer" || t.types[i] === "number") { td.className = "num"; }
          else if (text.length > 60) { td.className = "long"; }
          else if (text.indexOf(" ") < 0 && text.length <= 40) { td.className = "word"; }
          else if (text.length > 20) { td.className = "mid"; }
        }
        td.appendChild(cell);
        var link = t.links[name];
        if (link && !empty(value)) {
          var href = link[0] === "row" ? "#row-" + link[1] + "-" + value
            : link[0] === "url" ? value : "archive/" + row[t.fields.indexOf(t.key[0])] + ".html";
          var a = el("a", { href: href, "class": link[0] === "row" ? "ref" : "out", tabindex: "-1",
            title: link[0] === "row" ? "Go to row " + value + " of " + link[1] : link[0] === "url" ? "Open the original page" : "Open the archived text",
            "aria-label": link[0] === "row" ? "Go to row " + value + " of " + link[1] : "Open " + value }, link[0] === "row" ? "→" : "↗");
          if (link[0] === "url") { a.setAttribute("rel", "noopener"); }
          td.appendChild(a);
        }
        tr.appendChild(td);
      });
      var it = { tr: tr, detail: detail, body: detailTd, open: null, opener: null };
      items[r] = it;
      return it;
    }

    function toggle(it, r, button, which) {
      var closing = it.open === which;
      Array.prototype.forEach.call(it.tr.querySelectorAll("button[aria-expanded]"), function (b) { b.setAttribute("aria-expanded", "false"); });
      it.body.textContent = "";
      if (closing) {
        it.open = null;
        it.detail.hidden = true;
        return;
      }
      it.open = which;
      it.opener = button;
      var panel = which === "row" ? rowPanel(t, r) : cellPanel(t, r, Number(which));
      var close = el("button", { type: "button", "class": "close", "aria-label": "Close" }, "Close ×");
      close.addEventListener("click", function () { toggle(it, r, button, which); button.focus(); });
      panel.insertBefore(close, panel.firstChild);
      it.body.appendChild(panel);
      button.setAttribute("aria-expanded", "true");
      it.detail.hidden = false;
    }

    tbody.addEventListener("click", function (event) {
      if (event.target.closest("a")) { return; }
      var button = event.target.closest("button");
      var td = event.target.closest("td");
      if (!button && td && td.parentNode.classList.contains("row")) { button = td.querySelector("[data-nav]"); }
      if (!button || !tbody.contains(button) || button.classList.contains("close")) { return; }
      var tr = button.closest("tr.row");
      if (!tr) { return; }
      var r = Number(tr.getAttribute("data-i"));
      focusCell(button, false);
      toggle(items[r], r, button, button.classList.contains("ev") ? "row" : button.getAttribute("data-col"));
    });

    // roving focus: one cell of the table is in the tab order; arrow keys move between cells
    function focusCell(button, move) {
      if (active && active !== button) { active.setAttribute("tabindex", "-1"); }
      active = button;
      button.setAttribute("tabindex", "0");
      if (move) { button.focus(); }
    }

    // the grid's rows for the keyboard: the heading row, then the drawn rows; a row's cells by column (null: none)
    function gridRows() { return [head].concat(Array.prototype.slice.call(tbody.querySelectorAll("tr.row"))); }
    function navsOf(tr) {
      return Array.prototype.map.call(tr.children, function (cellEl) { return cellEl.querySelector("[data-nav]"); });
    }

    table.addEventListener("keydown", function (event) {
      var key = event.key;
      if (key === "Escape") {
        var openRow = event.target.closest("tr.evidence") ? event.target.closest("tr.evidence").previousElementSibling : event.target.closest("tr.row");
        var it = openRow && items[Number(openRow.getAttribute("data-i"))];
        if (it && it.open !== null) {
          var opener = it.opener;
          toggle(it, Number(openRow.getAttribute("data-i")), opener, it.open);
          focusCell(opener, true);
          event.preventDefault();
        }
        return;
      }
      var button = event.target.closest("[data-nav]");
      if (!button || !table.contains(button)) { return; }
      var tr = button.closest("tr");
      var rows = gridRows();
      var at = rows.indexOf(tr);
      var col = navsOf(tr).indexOf(button);
      var to = at;
      var last = navsOf(tr).length - 1;
      if (key === "ArrowRight") { col = Math.min(col + 1, last); }
      else if (key === "ArrowLeft") { col = Math.max(col - 1, 0); }
      else if (key === "Home") { col = 0; if (event.ctrlKey) { to = 1; } }
      else if (key === "End") { col = last; if (event.ctrlKey) { to = rows.length - 1; } }
      else if (key === "ArrowDown" || key === "PageDown") {
        to = at + (key === "PageDown" ? PAGE : 1);
        to = Math.min(to, rows.length - 1);
      } else if (key === "ArrowUp" || key === "PageUp") { to = Math.max(at - (key === "PageUp" ? PAGE : 1), 0); }
      else { return; }
      event.preventDefault();
      var navs = navsOf(rows[to]);
      var target = navs[col];
      for (var k = col; !target && k < navs.length; k += 1) { target = navs[k]; }  // the heading of the Evidence column has no button
      if (!target) { return; }
      focusCell(target, true);
      target.scrollIntoView({ block: "nearest", inline: "nearest" });
    });

    // drawing: every row of the current order (all of them, unless a search leaves some out)
    function redraw() {
      var frag = document.createDocumentFragment();
      order.forEach(function (r, pos) {
        var it = item(r);
        it.tr.setAttribute("aria-rowindex", String(pos + 2));
        frag.appendChild(it.tr);
        frag.appendChild(it.detail);
      });
      tbody.textContent = "";
      tbody.appendChild(frag);
      var first = tbody.querySelector("tr.row [data-nav]");
      if (first) { focusCell(first, false); }
      shown.textContent = order.length + " of " + n + " rows";
    }

    function filter() {
      var q = input.value.trim().toLowerCase();
      var terms = q ? q.split(/\s+/) : [];
      if (terms.length && !texts) {
        texts = t.rows.map(function (row) { return row.map(show).join(" \u0001 ").toLowerCase(); });
      }
      order = terms.length ? sorted.filter(function (r) {
        return terms.every(function (w) { return texts[r].indexOf(w) >= 0; });
      }) : sorted;
      redraw();
    }

    head.addEventListener("click", function (event) {
      var b = event.target.closest("button.sort");
      if (!b) { return; }
      var col = Number(b.getAttribute("data-col"));
      var th = b.parentNode;
      var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      Array.prototype.forEach.call(head.querySelectorAll("th[aria-sort]"), function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", dir);
      var sign = dir === "ascending" ? 1 : -1;
      sorted = all.slice().sort(function (x, y) {
        var a = t.rows[x][col];
        var b2 = t.rows[y][col];
        var c = compare(t.types[col], a, b2);
        if (c === 0) { return x - y; }
        return (empty(a) || empty(b2)) ? c : sign * c;
      });
      filter();
    });
    input.addEventListener("input", filter);

    section.reveal = function (id) {
      if (!(id in ids)) { return null; }
      var r = ids[id];
      if (order.indexOf(r) < 0) { input.value = ""; filter(); }
      return items[r].tr;
    };
    redraw();
  }

  sections = Array.prototype.slice.call(document.querySelectorAll("section.data-table"));
  sections.forEach(setUp);
  performance.mark("tables-ready");
  document.documentElement.setAttribute("data-tables", "ready");

  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id.indexOf("row-") !== 0) { return; }
    var tr = null;
    sections.forEach(function (s) { tr = tr || s.reveal(id); });
    if (!tr) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("tr.flash"), function (x) { x.classList.remove("flash"); });
    tr.classList.add("flash");
    tr.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", follow);
  follow();
})();

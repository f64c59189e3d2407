(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("package-data").textContent);
  var tables = {};
  data.tables.forEach(function (t) { tables[t.name] = t; });

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function rowId(t, row) {
    return "row-" + t.name + "-" + t.key.map(function (k) { return row[t.fields.indexOf(k)]; }).join("/");
  }

  function show(value) {
    if (value === null) { return ""; }
    return String(value);
  }

  function cell(t, row, i) {
    var value = row[i];
    var name = t.fields[i];
    var td = el("td", { "data-label": name });
    if (value === null || value === "") { td.className = "empty"; return td; }
    var link = t.links[name];
    var a;
    if (link && link[0] === "row") {
      a = el("a", { href: "#row-" + link[1] + "-" + value, "class": "ref" }, show(value));
    } else if (link && link[0] === "url") {
      a = el("a", { href: value, rel: "noopener" }, show(value));
    } else if (link && link[0] === "archive") {
      a = el("a", { href: "archive/" + row[t.fields.indexOf(t.key[0])] + ".html" }, show(value));
    }
    if (a) { td.appendChild(a); } else { td.textContent = show(value); }
    var text = show(value);
    if (t.types[i] === "integer" || t.types[i] === "number") {
      td.className = "num";
    } else if (text.length > 60) {
      td.className = "long";
    } else if (text.indexOf(" ") < 0 && text.length <= 40) {
      td.className = "word";
    } else if (text.length > 20) {
      td.className = "mid";
    }
    return td;
  }

  function evidence(t, r) {
    var box = el("div", { "class": "evidence" });
    if (t.via) {
      box.appendChild(el("p", { "class": "via" }, "This row has no citations of its own; the evidence of " + t.via + ":"));
    }
    var list = el("ul");
    t.evidence[r].forEach(function (k) {
      var ex = data.excerpts[k];
      var src = data.sources[ex[0]];
      var li = el("li", { "class": "excerpt" });
      var head = el("p", { "class": "src" });
      head.appendChild(el("b", {}, ex[0]));
      head.appendChild(document.createTextNode(" · " + src[0] + " · " + src[1] + " · " + src[2]));
      li.appendChild(head);
      li.appendChild(el("blockquote", { "class": "exact" }, ex[1]));
      var go = el("p", { "class": "go" });
      go.appendChild(el("a", { href: ex[2], "class": "in-context" }, "Show in the archived text →"));
      go.appendChild(document.createTextNode(" "));
      go.appendChild(el("code", {}, ex[3]));
      li.appendChild(go);
      list.appendChild(li);
    });
    if (!t.evidence[r].length) { list.appendChild(el("li", {}, "No excerpt recorded.")); }
    box.appendChild(list);
    return box;
  }

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
    var head = el("tr");
    head.appendChild(el("th", { scope: "col", "class": "ev-head" }, "Evidence"));
    t.fields.forEach(function (name, i) {
      var th = el("th", { scope: "col", "aria-sort": "none" });
      var b = el("button", { type: "button", "class": "sort", "data-col": String(i), title: "Sort by " + name }, name);
      th.appendChild(b);
      head.appendChild(th);
    });
    table.querySelector("thead").appendChild(head);

    var items = t.rows.map(function (row, r) {
      var tr = el("tr", { "class": "row", id: rowId(t, row), "data-i": String(r) });
      var evTd = el("td", { "class": "ev" });
      var detail = el("tr", { "class": "evidence", hidden: "" });
      var detailTd = el("td", { colspan: String(t.fields.length + 1) });
      detail.appendChild(detailTd);
      var n = t.evidence[r].length;
      var btn = el("button", { type: "button", "class": "ev", "aria-expanded": "false", "aria-controls": "ev-" + t.name + "-" + r },
        "Evidence (" + n + ")");
      detail.id = "ev-" + t.name + "-" + r;
      btn.addEventListener("click", function () {
        var open = btn.getAttribute("aria-expanded") !== "true";
        if (open && !detailTd.firstChild) { detailTd.appendChild(evidence(t, r)); }
        btn.setAttribute("aria-expanded", open ? "true" : "false");
        detail.hidden = !open;
      });
      evTd.appendChild(btn);
      tr.appendChild(evTd);
      row.forEach(function (_, i) { tr.appendChild(cell(t, row, i)); });
      return { row: row, tr: tr, detail: detail, btn: btn, text: row.map(show).join(" \u0001 ").toLowerCase() };
    });
    var order = items.slice();

    function render() {
      var q = input.value.trim().toLowerCase();
      var terms = q ? q.split(/\s+/) : [];
      var count = 0;
      var frag = document.createDocumentFragment();
      order.forEach(function (it) {
        var match = terms.every(function (w) { return it.text.indexOf(w) >= 0; });
        it.tr.hidden = !match;
        it.detail.hidden = !match || it.btn.getAttribute("aria-expanded") !== "true";
        if (match) { count += 1; }
        frag.appendChild(it.tr);
        frag.appendChild(it.detail);
      });
      tbody.appendChild(frag);
      shown.textContent = count + " of " + items.length + " rows";
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
      order = items.slice().sort(function (x, y) {
        var c = compare(t.types[col], x.row[col], y.row[col]);
        if (c === 0) { return Number(x.tr.getAttribute("data-i")) - Number(y.tr.getAttribute("data-i")); }
        return (x.row[col] === null || y.row[col] === null) ? c : sign * c;
      });
      render();
    });
    input.addEventListener("input", render);
    section.reveal = function (id) {
      var hit = items.filter(function (it) { return it.tr.id === id; })[0];
      if (!hit) { return null; }
      if (hit.tr.hidden) { input.value = ""; render(); }
      return hit.tr;
    };
    render();
  }

  var sections = Array.prototype.slice.call(document.querySelectorAll("section.data-table"));
  sections.forEach(setUp);

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

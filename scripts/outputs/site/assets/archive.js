(function () {
  "use strict";
  // #<citation_id> highlights an excerpt; #<citation_id>:<field> also marks the words (the span) that state that field.
  var anchors = JSON.parse(document.getElementById("anchors").textContent);
  var pieces = Array.prototype.slice.call(document.querySelectorAll(".c"));  // the cited pieces, in the order of the text
  var starts = pieces.map(function (p) { return Number(p.getAttribute("data-s")); });
  var status = document.getElementById("status");
  var lit = [];

  function first(at) {  // the first piece that starts at or after offset `at` (binary search: a click stays instant)
    var lo = 0;
    var hi = starts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] < at) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  function light(start, end, name) {  // pieces are cut at every boundary: a piece that starts inside lies inside
    for (var i = first(start); i < pieces.length && starts[i] < end; i += 1) {
      pieces[i].classList.add(name);
      lit.push(pieces[i]);
    }
  }

  function show() {
    var hash = decodeURIComponent(location.hash.slice(1));
    var cut = hash.indexOf(":");
    var id = cut < 0 ? hash : hash.slice(0, cut);
    var field = cut < 0 ? null : hash.slice(cut + 1);
    lit.forEach(function (p) { p.classList.remove("hl", "sp"); });
    lit = [];
    var span = anchors[id];
    if (!span) { status.hidden = true; return; }
    var words = field && span.spans[field] ? span.spans[field] : [];
    light(span.start, span.end, "hl");
    words.forEach(function (w) { light(w[0], w[1], "sp"); });
    status.textContent = "";
    var said = words.length ? "; the words that state " + field + " are marked (" + words.map(function (w) { return w[2]; }).join(", ") + " rule)" : "";
    status.appendChild(document.createTextNode("Highlighted: excerpt " + id + said + ". "));
    var back = document.createElement("a");
    back.href = "../index.html#" + span.row;
    back.textContent = "Back to the row it supports";
    status.appendChild(back);
    status.hidden = false;
    if (pieces[first(span.start)]) { pieces[first(span.start)].scrollIntoView({ block: "center" }); }
  }

  window.addEventListener("hashchange", show);
  show();
})();

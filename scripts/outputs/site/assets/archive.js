(function () {
  "use strict";
  // #<citation_id> highlights an excerpt; #<citation_id>:<field> also marks the words (the span) that state that field.
  var anchors = JSON.parse(document.getElementById("anchors").textContent);
  var pieces = Array.prototype.slice.call(document.querySelectorAll(".c"));
  var status = document.getElementById("status");

  function show() {
    var hash = decodeURIComponent(location.hash.slice(1));
    var id = hash.split(":")[0];
    var field = hash.indexOf(":") >= 0 ? hash.slice(hash.indexOf(":") + 1) : null;
    pieces.forEach(function (p) { p.classList.remove("hl"); p.classList.remove("sp"); });
    var span = anchors[id];
    if (!span) { status.hidden = true; return; }
    var words = field && span.spans[field] ? span.spans[field] : [];
    var first = null;
    pieces.forEach(function (p) {
      var at = Number(p.getAttribute("data-s"));
      if (at >= span.start && at < span.end) { p.classList.add("hl"); if (!first) { first = p; } }
      words.forEach(function (w) { if (at >= w[0] && at < w[1]) { p.classList.add("sp"); } });
    });
    status.textContent = "";
    var said = words.length ? "; the words that state " + field + " are marked (" + words.map(function (w) { return w[2]; }).join(", ") + " rule)" : "";
    status.appendChild(document.createTextNode("Highlighted: excerpt " + id + said + ". "));
    var back = document.createElement("a");
    back.href = "../index.html#" + span.row;
    back.textContent = "Back to the row it supports";
    status.appendChild(back);
    status.hidden = false;
    if (first) { first.scrollIntoView({ block: "center" }); }
  }

  window.addEventListener("hashchange", show);
  show();
})();

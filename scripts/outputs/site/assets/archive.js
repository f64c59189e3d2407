(function () {
  "use strict";
  var anchors = JSON.parse(document.getElementById("anchors").textContent);
  var pieces = Array.prototype.slice.call(document.querySelectorAll(".c"));
  var status = document.getElementById("status");

  function show() {
    var id = decodeURIComponent(location.hash.slice(1));
    pieces.forEach(function (p) { p.classList.remove("hl"); });
    var span = anchors[id];
    if (!span) { status.hidden = true; return; }
    var first = null;
    pieces.forEach(function (p) {
      var at = Number(p.getAttribute("data-s"));
      if (at >= span.start && at < span.end) { p.classList.add("hl"); if (!first) { first = p; } }
    });
    status.textContent = "";
    status.appendChild(document.createTextNode("Highlighted: excerpt " + id + ". "));
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

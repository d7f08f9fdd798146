/* gisnlp viewer: tooltips, fact <-> cell jumps, legend focus, load time. Reads #gis-data. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("gis-data").textContent);
  var tip = document.getElementById("tip");
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function label(id) { return (D.cells[id] && D.cells[id].l) || D.labels[id] || id; }
  function factTip(i) {
    var f = D.facts[i], out = ["<b>" + esc(f.t) + "</b>",
      "value: " + esc(f.v) + (f.u ? " " + esc(f.u) : "") + " · " + esc(f.k) +
      (f.d ? " (" + esc(f.d) + ")" : "") + (f.a ? " · " + esc(f.a) : "") +
      (f.mod && f.mod !== "reported" ? " · " + esc(f.mod) : "")];
    if (f.m) out.push("metric: " + esc(f.m));
    f.c.forEach(function (c) {
      var cell = D.cells[c];
      out.push("cell: " + esc(c) + " — " + esc(label(c)) + (cell && cell.v != null ? " = " + esc(cell.v) : ""));
    });
    if (!f.c.length) out.push("not linked to a table cell");
    if (f.fail) out.push("⚠ involved in a failed check");
    return out.join("\n");
  }
  function cellTip(id) {
    var c = D.cells[id] || {l: label(id), v: null, r: "", f: [], x: []}, out = ["<b>" + esc(id) + "</b>", esc(c.l)];
    out.push(c.v != null ? "value: " + esc(c.v) + (c.r && c.r !== c.v ? "  (as printed: " + esc(c.r) + ")" : "") : "no value");
    out.push(c.f.length ? c.f.length + " fact(s) state it — click to jump" : "no fact states it");
    c.x.forEach(function (k) { var x = D.checks[k]; out.push("✗ " + esc(x.rule) + ": " + esc(x.detail)); });
    return out.join("\n");
  }
  function segTip(i) {
    var s = D.segments[i], out = [];
    if (s.domains.length) out.push("domains: " + s.domains.map(function (d) {
      return esc(d[1]) + (d[2] ? " " + d[2].toFixed(2) : ""); }).join(", "));
    else out.push("no domain");
    if (s.path.length) out.push("under: " + s.path.map(esc).join(" › "));
    if (s.kind && s.kind !== "body") out.push("kind: " + esc(s.kind));
    return out.join("\n");
  }
  function show(html, e) {
    tip.innerHTML = html; tip.style.display = "block";
    var x = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = e.clientY + 16;
    if (y + tip.offsetHeight > window.innerHeight - 4) y = e.clientY - tip.offsetHeight - 10;
    tip.style.left = x + "px"; tip.style.top = Math.max(4, y) + "px";
  }
  document.addEventListener("mousemove", function (e) {
    var t = e.target, el;
    if ((el = t.closest && t.closest("mark.fact"))) return show(factTip(+el.dataset.f), e);
    if ((el = t.closest && t.closest("td.cell"))) return show(cellTip(el.dataset.cell), e);
    if ((el = t.closest && t.closest("#doc .seg"))) return show(segTip(+el.dataset.s), e);
    tip.style.display = "none";
  });
  function flash(el) {
    if (!el) return;
    el.classList.remove("flash"); void el.offsetWidth; el.classList.add("flash");
  }
  function go(el) { if (el) { el.scrollIntoView({block: "center"}); flash(el); } }
  function cellEl(id) { return document.getElementById("c-" + id); }
  function factEl(i) { return document.getElementById("f-" + i); }
  document.addEventListener("click", function (e) {
    var t = e.target, el;
    if ((el = t.closest("mark.fact"))) {
      var f = D.facts[+el.dataset.f], cells = f.c.map(cellEl).filter(Boolean);
      if (cells.length) { go(cells[0]); cells.slice(1).forEach(flash); } else flash(el);
      return;
    }
    if ((el = t.closest("td.cell.has-facts"))) {
      var fs = (el.dataset.facts || "").split(" ").filter(Boolean);
      var k = (+(el.dataset.k || -1) + 1) % fs.length;
      el.dataset.k = k; go(factEl(fs[k]));
      return;
    }
    if ((el = t.closest(".cref"))) { go(cellEl(el.dataset.cell)); return; }
    if ((el = t.closest(".fref"))) { go(factEl(el.dataset.f)); return; }
    if ((el = t.closest(".legend .dom"))) {
      var doc = document.getElementById("doc"), css = el.dataset.css, was = el.classList.contains("sel");
      document.querySelectorAll(".legend .dom.sel").forEach(function (d) { d.classList.remove("sel"); });
      doc.querySelectorAll(".seg.on").forEach(function (s) { s.classList.remove("on"); });
      doc.classList.toggle("focus", !was);
      if (!was) {
        el.classList.add("sel");
        doc.querySelectorAll(".seg").forEach(function (s) {
          var sd = D.segments[+s.dataset.s].domains;
          if (sd.some(function (d) { return d[0] === el.dataset.dom; })) s.classList.add("on");
        });
        var first = doc.querySelector(".seg.on"); if (first) first.scrollIntoView({block: "center"});
      }
    }
  });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.matches && e.target.matches("mark.fact, td.cell.has-facts")) {
      e.preventDefault(); e.target.click();
    }
  });
  window.addEventListener("load", function () {
    var t = performance.timing, root = document.documentElement;
    void document.body.offsetHeight;     // include style and layout of the whole page in the figure
    root.setAttribute("data-load-ms", Math.round(performance.now()));
    root.setAttribute("data-dom-ms", t.domContentLoadedEventEnd - t.navigationStart);
  });
})();

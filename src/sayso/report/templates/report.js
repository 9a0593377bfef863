// Hovering a highlighted run outlines every run of its innermost attribution.
(function () {
  var lit = [];
  function clear() { lit.forEach(function (el) { el.classList.remove("hl"); }); lit = []; }
  document.addEventListener("mouseover", function (ev) {
    var el = ev.target.closest ? ev.target.closest("[data-a]") : null;
    clear();
    if (!el) return;
    var id = el.getAttribute("data-a").split(" ")[0];
    lit = Array.prototype.slice.call(document.querySelectorAll('[data-a~="' + id + '"]'));
    lit.forEach(function (x) { x.classList.add("hl"); });
  });
})();
// Persuasion techniques: a highlight shows while any of its techniques is ticked.
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.tq-toggle"));
  function update() {
    var on = {};
    boxes.forEach(function (b) { if (b.checked) on[b.getAttribute("data-t")] = true; });
    Array.prototype.forEach.call(document.querySelectorAll("article [data-t]"), function (el) {
      var show = el.getAttribute("data-t").split(" ").some(function (k) { return on[k]; });
      el.classList.toggle("tq-on", show);
    });
  }
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  // a click on a highlight shows its technique, voice and definition in a panel
  var panel = document.getElementById("tq-panel");
  if (!panel) return;
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest ? ev.target.closest("article .tq-on") : null;
    if (!el) { panel.hidden = true; return; }
    panel.textContent = el.getAttribute("title") || "";
    panel.hidden = false;
  });
})();

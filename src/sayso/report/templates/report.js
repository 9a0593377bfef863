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

// The page works without this script (a coloured cell is then a plain cell,
// its footnote links to the finding); with it, a click on a coloured cell
// opens its findings, and the filters hide findings by severity and rule.
(function () {
  "use strict";
  var pop = document.getElementById("pop");
  var popTitle = pop.querySelector(".pop-head b");
  var popBody = pop.querySelector(".pop-body");

  function openCell(cell) {
    var ids = (cell.getAttribute("data-f") || "").split(" ");
    popBody.textContent = "";
    popTitle.textContent = (cell.getAttribute("title") || "").split("\n")[0];
    ids.forEach(function (id) {
      var card = document.getElementById(id);
      if (!card) { return; }
      var copy = card.cloneNode(true);
      copy.removeAttribute("id");
      popBody.appendChild(copy);
    });
    if (typeof pop.showModal === "function") {
      pop.showModal();
    } else if (ids[0]) {
      location.hash = ids[0];
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("a, button, input, select, label")) {
      if (pop.open && target.closest("#pop a, #pop .close")) { pop.close(); }
      return;
    }
    if (pop.open && target === pop) { pop.close(); return; }
    var cell = target.closest("[data-f]");
    if (cell && !pop.contains(cell)) { openCell(cell); }
  });
  document.addEventListener("keydown", function (event) {
    var cell = document.activeElement;
    if (event.key === "Enter" && cell && cell.hasAttribute && cell.hasAttribute("data-f")) { openCell(cell); }
  });

  var boxes = Array.prototype.slice.call(document.querySelectorAll("form.filters input[type=checkbox]"));
  var rule = document.getElementById("rule-filter");
  function applyFilters() {
    var shown = {};
    boxes.forEach(function (box) {
      shown[box.value] = box.checked;
      document.body.classList.toggle("hide-" + box.value, !box.checked);
    });
    var only = rule ? rule.value : "";
    document.querySelectorAll("#findings article.card").forEach(function (card) {
      card.hidden = !shown[card.getAttribute("data-sev")] || (only !== "" && card.getAttribute("data-rule") !== only);
    });
    ["#findings .rule-group", "#findings .file-group"].forEach(function (selector) {
      document.querySelectorAll(selector).forEach(function (group) {
        group.hidden = !group.querySelector("article.card:not([hidden])");
      });
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", applyFilters); });
  if (rule) { rule.addEventListener("change", applyFilters); }

  // Printed, the header lists the files and the rules.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
})();

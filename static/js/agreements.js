// Adds item rows to the programme form. Without JavaScript the form offers two empty rows per
// visit, which is enough: save, then edit again for more.
(function () {
  "use strict";
  var rows = document.getElementById("item-rows");
  var template = document.getElementById("item-empty-form");
  var button = document.getElementById("add-item-row");
  if (!rows || !template || !button) {
    return;
  }
  var prefix = rows.getAttribute("data-prefix");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var hint = document.querySelector(".no-js-hint");
  if (hint) {
    hint.classList.add("d-none");
  }
  button.classList.remove("d-none");
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    while (holder.firstChild) {
      rows.appendChild(holder.firstChild);
    }
    total.value = String(index + 1);
    var first = rows.lastElementChild && rows.lastElementChild.querySelector("textarea, input:not([type=hidden])");
    if (first) {
      first.focus();
    }
  });
})();

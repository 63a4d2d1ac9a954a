// Directive form: show the classification warning only when a classification is chosen, and
// grey out the fields a classified entry may not keep. The server enforces the same rules; the
// page works the same without this script (the warning is then always shown).
(function () {
  "use strict";

  var select = document.querySelector("select[data-classification]");
  var warning = document.querySelector("[data-classified-warning]");
  if (!select || !warning) {
    return;
  }
  var summary = document.getElementById("id_summary");
  var title = document.getElementById("id_title");

  function update() {
    var level = select.value;
    var classified = level && level !== "none";
    warning.hidden = !classified;
    if (summary) {
      summary.classList.toggle("field-refused", Boolean(classified) && !summary.value);
    }
    if (title) {
      title.classList.toggle("field-refused", level === "tuyet_mat" && !title.value);
    }
  }

  select.addEventListener("change", update);
  update();
})();

// Comfort for the meetings pages; every page works without it (docs/architecture.md).
(function () {
  "use strict";

  // Buttons that only make sense with this script are hidden until it runs.
  document.documentElement.classList.add("js");

  // Outcome page: "Add a row" clones the formset's empty form and counts it in TOTAL_FORMS,
  // so findings, tasks and proposals can be added without a reload.
  document.querySelectorAll("[data-formset]").forEach(function (set) {
    var prefix = set.getAttribute("data-formset");
    var total = set.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var template = set.querySelector("template[data-empty-row]");
    var rows = set.querySelector("[data-rows]");
    var button = set.querySelector("[data-add-row]");
    if (!total || !template || !rows || !button) {
      return;
    }
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.firstElementChild;
      while (holder.firstChild) {
        rows.appendChild(holder.firstChild);
      }
      total.value = String(index + 1);
      var first = row && row.querySelector("textarea, input:not([type=hidden]), select");
      if (first) {
        first.focus();
      }
    });
  });

  // New meeting: when the date changes, tick the units that are members of the Khối Khoa giáo
  // on that date (each checkbox carries its membership spans), unless the user has already
  // chosen the invitations by hand.
  var form = document.querySelector("form[data-new-meeting]");
  if (!form) {
    return;
  }
  var day = form.querySelector("input[name='day']");
  var boxes = form.querySelectorAll("[data-invited] input[type=checkbox]");
  var touched = false;
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      touched = true;
    });
  });

  function parseDay(text) {
    var match = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/.exec(text || "");
    if (!match) {
      return null;
    }
    return match[3] + "-" + ("0" + match[2]).slice(-2) + "-" + ("0" + match[1]).slice(-2);
  }

  function memberOn(spans, iso) {
    return (spans || "").split(" ").some(function (span) {
      var parts = span.split("..");
      return parts[0] && parts[0] <= iso && (!parts[1] || iso <= parts[1]);
    });
  }

  if (day) {
    day.addEventListener("change", function () {
      var iso = parseDay(day.value);
      if (!iso || touched) {
        return;
      }
      boxes.forEach(function (box) {
        box.checked = memberOn(box.getAttribute("data-khoi"), iso);
      });
    });
  }
})();

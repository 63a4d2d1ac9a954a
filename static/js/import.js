// Directive import: while the worker reads or writes the file, ask the server how far it is, move
// the progress bar, and reload the page when the job's state changes (the server renders the
// preview or the outcome). Without JavaScript the page offers a plain "refresh now" link.
(function () {
  "use strict";

  var area = document.querySelector("#import-status[data-poll]");
  if (!area || !window.fetch) {
    return;
  }
  var url = area.getAttribute("data-status-url");
  var current = area.getAttribute("data-status");
  var bar = area.querySelector("[data-progress]");
  var fill = area.querySelector("[data-progress-bar]");
  var delay = 1000;
  var started = Date.now();

  function show(data) {
    var percent = Math.max(0, Math.min(100, data.percent || 0));
    bar.setAttribute("aria-valuenow", String(percent));
    fill.style.width = percent + "%";
    fill.textContent = percent + " %";
  }

  function poll() {
    // Give up after an hour; the link on the page still works.
    if (Date.now() - started > 60 * 60 * 1000) {
      return;
    }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          show(data);
          if (data.status !== current || !data.running) {
            window.location.reload();
            return;
          }
        }
        delay = Math.min(delay * 1.2, 3000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  show({ percent: parseInt(bar.getAttribute("aria-valuenow"), 10) });
  window.setTimeout(poll, delay);
})();

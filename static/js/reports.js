// Reports: while a report is queued or being prepared, ask the server for its status and reload the
// page when it changes (the server renders the new state). Without JavaScript the page offers a
// plain "refresh now" link instead.
(function () {
  "use strict";

  var area = document.querySelector("#report-status[data-poll]");
  if (!area || !window.fetch) {
    return;
  }
  var url = area.getAttribute("data-status-url");
  var current = area.getAttribute("data-status");
  var delay = 1500;
  var started = Date.now();

  function poll() {
    // Give up after half an hour; the link on the page still works.
    if (Date.now() - started > 30 * 60 * 1000) {
      return;
    }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.status !== current) {
          window.location.reload();
          return;
        }
        delay = Math.min(delay * 1.3, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();

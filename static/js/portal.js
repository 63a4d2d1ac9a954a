// The portal's own small script. Every page works without it; it only adds comfort.
(function () {
  "use strict";

  // <form data-confirm="..."> asks before submitting (deletes, approvals, reopening).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // <select data-autosubmit> in filter bars submits its form on change.
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]") && event.target.form) {
      event.target.form.requestSubmit();
    }
  });
})();

// The portal's own small script. Every page works without it; it only adds comfort.
(function () {
  "use strict";

  // Controls that need JavaScript (class js-only) are shown only where it runs.
  document.documentElement.classList.add("js");

  // The main menu is a <details> that CSS keeps open from 768 px on (::details-content); a browser
  // without that selector gets it opened here instead, so the wide-screen menu never hides.
  var menu = document.querySelector(".portal-menu");
  if (menu && window.CSS && !CSS.supports("selector(::details-content)") && window.matchMedia("(min-width: 768px)").matches) {
    menu.open = true;
  }

  // <button data-print> (the dashboard's "In (A4)"); the print style sheet opens every breakdown.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

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

  // Uploads (attachments, imports, signed files): a form with a chosen file is sent with
  // XMLHttpRequest so that the bytes sent can be shown; the server's answer then replaces the page
  // as a normal submit would (a redirect is followed, a page with errors is shown). Without
  // JavaScript, or in a browser without FormData, the form submits as usual.
  function humanSize(bytes) {
    if (bytes < 1024 * 1024) {
      return Math.max(1, Math.round(bytes / 1024)) + " KB";
    }
    return (bytes / (1024 * 1024)).toFixed(1).replace(".", ",") + " MB";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var template = document.getElementById("upload-progress-template");
    if (event.defaultPrevented || !template || !window.FormData || form.method.toLowerCase() !== "post") {
      return;
    }
    if (form.enctype !== "multipart/form-data") {
      return;
    }
    var chosen = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length;
    });
    if (!chosen) {
      return;
    }
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    var box = template.content.firstElementChild.cloneNode(true);
    var bar = box.querySelector("progress");
    var text = box.querySelector(".upload-progress-text");
    (event.submitter || form.querySelector("[type=submit]") || form.lastElementChild).insertAdjacentElement("afterend", box);
    Array.prototype.forEach.call(form.querySelectorAll("[type=submit]"), function (button) {
      button.disabled = true;
    });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.setRequestHeader("X-Upload-Progress", "1");
    xhr.upload.addEventListener("progress", function (progress) {
      if (!progress.lengthComputable) {
        return;
      }
      var pct = Math.round((100 * progress.loaded) / progress.total);
      bar.value = pct;
      text.textContent = template.dataset.sending
        .replace("{sent}", humanSize(progress.loaded))
        .replace("{total}", humanSize(progress.total))
        .replace("{pct}", pct + " %");
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value");
      text.textContent = template.dataset.processing;
    });
    xhr.addEventListener("load", function () {
      // The answer replaces the page as after a normal submit; a redirect was followed by the
      // request itself (its one-time messages are in this answer), so only the address changes.
      document.open();
      document.write(xhr.responseText);
      document.close();
      if (xhr.responseURL) {
        window.history.replaceState(null, "", xhr.responseURL);
      }
    });
    xhr.addEventListener("error", function () {
      text.textContent = template.dataset.failed;
      Array.prototype.forEach.call(form.querySelectorAll("[type=submit]"), function (button) {
        button.disabled = false;
      });
    });
    xhr.send(data);
  });
})();

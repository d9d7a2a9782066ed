// Report centre: while a report is queued or rendering, poll its status and update the row.
// No inline script or style (strict CSP): the progress bar is a <progress> element.
(function () {
  "use strict";
  var INTERVAL = 1000;

  function update(state, data) {
    var label = state.querySelector("[data-report-label]");
    var bar = state.querySelector("[data-report-progress]");
    var stage = state.querySelector("[data-report-stage]");
    if (label) {
      label.textContent = data.status_label;
      label.className = "report-status report-status-" + data.status;
    }
    if (bar) {
      bar.value = data.progress;
      bar.textContent = data.progress + "%";
      bar.hidden = data.done;
    }
    if (stage) stage.textContent = data.done ? "" : data.stage;
    state.setAttribute("data-status", data.status);
  }

  function poll(state) {
    var url = state.getAttribute("data-status-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        update(state, data);
        if (data.done) {
          // Ready or failed: reload once so the download link, error and buttons come from the server.
          window.location.reload();
        } else {
          window.setTimeout(function () { poll(state); }, INTERVAL);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(state); }, INTERVAL * 3); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-report-state][data-status-url]").forEach(function (state) {
      window.setTimeout(function () { poll(state); }, INTERVAL);
    });
  });
})();

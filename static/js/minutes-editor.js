// The minutes editor: warn before leaving with unsaved changes, and autosave every 30 seconds
// through the same revision check as the form (a stale autosave is refused, never overwrites).
(function () {
  "use strict";
  var form = document.getElementById("minutes-editor");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var revision = form.querySelector("input[name=revision]");
  var dirty = false;
  var stopped = false;

  form.addEventListener("input", function () {
    dirty = true;
    if (status) { status.textContent = form.dataset.unsaved; }
  });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  function autosave() {
    if (!dirty || stopped || !form.dataset.autosaveUrl) { return; }
    var data = new FormData(form);
    data.delete("then");
    dirty = false;
    fetch(form.dataset.autosaveUrl, { method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": data.get("csrfmiddlewaretoken") } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (body.ok) {
          revision.value = body.revision;
          if (status) { status.textContent = form.dataset.saved; }
        } else {
          dirty = true;
          stopped = true;  // someone else saved: the person saves by hand and merges
          if (status) { status.textContent = body.error; }
        }
      })
      .catch(function () { dirty = true; });
  }
  window.setInterval(autosave, 30000);
})();

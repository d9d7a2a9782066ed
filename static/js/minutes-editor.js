// The minutes editor: the sticky save bar says whether everything is saved ("Saved at 14:02",
// "Unsaved changes", "Saving…"); leaving with unsaved changes asks first; every 30 seconds the draft is
// autosaved through the same revision check as the form (a stale autosave is refused, never overwrites).
(function () {
  "use strict";
  var form = document.getElementById("minutes-editor");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var revision = form.querySelector("input[name=revision]");
  var dirty = false;
  var stopped = false;

  function show(state, text) {
    if (!status) { return; }
    status.dataset.state = state;
    status.textContent = text;
  }

  form.addEventListener("input", function () {
    dirty = true;
    if (!stopped) { show("unsaved", form.dataset.unsaved); }
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
    show("saving", form.dataset.saving);
    fetch(form.dataset.autosaveUrl, { method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": data.get("csrfmiddlewaretoken") } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (body.ok) {
          revision.value = body.revision;
          if (!dirty) { show("saved", body.status || form.dataset.saved); }
        } else {
          dirty = true;
          stopped = true;  // someone else saved: the person saves by hand and merges
          show("error", body.error);
        }
      })
      .catch(function () {
        dirty = true;
        show("unsaved", form.dataset.unsaved);
      });
  }
  window.setInterval(autosave, 30000);
})();

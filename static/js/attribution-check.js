// The non-attribution check in the editors (minutes, follow-up action, public summary).
// 1. "Edit here" from the check page opens an editor with ?field=<id>&start=&end=&text=: the field is
//    focused and the word selected (found again nearby if the text moved since the check).
// 2. As the author types, the texts marked data-check are sent (debounced) to the form's
//    data-check-url, and each hit is listed under its field: the sentence with the name marked, and
//    buttons to select it and to apply the suggested wording. Everything is built with textContent:
//    nothing from the text is ever parsed as HTML.
(function () {
  "use strict";
  var DELAY = 600;

  function selectRange(field, start, end) {
    field.focus();
    field.setSelectionRange(start, end);
    // Scroll a textarea to the selected line: browsers do not always do it for a programmatic selection.
    if (field.tagName === "TEXTAREA") {
      var lines = field.value.slice(0, start).split("\n").length - 1;
      var lineHeight = parseFloat(window.getComputedStyle(field).lineHeight) || 20;
      field.scrollTop = Math.max(0, lines * lineHeight - field.clientHeight / 3);
    }
    field.scrollIntoView({ block: "center" });
  }

  function nearest(value, text, around) {
    // The occurrence of `text` closest to `around`, or -1.
    var best = -1;
    var index = value.indexOf(text);
    while (index !== -1) {
      if (best === -1 || Math.abs(index - around) < Math.abs(best - around)) { best = index; }
      index = value.indexOf(text, index + 1);
    }
    return best;
  }

  function selectFromLocation() {
    var params = new URLSearchParams(window.location.search);
    var field = params.get("field") && document.getElementById(params.get("field"));
    if (!field || typeof field.setSelectionRange !== "function") { return; }
    var start = parseInt(params.get("start"), 10) || 0;
    var end = parseInt(params.get("end"), 10) || start;
    var text = params.get("text") || "";
    if (text && field.value.slice(start, end) !== text) {
      var found = nearest(field.value, text, start);
      if (found !== -1) { start = found; end = found + text.length; }
    }
    selectRange(field, start, end);
    field.classList.add("attribution-target");
  }

  function liveCheck(form) {
    var url = form.dataset.checkUrl;
    var fields = Array.prototype.slice.call(form.querySelectorAll("[data-check]"));
    if (!url || !fields.length) { return; }
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var labels = form.dataset;
    var pending = {};
    var shown = {};  // field id -> the answer on screen
    var timer = null;
    var inFlight = 0;

    function panelFor(field) {
      var panel = form.querySelector('[data-hits-for="' + field.id + '"]');
      if (!panel) {
        panel = document.createElement("div");
        panel.className = "attribution-live";
        panel.setAttribute("data-hits-for", field.id);
        panel.setAttribute("aria-live", "polite");
        field.insertAdjacentElement("afterend", panel);
      }
      return panel;
    }

    function button(text, onClick) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "small";
      element.textContent = text;
      element.addEventListener("click", onClick);
      return element;
    }

    function apply(field, hit) {
      var value = field.value;
      if (value.slice(hit.start, hit.end) !== hit.matched) { schedule(field, 0); return; }  // the text moved
      field.value = value.slice(0, hit.replace_start) + hit.suggestion + value.slice(hit.replace_end);
      var caret = hit.replace_start + hit.suggestion.length;
      field.focus();
      field.setSelectionRange(caret, caret);
      // The other hits stay usable at once: those after the change move by its length (the server's
      // answer to the check that follows replaces them).
      var shift = hit.suggestion.length - (hit.replace_end - hit.replace_start);
      var answer = shown[field.id] || { hits: [] };
      var kept = answer.hits.filter(function (other) {
        return other !== hit && (other.end <= hit.replace_start || other.replace_start >= hit.replace_end);
      }).map(function (other) {
        if (other.replace_start < hit.replace_end) { return other; }
        return Object.assign({}, other, {
          start: other.start + shift, end: other.end + shift,
          replace_start: other.replace_start + shift, replace_end: other.replace_end + shift
        });
      });
      render(field, { hits: kept, invisible: answer.invisible });
      field.dispatchEvent(new Event("input", { bubbles: true }));  // autosave sees the change; checked again
    }

    function render(field, answer) {
      shown[field.id] = answer;
      var panel = panelFor(field);
      panel.textContent = "";
      var hits = (answer && answer.hits) || [];
      var open = hits.filter(function (hit) { return !hit.accepted; });
      field.classList.toggle("attribution-has-hits", open.length > 0);
      if (answer && answer.invisible) {
        var notice = document.createElement("p");
        notice.className = "attribution-invisible";
        notice.textContent = labels.labelInvisible.replace("{count}", answer.invisible);
        panel.appendChild(notice);
      }
      if (!open.length) { return; }
      var list = document.createElement("ul");
      list.className = "attribution-live-hits";
      open.forEach(function (hit) {
        var item = document.createElement("li");
        item.className = "attribution-live-hit attribution-live-" + hit.severity;
        var badge = document.createElement("span");
        badge.className = "severity severity-" + hit.severity;
        badge.textContent = hit.severity === "certain" ? labels.labelCertain : labels.labelPossible;
        var sentence = document.createElement("span");
        sentence.className = "minutes-context";
        var mark = document.createElement("mark");
        mark.textContent = hit.name;
        sentence.appendChild(document.createTextNode(hit.before));
        sentence.appendChild(mark);
        sentence.appendChild(document.createTextNode(hit.after));
        item.appendChild(badge);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(sentence);
        var actions = document.createElement("span");
        actions.className = "attribution-live-actions";
        actions.appendChild(button(labels.labelSelect, function () { selectRange(field, hit.start, hit.end); }));
        actions.appendChild(button(labels.labelApply.replace("{wording}", hit.suggestion), function () {
          apply(field, hit);
        }));
        item.appendChild(actions);
        list.appendChild(item);
      });
      panel.appendChild(list);
    }

    function send() {
      timer = null;
      var texts = pending;
      pending = {};
      if (!Object.keys(texts).length) { return; }
      inFlight += 1;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
        body: JSON.stringify({ fields: texts })
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          if (!body || !body.fields) { return; }
          Object.keys(texts).forEach(function (id) {
            var field = document.getElementById(id);
            // Show the answer only if the text is still the one checked: a later request will follow.
            if (field && field.value === texts[id]) { render(field, body.fields[id]); }
          });
        })
        .catch(function () { /* offline for a moment: the next keystroke checks again */ })
        .then(function () {
          inFlight -= 1;
          form.dataset.checking = inFlight > 0 || timer ? "yes" : "no";
        });
    }

    function schedule(field, delay) {
      pending[field.id] = field.value;
      form.dataset.checking = "yes";
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(send, delay);
    }

    fields.forEach(function (field) {
      field.addEventListener("input", function () { schedule(field, DELAY); });
      pending[field.id] = field.value;
    });
    send();  // the page opens with its hits shown
  }

  document.querySelectorAll("form[data-check-url]").forEach(liveCheck);
  selectFromLocation();
})();

// The agenda builder: drag an item to reorder the agenda (the keyboard's way is the ↑ ↓ buttons, which
// work without this file), and keep the focus where it was when htmx replaces the agenda section.
// No inline script anywhere (CSP): this file and htmx are the project's own static files.
(function () {
  "use strict";

  var dragged = null;
  var before = "";

  function listOf(section) { return section && section.querySelector("ol.agenda[data-reorder]"); }

  function order(list) {
    return Array.prototype.map.call(list.querySelectorAll(":scope > li.agenda-item"), function (li) {
      return li.dataset.itemId;
    });
  }

  function submitOrder(list) {
    var form = document.getElementById("agenda-order");
    if (!form) { return; }
    var ids = order(list);
    if (ids.join(",") === before) { return; }  // dropped where it was: nothing to save
    Array.prototype.forEach.call(form.querySelectorAll("input[name=order]"), function (input) { input.remove(); });
    ids.forEach(function (id) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "order";
      input.value = id;
      form.appendChild(input);
    });
    if (window.htmx) {
      window.htmx.trigger(form, "agenda-reordered");
    } else {
      form.submit();  // no htmx: a plain post, and the page comes back in the new order
    }
  }

  function setUp(section) {
    var list = listOf(section);
    if (!list || list.dataset.dragReady) { return; }
    list.dataset.dragReady = "1";
    Array.prototype.forEach.call(list.querySelectorAll(":scope > li.agenda-item"), function (li) {
      li.setAttribute("draggable", "true");
    });
    list.addEventListener("dragstart", function (event) {
      var li = event.target.closest && event.target.closest("li.agenda-item");
      // Dragging starts on the item itself or its handle, never from a field, button or link inside it.
      if (!li || event.target.closest("form, a, input, button, select, textarea")) {
        event.preventDefault();
        return;
      }
      dragged = li;
      before = order(list).join(",");
      li.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", li.dataset.itemId);
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) { return; }
      event.preventDefault();
      var over = event.target.closest && event.target.closest("li.agenda-item");
      if (!over || over === dragged || over.parentNode !== list) { return; }
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("drop", function (event) {
      if (dragged) { event.preventDefault(); }
    });
    list.addEventListener("dragend", function () {
      if (!dragged) { return; }
      dragged.classList.remove("dragging");
      dragged = null;
      submitOrder(list);
    });
  }

  // The focus survives the swap: the same button (ids are per item) or, failing that, the status line.
  var focused = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    focused = active && active.id ? active.id : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var section = document.getElementById("agenda");
    setUp(section);
    var editing = focused && focused.indexOf("edit-") === 0 && document.querySelector("li.agenda-item-editing");
    if (editing) {  // "Edit" opened the form in the item's place: into its first field
      var field = editing.querySelector("input:not([type=hidden]), select, textarea");
      if (field) { field.focus(); }
      focused = null;
      return;
    }
    var again = focused && document.getElementById(focused);
    if (again && !again.disabled) {
      again.focus();
    } else if (section && focused) {
      var status = document.getElementById("agenda-status");
      if (status) { status.setAttribute("tabindex", "-1"); status.focus(); }
    }
    focused = null;
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUp(document.getElementById("agenda")); });
  } else {
    setUp(document.getElementById("agenda"));
  }
})();

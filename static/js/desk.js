/* The desk's small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  /* Search-as-you-type pickers: a visible search box fills a hidden id field.
     Markup: <div class="picker" data-endpoint="/desk/speakers/search/">
               <input type="hidden">  <input type="search">  <ul class="picker-results" hidden></ul></div> */
  function setupPicker(picker) {
    if (picker.dataset.ready) return;
    picker.dataset.ready = "1";
    var hidden = picker.querySelector('input[type="hidden"]');
    var box = picker.querySelector('input[type="search"]');
    var list = picker.querySelector(".picker-results");
    if (!hidden || !box || !list) return;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    picker.appendChild(status);
    var timer = null;
    var lastQuery = "";

    function close() {
      list.hidden = true;
      list.textContent = "";
    }

    function choose(item) {
      hidden.value = item.id;
      box.value = item.label;
      lastQuery = item.label;
      close();
      picker.classList.add("picked");
      status.textContent = (picker.dataset.chosenText || "") + " " + item.label;
      box.focus();
    }

    function show(results) {
      list.textContent = "";
      results.forEach(function (item) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "picker-option";
        button.textContent = item.label;
        if (item.detail) {
          var small = document.createElement("small");
          small.textContent = item.detail;
          button.appendChild(document.createElement("br"));
          button.appendChild(small);
        }
        button.addEventListener("click", function () { choose(item); });
        li.appendChild(button);
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
      status.textContent = results.length + " " + (picker.dataset.foundText || "");
    }

    function search() {
      var q = box.value.trim();
      if (q === lastQuery) return;
      lastQuery = q;
      if (!q) { close(); return; }
      fetch(picker.dataset.endpoint + "?q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (box.value.trim() === q) show(data.results || []); })
        .catch(function () { close(); });
    }

    box.addEventListener("input", function () {
      // Typing again means the earlier pick no longer stands.
      hidden.value = "";
      picker.classList.remove("picked");
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && !list.hidden) {
        var first = list.querySelector("button");
        if (first) { event.preventDefault(); first.focus(); }
      } else if (event.key === "Escape") {
        close();
      }
    });
    list.addEventListener("keydown", function (event) {
      var current = document.activeElement;
      if (!current || current.tagName !== "BUTTON") return;
      var li = current.parentElement;
      if (event.key === "ArrowDown" && li.nextElementSibling) {
        event.preventDefault();
        li.nextElementSibling.querySelector("button").focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (li.previousElementSibling) li.previousElementSibling.querySelector("button").focus();
        else box.focus();
      } else if (event.key === "Escape") {
        close();
        box.focus();
      }
    });
    if (hidden.value) picker.classList.add("picked");
  }

  /* "Add another piece of evidence": clone the formset's empty row. */
  function setupEvidenceRows() {
    var button = document.getElementById("add-evidence-row");
    var template = document.getElementById("evidence-row-template");
    var rows = document.getElementById("evidence-rows");
    var total = document.getElementById("id_evidence-TOTAL_FORMS");
    if (!button || !template || !rows || !total) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      while (holder.firstChild) rows.appendChild(holder.firstChild);
      total.value = String(index + 1);
      var added = document.getElementById("evidence-row-evidence-" + index) || row;
      added.querySelectorAll(".picker").forEach(setupPicker);
      var first = added.querySelector('input[type="search"]');
      if (first) first.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".picker").forEach(setupPicker);
    setupEvidenceRows();
  });
})();

/* @mention autocomplete and Markdown preview for comment textareas (progressive enhancement; forms work without it).
 * A textarea with data-mention-url gets a listbox of desk users while the word before the caret
 * starts with "@". Arrow keys move, Enter/Tab picks, Escape closes. No inline script (CSP). */
(function () {
  "use strict";

  function mentionAtCaret(textarea) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = /(^|[^\w@.+-])@([\w.@+-]{0,150})$/.exec(before);
    return match ? { query: match[2], start: before.length - match[2].length - 1 } : null;
  }

  function setup(textarea) {
    var url = textarea.getAttribute("data-mention-url");
    if (!url) { return; }
    var noAccess = textarea.getAttribute("data-mention-no-access") || "";
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.id = textarea.id + "_mentions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", list.id);
    textarea.insertAdjacentElement("afterend", list);
    var active = -1, pending = null, current = null;

    function close() { list.hidden = true; list.textContent = ""; active = -1; textarea.removeAttribute("aria-activedescendant"); }

    function highlight(index) {
      var items = list.querySelectorAll("li");
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      textarea.setAttribute("aria-activedescendant", items[active].id);
    }

    function pick(username) {
      if (!current) { return; }
      var value = textarea.value, caret = textarea.selectionStart;
      var insert = "@" + username + " ";
      textarea.value = value.slice(0, current.start) + insert + value.slice(caret);
      var position = current.start + insert.length;
      textarea.setSelectionRange(position, position);
      close();
      textarea.focus();
    }

    function show(results) {
      list.textContent = "";
      results.forEach(function (user, i) {
        var item = document.createElement("li");
        item.id = list.id + "_" + i;
        item.setAttribute("role", "option");
        item.textContent = "@" + user.username + (user.name ? " — " + user.name : "");
        if (!user.can_see_claim) { item.className = "mention-no-access"; item.textContent += " (" + noAccess + ")"; }
        item.addEventListener("mousedown", function (event) { event.preventDefault(); pick(user.username); });
        list.appendChild(item);
      });
      list.hidden = results.length === 0;
      active = -1;
    }

    textarea.addEventListener("input", function () {
      current = mentionAtCaret(textarea);
      if (!current) { close(); return; }
      if (pending) { pending.abort(); }
      pending = new AbortController();
      var separator = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + separator + "q=" + encodeURIComponent(current.query), {
        credentials: "same-origin",
        headers: { "Accept": "application/json" },
        signal: pending.signal
      }).then(function (response) {
        return response.ok ? response.json() : { results: [] };
      }).then(function (data) { show(data.results || []); }).catch(function () { /* aborted or offline: no list */ });
    });

    textarea.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
      else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        pick(list.querySelectorAll("li")[active].textContent.split(" ")[0].slice(1));
      }
    });
    textarea.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  /* Preview: the server renders through the one sanitiser (factcheck.markup) and returns safe HTML. */
  function setupPreview(textarea) {
    var url = textarea.getAttribute("data-preview-url");
    var form = textarea.form;
    var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !token) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "preview-button";
    button.textContent = textarea.getAttribute("data-preview-label") || "Preview";
    var output = document.createElement("div");
    output.className = "comment-preview markdown";
    output.setAttribute("aria-live", "polite");
    output.setAttribute("dir", "auto");
    output.hidden = true;
    var help = document.getElementById(textarea.id + "_help") || textarea;
    help.insertAdjacentElement("afterend", output);
    help.insertAdjacentElement("afterend", button);
    button.addEventListener("click", function () {
      var data = new FormData();
      data.append("body", textarea.value);
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value, "Accept": "application/json" }
      }).then(function (response) { return response.json(); }).then(function (result) {
        if (result.html !== undefined) {
          // Sanitised server-side by the same function that renders the page.
          output.innerHTML = result.html;
        } else {
          output.textContent = result.error || "";
        }
        output.hidden = false;
      }).catch(function () { output.hidden = true; });
    });
  }

  function init() {
    document.querySelectorAll("textarea[data-mention-url]").forEach(setup);
    document.querySelectorAll("textarea[data-preview-url]").forEach(setupPreview);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();

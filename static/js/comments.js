/* @mention autocomplete and Markdown preview for comment textareas (progressive enhancement; forms work without it).
 * A textarea with data-mention-url becomes a combobox of desk users (static/js/combobox.js, the same one the
 * claim form's pickers use) while the word before the caret starts with "@". Up/Down move, Enter picks,
 * Escape closes. No inline script (CSP). */
import { attach } from "./combobox.js";

function mentionAtCaret(textarea) {
  const before = textarea.value.slice(0, textarea.selectionStart);
  const match = /(^|[^\w@.+-])@([\w.@+-]{0,150})$/.exec(before);
  return match ? { text: match[2], start: before.length - match[2].length - 1 } : null;
}

function setupMentions(textarea) {
  const noAccess = textarea.getAttribute("data-mention-no-access") || "";
  attach(textarea, {
    url: textarea.getAttribute("data-mention-url"),
    query: mentionAtCaret,
    render: function (user, option) {
      const label = document.createElement("span");
      label.className = "combobox-label";
      label.textContent = "@" + user.username;
      option.appendChild(label);
      if (user.name) option.appendChild(document.createTextNode(" — " + user.name));
      if (!user.can_see_claim) {
        option.classList.add("mention-no-access");
        const note = document.createElement("small");
        note.className = "combobox-detail";
        note.textContent = noAccess;
        option.appendChild(note);
      }
    },
    pick: function (user, input, found) {
      // Replace the "@que" being typed (found.start .. caret) with the whole mention.
      const caret = input.selectionStart;
      const insert = "@" + user.username + " ";
      input.value = input.value.slice(0, found.start) + insert + input.value.slice(caret);
      const position = found.start + insert.length;
      input.setSelectionRange(position, position);
    },
  });
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

// A module runs once, after the document is parsed, however many templates include it.
document.querySelectorAll("textarea[data-mention-url]").forEach(setupMentions);
document.querySelectorAll("textarea[data-preview-url]").forEach(setupPreview);

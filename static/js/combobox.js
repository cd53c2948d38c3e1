/* The desk's one type-ahead (ARIA 1.2 combobox), shared by every picker and the @mention list.
 *
 * Keyboard navigation, aria-activedescendant and aria-selected come from GitHub's combobox-nav
 * (static/vendor/combobox-nav/, MIT, vendored unchanged). This module adds what every caller needs
 * once: fetching suggestions from a JSON endpoint (cancelling the request still in flight), the
 * listbox, Escape to close, and a live region that says how many suggestions there are and what
 * was chosen, in the page's language. Every form still works without JavaScript.
 *
 * Declarative use (desk.js calls enhance() on every page):
 *   <input data-combobox-url="/desk/speakers/search/" data-combobox-value="id_speaker">
 * or put data-combobox-url on a wrapper holding a visible text input and a hidden input:
 * the hidden input receives the chosen result's id, the text input its label.
 * With data-combobox-list="," the box holds several labels separated by commas (a claim's tags).
 * The endpoint answers GET ?q=<text> with {"results": [{"id": 1, "label": "…", "detail": "…"}]}.
 *
 * Scripted use: attach(input, {url, query, render, pick}) — see comments.js (@mentions).
 * Messages come from <div id="combobox-messages" data-one data-many data-none data-chosen data-list>
 * in base.html (translated there), with {count} and {label} placeholders.
 */
import Combobox from "../vendor/combobox-nav/index.js";

const DELAY_MS = 150;
const ENGLISH = {
  one: "1 suggestion. Use the up and down arrow keys to choose, Enter to pick.",
  many: "{count} suggestions. Use the up and down arrow keys to choose, Enter to pick.",
  none: "No suggestions.",
  chosen: "Chosen: {label}",
  list: "{label}: suggestions",
};
let counter = 0;

function message(key, values) {
  const holder = document.getElementById("combobox-messages");
  const template = (holder && holder.dataset[key]) || ENGLISH[key];
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function labelText(input) {
  const label = input.labels && input.labels[0];
  return ((label && label.textContent) || input.getAttribute("aria-label") || "").replace(/[:：]\s*$/, "").trim();
}

/* Defaults for a plain picker: search the whole value, show label and detail, fill the fields. */
function wholeValue(input) {
  const text = input.value.trim();
  return text ? { text } : null;
}

function renderResult(result, option) {
  const label = document.createElement("span");
  label.className = "combobox-label";
  label.textContent = result.label;
  option.appendChild(label);
  if (result.detail) {
    const detail = document.createElement("small");
    detail.className = "combobox-detail";
    detail.textContent = result.detail;
    option.appendChild(detail);
  }
}

/**
 * Turn `input` (an <input> or <textarea>) into a combobox over `options.url`.
 * options.query(input) -> {text, ...} or null (null: nothing to look up, close the list);
 * options.render(result, li) fills an option (an element with class "combobox-label" holds the
 *   words announced once it is chosen; otherwise the whole option's text);
 * options.pick(result, input, found) applies the choice (default: value = label, valueField = id);
 * options.valueField: a hidden <input> for the chosen id, emptied as soon as the user types again.
 */
export function attach(input, options = {}) {
  if (input.dataset.comboboxReady) return null;
  input.dataset.comboboxReady = "1";
  const url = options.url || input.dataset.comboboxUrl;
  const query = options.query || wholeValue;
  const render = options.render || renderResult;
  const valueField = options.valueField || null;
  const pick =
    options.pick ||
    function (result) {
      input.value = result.label;
      if (valueField) valueField.value = result.id;
    };
  // An arrow key opens the list in a one-line box; in a textarea it must still move the caret.
  const arrowOpens = input.tagName === "INPUT";

  if (!input.id) input.id = "combobox-" + ++counter;
  const list = document.createElement("ul");
  list.id = input.id + "-listbox";
  list.className = "combobox-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", message("list", { label: labelText(input) }));
  list.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.insertAdjacentElement("afterend", list);
  list.insertAdjacentElement("afterend", status);
  input.setAttribute("autocomplete", "off");
  const navigation = new Combobox(input, list, { tabInsertsSuggestions: false });

  let found = null; // {text, ...} the shown results answer
  let results = [];
  let open = false;
  let pending = null;
  let timer = null;

  function showPicked() {
    input.classList.toggle("combobox-picked", Boolean(valueField && valueField.value));
  }

  function cancel() {
    window.clearTimeout(timer);
    if (pending) pending.abort();
    pending = null;
  }

  function close() {
    cancel();
    if (!open) return;
    open = false;
    navigation.stop();
    list.hidden = true;
  }

  function show(items, asked) {
    found = asked;
    results = items;
    list.textContent = "";
    items.forEach(function (result, index) {
      const option = document.createElement("li");
      option.id = list.id + "-" + index;
      option.setAttribute("role", "option");
      option.dataset.index = String(index);
      render(result, option);
      list.appendChild(option);
    });
    if (!items.length) {
      close();
      status.textContent = message("none", {});
      return;
    }
    list.hidden = false;
    if (open) navigation.clearSelection();
    else {
      open = true;
      navigation.start();
    }
    status.textContent = message(items.length === 1 ? "one" : "many", { count: items.length });
  }

  function search(asked) {
    cancel();
    pending = new AbortController();
    const separator = url.indexOf("?") === -1 ? "?" : "&";
    fetch(url + separator + "q=" + encodeURIComponent(asked.text), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: pending.signal,
    })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        pending = null;
        show(data.results || [], asked);
      })
      .catch(function () {
        /* cancelled by newer typing, or offline: the form still posts the typed text */
      });
  }

  function lookUp(now) {
    const asked = query(input);
    if (!asked) {
      close();
      return;
    }
    cancel();
    if (now) search(asked);
    else timer = window.setTimeout(search, DELAY_MS, asked);
  }

  input.addEventListener("input", function () {
    // Typing again means an earlier pick no longer stands.
    if (valueField) valueField.value = "";
    showPicked();
    lookUp(false);
  });
  input.addEventListener("keydown", function (event) {
    if (event.isComposing) return; // an input method (Japanese) is still composing: its keys are its own
    if (event.key === "Escape" && (open || pending)) {
      event.preventDefault(); // a search box would also clear its text
      close();
    } else if (event.key === "ArrowDown" && !open && arrowOpens && !event.altKey) {
      const asked = query(input);
      if (!asked) return;
      event.preventDefault();
      if (found && found.text === asked.text && results.length) show(results, found);
      else lookUp(true);
    }
  });
  input.addEventListener("blur", close);
  // A click on an option must not take the focus from the box first.
  list.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });
  list.addEventListener("combobox-commit", function (event) {
    const option = event.target.closest('[role="option"]');
    const result = option && results[Number(option.dataset.index)];
    if (!result) return;
    const words = option.querySelector(".combobox-label") || option;
    pick(result, input, found);
    close();
    showPicked();
    status.textContent = message("chosen", { label: words.textContent });
    input.focus();
    input.dispatchEvent(new CustomEvent("combobox:pick", { bubbles: true, detail: result }));
  });
  showPicked();
  return { input, list, status, close };
}

/* A box of several names separated by `separator` (data-combobox-list=","): look up the name being typed
 * after the last separator; a pick replaces it and adds the separator, ready for the next name. */
function listOptions(input, separator) {
  return {
    query: function () {
      const parts = input.value.split(separator);
      const text = parts[parts.length - 1].trim();
      return text ? { text } : null;
    },
    pick: function (result) {
      const parts = input.value.split(separator);
      parts[parts.length - 1] = (parts.length > 1 ? " " : "") + result.label;
      input.value = parts.join(separator) + separator + " ";
    },
  };
}

/* Attach to every [data-combobox-url] under `root` that is not set up yet. */
export function enhance(root = document) {
  root.querySelectorAll("[data-combobox-url]").forEach(function (element) {
    const input = element.matches("input, textarea")
      ? element
      : element.querySelector('input:not([type="hidden"]), textarea');
    if (!input) return;
    if (input.dataset.comboboxList) {
      attach(input, { url: element.dataset.comboboxUrl, ...listOptions(input, input.dataset.comboboxList) });
      return;
    }
    const valueId = element.dataset.comboboxValue;
    const valueField = valueId
      ? document.getElementById(valueId)
      : element === input
        ? null
        : element.querySelector('input[type="hidden"]');
    attach(input, { url: element.dataset.comboboxUrl, valueField });
  });
}

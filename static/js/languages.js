/* "Looks like Italian — use it?": a hint under a language box, guessed from the text typed above it.
 *
 * A <textarea data-language-target="<id of the language input>" data-language-guess-url="…"> asks the
 * desk (claims.languages.detect_language) what language its text looks like, after a pause in typing.
 * The hint only offers: the language box changes when the editor presses the button, never by itself.
 * The endpoint answers {"tag": "it", "label": "Italian (it)", "message": "…", "button": "…"} (tag null
 * when it cannot tell); its words come translated from the server.
 */
const PAUSE_MS = 700;
const SAMPLE_CHARS = 500;

function alreadyChosen(target, data) {
  const value = target.value.trim();
  return value === data.tag || value === data.label || value.endsWith("(" + data.tag + ")");
}

function attachHint(area) {
  const url = area.dataset.languageGuessUrl;
  const target = document.getElementById(area.dataset.languageTarget);
  if (!url || !target || area.dataset.languageHintReady) return;
  area.dataset.languageHintReady = "1";
  const hint = document.createElement("p");
  hint.className = "language-hint";
  hint.hidden = true;
  hint.setAttribute("role", "status");
  const text = document.createElement("span");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  hint.append(text, " ", button);
  area.insertAdjacentElement("afterend", hint);

  let timer = null;
  let controller = null;
  let offered = null;
  button.addEventListener("click", function () {
    if (!offered) return;
    target.value = offered.label;
    target.dispatchEvent(new Event("change", { bubbles: true }));
    hint.hidden = true;
  });

  async function check() {
    if (controller) controller.abort();
    const sample = area.value.trim().slice(0, SAMPLE_CHARS);
    if (sample.length < 12) {
      hint.hidden = true;
      return;
    }
    controller = new AbortController();
    try {
      const response = await fetch(url + "?" + new URLSearchParams({ text: sample }), {
        signal: controller.signal,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const data = await response.json();
      if (!data.tag || alreadyChosen(target, data)) {
        hint.hidden = true;
        return;
      }
      offered = data;
      text.textContent = data.message;
      button.textContent = data.button;
      hint.hidden = false;
    } catch (error) {
      if (error.name !== "AbortError") hint.hidden = true;
    }
  }

  area.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, PAUSE_MS);
  });
  target.addEventListener("change", function () {
    if (offered && alreadyChosen(target, offered)) hint.hidden = true;
  });
  if (area.value.trim()) check();
}

export function setupLanguageHints(root = document) {
  root.querySelectorAll("textarea[data-language-target]").forEach(attachHint);
}

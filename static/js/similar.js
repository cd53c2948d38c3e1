/* "Have we checked this before?": similar existing claims while the statement is typed.
   Without JS the form's "Check for similar claims" button shows the same list (server-rendered). */

export function setupSimilar(root) {
  const box = root.querySelector("[data-similar-url]");
  if (!box) return;
  const results = box.querySelector(".similar-results");
  const fields = ["id_statement", "id_translation", "id_speaker"].map((id) => document.getElementById(id)).filter(Boolean);
  const heading = box.dataset.heading || "";
  const none = box.dataset.none || "";
  let timer = null;
  let asked = 0;

  async function ask() {
    const statement = document.getElementById("id_statement");
    if (!statement || statement.value.trim().length < 2) return;
    const params = new URLSearchParams({ q: statement.value });
    const translation = document.getElementById("id_translation");
    const speaker = document.getElementById("id_speaker");
    if (translation && translation.value) params.set("translation", translation.value);
    if (speaker && speaker.value) params.set("speaker", speaker.value);
    if (box.dataset.exclude) params.set("exclude", box.dataset.exclude);
    const mine = ++asked;
    let data;
    try {
      const response = await fetch(box.dataset.similarUrl + "?" + params.toString(), { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      data = await response.json();
    } catch (error) {
      return;
    }
    if (mine !== asked) return; // a later keystroke already asked again
    results.replaceChildren();
    const h = document.createElement("h3");
    h.textContent = heading;
    results.appendChild(h);
    showAlreadyChecked(data.already_checked || []);
    if (!data.results.length) {
      const p = document.createElement("p");
      p.className = "muted";
      p.textContent = none;
      results.appendChild(p);
      return;
    }
    const list = document.createElement("ul");
    list.className = "similar-claims";
    for (const item of data.results) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.label;
      const detail = document.createElement("span");
      detail.className = "muted";
      detail.textContent = " — " + item.detail + (item.why.length ? " · " + item.why.join(", ") : "");
      if (item.match_label) {
        const badge = document.createElement(item.match === "same" ? "strong" : "span");
        badge.className = "match-" + item.match;
        badge.textContent = item.match_label + " ";
        li.append(badge);
      }
      li.append(a, detail);
      list.appendChild(li);
    }
    results.appendChild(list);
  }

  function showAlreadyChecked(items) {
    // Partners' fact-checks of the same claim; every field set as text (a partner's strings are never markup).
    if (!items.length) return;
    const list = document.createElement("ul");
    list.className = "already-checked";
    for (const item of items) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = item.url;
      a.rel = "noopener noreferrer";
      a.textContent = item.claim;
      li.append(item.label + " — ", a);
      list.appendChild(li);
    }
    results.appendChild(list);
  }

  for (const field of fields) {
    field.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(ask, 300);
    });
  }
}

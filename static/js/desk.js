/* The desk's small progressive enhancements. Every page works without this file. */
import { enhance } from "./combobox.js";
import { setupSimilar } from "./similar.js";
import { setupHopRows } from "./chain.js";
import { setupLanguageHints } from "./languages.js";

/* "Add another piece of evidence": clone the formset's empty row. */
function setupEvidenceRows() {
  const button = document.getElementById("add-evidence-row");
  const template = document.getElementById("evidence-row-template");
  const rows = document.getElementById("evidence-rows");
  const total = document.getElementById("id_evidence-TOTAL_FORMS");
  if (!button || !template || !rows || !total) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    const index = parseInt(total.value, 10);
    const holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    const row = holder.firstElementChild;
    while (holder.firstChild) rows.appendChild(holder.firstChild);
    total.value = String(index + 1);
    const added = document.getElementById("evidence-row-evidence-" + index) || row;
    // Search-as-you-type pickers (static/js/combobox.js) in the new row too.
    enhance(added);
    setupLanguageHints(added);
    const first = added.querySelector('input[type="search"]');
    if (first) first.focus();
  });
}

enhance(document);
setupEvidenceRows();
setupSimilar(document);
setupHopRows();
setupLanguageHints(document);

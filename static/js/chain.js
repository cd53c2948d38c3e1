/* The reporting chain editor (desk claim form): add, remove and reorder hops.
 *
 * The form works without this file: each hop row has an "Order" number and a "Remove this hop"
 * box (a Django formset with can_order/can_delete). With it, rows get Move up / Move down /
 * Remove buttons, the order numbers follow the rows as shown, and "Add a hop" clones the
 * formset's empty row. Button labels come from data attributes on #hop-rows (translated there).
 */
import { enhance } from "./combobox.js";

function visibleRows(container) {
  return Array.from(container.querySelectorAll("[data-hop-row]")).filter((row) => !row.hidden);
}

function renumber(container) {
  visibleRows(container).forEach(function (row, index) {
    const order = row.querySelector('input[name$="-ORDER"]');
    if (order) order.value = String(index + 1);
    const number = row.querySelector(".hop-number");
    if (number) number.textContent = String(index + 1);
  });
}

function button(label, action) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "secondary hop-" + action;
  element.textContent = label;
  element.dataset.hopAction = action;
  return element;
}

function decorate(row, labels) {
  if (row.dataset.hopReady) return;
  row.dataset.hopReady = "1";
  const controls = row.querySelector(".hop-controls");
  if (controls) controls.hidden = true;
  const bar = document.createElement("p");
  bar.className = "hop-buttons";
  bar.append(button(labels.up, "up"), " ", button(labels.down, "down"), " ", button(labels.remove, "remove"));
  row.appendChild(bar);
}

export function setupHopRows() {
  const container = document.getElementById("hop-rows");
  const template = document.getElementById("hop-row-template");
  const add = document.getElementById("add-hop-row");
  const total = document.getElementById("id_hops-TOTAL_FORMS");
  if (!container || !template || !add || !total) return;
  const labels = {
    up: container.dataset.labelUp || "Move up",
    down: container.dataset.labelDown || "Move down",
    remove: container.dataset.labelRemove || "Remove",
  };
  container.querySelectorAll("[data-hop-row]").forEach((row) => decorate(row, labels));
  renumber(container);
  add.hidden = false;

  add.addEventListener("click", function () {
    const index = parseInt(total.value, 10);
    const holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    const row = holder.querySelector("[data-hop-row]");
    container.appendChild(row);
    total.value = String(index + 1);
    decorate(row, labels);
    enhance(row);
    renumber(container);
    const first = row.querySelector('input[type="search"]');
    if (first) first.focus();
  });

  container.addEventListener("click", function (event) {
    const target = event.target.closest("[data-hop-action]");
    if (!target) return;
    const row = target.closest("[data-hop-row]");
    const rows = visibleRows(container);
    const at = rows.indexOf(row);
    const action = target.dataset.hopAction;
    if (action === "up" && at > 0) rows[at - 1].before(row);
    else if (action === "down" && at < rows.length - 1) rows[at + 1].after(row);
    else if (action === "remove") {
      const remove = row.querySelector('input[name$="-DELETE"]');
      if (remove) remove.checked = true;
      row.hidden = true;
      const next = visibleRows(container)[Math.min(at, visibleRows(container).length - 1)];
      if (next) next.querySelector("button, input")?.focus();
      else add.focus();
    }
    renumber(container);
    if (action === "up" || action === "down") target.focus();
  });
}

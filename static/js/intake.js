// Intake review: a candidate's hidden start/end mark where intake found its excerpt in the article.
// Once the editor edits the excerpt they no longer mark it, so they are dropped (the server refuses
// offsets that do not hold the excerpt, and checks an excerpt without offsets against the whole text);
// edited back to the words intake found, they are restored.
document.addEventListener("input", (event) => {
  const excerpt = event.target;
  if (!(excerpt instanceof HTMLTextAreaElement) || !excerpt.name.endsWith("-excerpt") || !excerpt.form) return;
  const prefix = excerpt.name.slice(0, -"excerpt".length);
  for (const name of ["start", "end"]) {
    const field = excerpt.form.elements.namedItem(prefix + name);
    if (!field) continue;
    if (!("found" in field.dataset)) field.dataset.found = field.value;
    field.value = excerpt.value === excerpt.defaultValue ? field.dataset.found : "";
  }
});

/* The admin's language boxes use the desk's type-ahead (static/js/combobox.js over /desk/languages/),
 * the same picker as the claim form. Without JavaScript the box still takes a name or a tag. */
import { enhance } from "./combobox.js";

enhance(document);
// "Add another" rows of an inline (Django dispatches formset:added on the new row).
document.addEventListener("formset:added", function (event) {
  enhance(event.target);
});

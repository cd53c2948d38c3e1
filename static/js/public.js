/* The public site's one enhancement: the index's speaker and topic filters become type-aheads.
 * Without JavaScript the boxes still work: the server looks up the typed name. */
import { enhance } from "./combobox.js";

enhance();

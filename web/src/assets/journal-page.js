// Not written yet: the overview's link paths already serve the dashboard.
import { el } from "./dom.js";

export function createPage(main) {
  main.replaceChildren(el("p", "empty", "This view is not written yet."));
  return {};
}

// The status page: GET /api/status as panels, read again every 5 s while the tab is visible.
import { api } from "./api.js";
import { el } from "./dom.js";
import { statusSections } from "./status-view.js";

const REFRESH_MS = 5000;

export function createPage(main) {
  main.classList.add("scroll");
  const updated = el("p", "muted");
  const failure = el("p", "error");
  failure.setAttribute("role", "alert");
  failure.hidden = true;
  const sections = el("div", "status-grid");
  sections.append(el("p", "muted", "Loading…"));
  main.replaceChildren(el("h1", "", "Status"), updated, failure, sections);

  let reading = false;
  async function refresh() {
    if (reading) return;
    reading = true;
    try {
      const status = await api("/api/status");
      sections.replaceChildren(...statusSections(status));
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}, every ${REFRESH_MS / 1000} s while shown.`;
      failure.hidden = true;
    } catch (error) {
      // What was read before stays, marked as old by the time above.
      failure.textContent = `The status could not be read: ${error.message}`;
      failure.hidden = false;
    } finally {
      reading = false;
    }
  }

  setInterval(() => { if (document.visibilityState === "visible") refresh(); }, REFRESH_MS);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") refresh(); });
  refresh();
  return {};
}

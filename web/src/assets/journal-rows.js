// One journal entry as a table row; every text from the server goes in as textContent.
import { el } from "./dom.js";
import { JOURNAL_LEVELS } from "./journal-filters.js";
import { localTime } from "./times.js";

export const JOURNAL_COLUMNS = [["time", "Time"], ["host", "Host"], ["kind", "Kind"], ["level", "Level"], ["text", "Text"]];

export function entryRow(entry) {
  const row = el("tr");
  row.dataset.id = String(entry.id);

  const when = el("time", "", localTime(entry.time));
  when.dateTime = entry.time;
  when.title = entry.time;
  const time = el("td", "time");
  time.append(when);

  const host = el("td", "host");
  if (entry.host) {
    const link = el("a", "", entry.host);
    link.href = `/hosts/${encodeURIComponent(entry.host)}`;
    host.append(link);
  } else {
    host.append(el("span", "muted", "server"));
  }

  const level = el("td", "level");
  if (entry.level) {
    const known = JOURNAL_LEVELS.includes(entry.level) ? entry.level : "unknown";
    level.append(el("span", `badge level-${known}`, entry.level));
  }

  row.append(time, host, el("td", "kind", entry.kind), level, el("td", "text", entry.text));
  return row;
}

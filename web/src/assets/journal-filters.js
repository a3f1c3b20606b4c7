// The journal page's filters: read from and written to the URL (so a link shows the same), and matched against live entries.

/** The kinds of docs/api.md, in the order a person looks for them. */
export const KINDS = [
  "host_new", "host_up", "host_late", "host_down", "level_changed", "address_changed", "message", "clock_skew",
  "host_removed", "config_reloaded", "config_rejected", "silence_added", "silence_removed", "silence_expired",
  "dns_updated", "dns_failed", "flapping", "flapping_over", "still_down", "outage", "outage_over", "notify_failed",
];

export const JOURNAL_LEVELS = ["ok", "warning", "critical", "unknown"];

export const PAGE_SIZES = [50, 100];

/** The filters and the page, as the URL holds them with the API's own names; since and until are ISO UTC. */
export function readJournalFilters(search = location.search) {
  const params = new URLSearchParams(search);
  const limit = Number(params.get("limit"));
  const before = params.get("before") ?? "";
  return {
    host: params.get("host") ?? "",
    kind: params.get("kind") ?? "",
    level: params.get("level") ?? "",
    since: params.get("since") ?? "",
    until: params.get("until") ?? "",
    limit: PAGE_SIZES.includes(limit) ? limit : PAGE_SIZES[0],
    before: /^\d+$/.test(before) ? before : "",
  };
}

/** The URL query for the filters: only what differs from the defaults, so a plain /journal stays plain. */
export function journalSearch(filters) {
  const params = new URLSearchParams();
  for (const key of ["host", "kind", "level", "since", "until", "before"]) {
    if (filters[key]) params.set(key, filters[key]);
  }
  if (filters.limit !== PAGE_SIZES[0]) params.set("limit", String(filters.limit));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Whether an entry from the live feed belongs on the page the filters show (host names compare without case, as the API does). */
export function matchesFilters(entry, filters) {
  if (filters.host && (entry.host ?? "").toLowerCase() !== filters.host.toLowerCase()) return false;
  if (filters.kind && !filters.kind.split(",").includes(entry.kind)) return false;
  if (filters.level && entry.level !== filters.level) return false;
  if (filters.since && Date.parse(entry.time) < Date.parse(filters.since)) return false;
  if (filters.until && Date.parse(entry.time) >= Date.parse(filters.until)) return false;
  return true;
}

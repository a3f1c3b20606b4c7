// The time range the host page shows (charts and state timeline), kept in the URL as ?range= so a link or reload keeps it.

export const RANGES = { "1h": 3600, "24h": 86400, "7d": 7 * 86400 };
export const RANGE_LABELS = { "1h": "1 h", "24h": "24 h", "7d": "7 d" };
const DEFAULT = "1h";

export function readRange() {
  const range = new URLSearchParams(location.search).get("range");
  return range in RANGES ? range : DEFAULT;
}

export function writeRange(range) {
  const url = new URL(location.href);
  if (range === DEFAULT) url.searchParams.delete("range");
  else url.searchParams.set("range", range);
  history.replaceState(null, "", url);
}

// Formatting of the values the overview shows; pure functions, so the table's cells stay simple.

/** "12 s ago", "3 min ago", "2 h ago", "5 d ago" from an ISO time; "never" for a host never heard from. */
export function ago(iso, now = Date.now()) {
  if (!iso) return "never";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** A percentage clamped to 0–100 for a bar's width, or null when the agent does not report it. */
export function percent(value) {
  return typeof value === "number" && Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : null;
}

// Formatting of the overview's bars; times are formatted in times.js.

/** A percentage clamped to 0–100 for a bar's width, or null when the agent does not report it. */
export function percent(value) {
  return typeof value === "number" && Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : null;
}

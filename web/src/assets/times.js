// Times as people read them: the browser's local time, and back from a datetime-local input to ISO UTC for the API.

const pad = (n) => String(n).padStart(2, "0");

/** "2/12/2026, 05:31:07" in the browser's locale and time zone; "—" for none. */
export function localTime(iso) {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** An ISO time as a datetime-local input's value ("2026-12-02T05:31", seconds only when there are some); "" for none. */
export function toLocalInput(iso) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return "";
  const minutes = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return date.getSeconds() ? `${minutes}:${pad(date.getSeconds())}` : minutes;
}

/** A datetime-local input's value, read as local time, in ISO UTC; "" for an empty or unreadable one. */
export function fromLocalInput(value) {
  if (!value) return "";
  const date = new Date(value); // a date-time without an offset is local time
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}

/** "3 d 4 h", "2 h 5 min", "42 s": the two largest units of a duration in seconds. */
export function duration(seconds) {
  const units = [["d", 86400], ["h", 3600], ["min", 60], ["s", 1]];
  const parts = [];
  let rest = Math.max(0, Math.floor(seconds));
  for (const [name, size] of units) {
    if (rest >= size || (name === "s" && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

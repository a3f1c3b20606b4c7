// Times as people read them: the browser's local time, how long ago or ahead, durations, and the datetime-local
// inputs' values to and from ISO UTC for the API. Every page formats its times here, so they read alike everywhere.

const pad = (n) => String(n).padStart(2, "0");

/** An ISO time in the browser's time zone and language, to the second ("Dec 2, 2026, 05:31:07 AM"); "–" for none. */
export function localTime(iso) {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit",
  });
}

/** "12 s ago", "3 min ago", "2 h ago", "5 d ago" from an ISO time; "never" for a host never heard from. */
export function ago(iso, now = Date.now()) {
  if (!iso) return "never";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** "in 3 h", "in 12 min", "in 2 d" for a time ahead; "5 min ago" for one behind; "now" within a second. */
export function relative(iso, now = Date.now()) {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const span = Math.abs(seconds);
  if (span === 0) return "now";
  // Rounded to the nearest unit, so a silence of 4 h made a moment ago ends "in 4 h", not "in 3 h".
  const minutes = Math.round(span / 60);
  const hours = Math.round(span / 3600);
  let text;
  if (span < 60) text = `${span} s`;
  else if (minutes < 60) text = `${minutes} min`;
  else if (hours < 24) text = `${hours} h`;
  else text = `${Math.round(span / 86400)} d`;
  return seconds > 0 ? `in ${text}` : `${text} ago`;
}

/** "3 d 4 h", "2 h 5 min", "42 s": the two largest units of a duration in seconds. */
export function duration(seconds) {
  const units = [["d", 86400], ["h", 3600], ["min", 60], ["s", 1]];
  const parts = [];
  let rest = Math.round(Math.abs(seconds));
  for (const [name, size] of units) {
    if (rest >= size || (name === "s" && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

/**
 * A time (a Date or an ISO text) as a datetime-local input's value: local, to the minute, with seconds only when there
 * are some ("2026-12-02T05:31"); "" for none.
 */
export function toLocalInput(time) {
  const date = time instanceof Date ? time : time ? new Date(time) : null;
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

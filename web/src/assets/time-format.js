// Times of silences and other plans, which lie ahead as often as behind: local date and time, and "in 3 h" / "3 h ago".

const LOCAL = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The ISO time in the browser's time zone and language, e.g. "2 Dec 2026, 06:00". */
export function localTime(iso) {
  return LOCAL.format(new Date(iso));
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

/** The value a datetime-local input takes for a time: local, to the minute ("2026-12-02T06:00"). */
export function toLocalInput(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

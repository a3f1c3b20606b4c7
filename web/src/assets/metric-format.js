// Numbers as people read them: a metric's value with its unit (docs/api.md, history units).
import { duration } from "./times.js";

const BINARY = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
const DECIMAL = ["", "k", "M", "G", "T"];

/** A number with at most `digits` decimals and no trailing zeros: 12.5, 0.0123, 1843212. */
export function plain(value, digits = 2) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  const places = abs !== 0 && abs < 1 ? Math.max(digits, 1 - Math.floor(Math.log10(abs)) + 1) : digits;
  return String(Number(value.toFixed(Math.min(places, 10))));
}

/** A value with its unit: "12.5%", "1.8 MiB/s", "340 packets/s", "3 d 4 h"; a bare number when the unit is unknown. */
export function withUnit(value, unit) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "–";
  switch (unit) {
    case "%": return `${plain(value, 1)}%`;
    case "B": return scaled(value, 1024, BINARY, "");
    case "B/s": return scaled(value, 1024, BINARY, "/s");
    case "packets/s": return `${scaled(value, 1000, DECIMAL, "")} packets/s`;
    case "/s": return `${scaled(value, 1000, DECIMAL, "")}/s`;
    case "s": return duration(value);
    default: return plain(value);
  }
}

/** The unit hbd's history gives a metric, guessed from its name the same way (for the table of current values). */
export function unitOf(group, metric) {
  if (group.startsWith("check:")) return null;
  if (["usage", "iowait", "steal"].includes(metric) || metric.endsWith("_pct")) return "%";
  if (metric.endsWith("_bps")) return "B/s";
  if (metric.endsWith("_pps")) return "packets/s";
  if (["total", "available", "size", "used", "free", "swap_total"].includes(metric)) return "B";
  if (["errors", "drops", "rx_errors", "tx_errors", "rx_drops", "tx_drops"].includes(metric)) return "/s";
  if (metric === "uptime") return "s";
  return null;
}

function scaled(value, base, prefixes, suffix) {
  let i = 0;
  let v = value;
  while (Math.abs(v) >= base && i < prefixes.length - 1) {
    v /= base;
    i++;
  }
  const unit = prefixes[i];
  return `${plain(v, v >= 100 || i === 0 ? 0 : 1)}${unit ? ` ${unit}` : ""}${suffix}`.trim();
}

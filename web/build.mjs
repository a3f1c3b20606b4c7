// Lays out the folder hbd embeds (the first argument, else dist/): the dashboard's own files from src/ as they are (plain ES modules need no
// bundling) and the vendored libraries from node_modules under assets/vendor/. Node's standard library only.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const dist = process.argv[2] ? resolve(process.argv[2]) : join(root, "dist");
const vendor = [
  ["uplot/dist/uPlot.esm.js", "assets/vendor/uPlot.esm.js"],
  ["uplot/dist/uPlot.min.css", "assets/vendor/uPlot.min.css"],
];

rmSync(dist, { recursive: true, force: true });
cpSync(join(root, "src"), dist, { recursive: true });
mkdirSync(join(dist, "assets", "vendor"), { recursive: true });
for (const [from, to] of vendor)
  cpSync(join(root, "node_modules", from), join(dist, to));
// MSBuild's incremental check compares against this file: written last, so a build cut short is redone.
writeFileSync(join(dist, ".built"), new Date().toISOString() + "\n");

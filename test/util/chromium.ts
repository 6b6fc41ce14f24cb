/**
 * Headless Chromium (Debian's `chromium`) as a test oracle for pictures: render
 * an SVG file to a PNG exactly the size of the SVG, in a fresh profile, with no
 * network, updates or sync.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "./fixtures.ts";

/** The chromium executable, or "" when it is not installed. */
export const CHROMIUM = spawnSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], { encoding: "utf8" }).stdout.trim().split("\n")[0] ?? "";

/** The width and height attributes of an SVG document's root. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  return { width: Number(/\bwidth="(\d+)"/.exec(root)?.[1]), height: Number(/\bheight="(\d+)"/.exec(root)?.[1]) };
}

/** Render `svgFile` to PNG bytes at `width` × `height` CSS pixels (scale 1). */
export function renderSvg(svgFile: string, width: number, height: number): Uint8Array {
  const profile = tempDir("compspec-chromium-");
  const png = path.join(profile, "render.png");
  try {
    const r = spawnSync(CHROMIUM, [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--user-data-dir=${path.join(profile, "profile")}`,
      "--hide-scrollbars",
      "--force-device-scale-factor=1",
      `--window-size=${width},${height}`,
      `--screenshot=${png}`,
      `file://${path.resolve(svgFile)}`,
    ], { encoding: "utf8", timeout: 120_000 });
    if (!fs.existsSync(png)) throw new Error(`chromium wrote no screenshot (exit ${r.status}): ${r.stderr}`);
    return fs.readFileSync(png);
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * The newest modification time of any file under a folder: "is dist/compspec
 * older than its source?" for `npm start` and the release tests. Walks by hand
 * rather than with `readdirSync({recursive})`, which in Bun follows symbolic links.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Newest `mtimeMs` of the regular files under `dir` (0 when there are none). */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.isFile()) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

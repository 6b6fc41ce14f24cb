/**
 * Docs that are true about the repository: every repository path that README.md
 * or docs/*.md names (in a link, a `code span` or a code block) exists, every
 * `*.ts` file named on its own exists somewhere in the repository, and no doc
 * points outside it (a reader's clone has no `shared/` reference folder, no
 * `/work/` checkout).
 *
 * Build outputs (`dist/…`) and installed packages (`node_modules/…`) are not
 * checked: they exist only after `npm ci` / `npm run build`.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "./util/fixtures.ts";

const DOCS = [
  "README.md",
  ...fs.readdirSync(path.join(REPO, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`),
].sort();

/** Top-level entries a repository path can start with (`src/`, `test/`, `build.ts` …). */
const TOP = new Set(
  fs.readdirSync(REPO).filter((n) => ![".git", "node_modules", "dist"].includes(n)),
);

/** Every file under the repository's source folders, by base name (for `x.ts` named alone). */
function baseNames(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name === ".git" || e.name === "dist") continue;
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else names.add(e.name);
    }
  };
  walk(REPO);
  return names;
}

/** Markdown links: `[text](target)`. */
function links(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

/** Words of code spans and fenced code blocks. */
function codeWords(text: string): string[] {
  const blocks = [...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const withoutBlocks = text.replace(/```[^\n]*\n[\s\S]*?```/g, "");
  const spans = [...withoutBlocks.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
  return [...blocks, ...spans].flatMap((c) => c.split(/[\s"'=]+/)).filter((w) => w !== "");
}

/** A word as a repository path, trailing punctuation removed, or `undefined` when it is not one. */
function repoPath(word: string): string | undefined {
  const w = word.replace(/^[(\[]+/, "").replace(/[),.;:\]]+$/, "");
  const first = w.split("/")[0]!;
  if (!w.includes("/") || !TOP.has(first)) return undefined;
  return w;
}

/** The part of a path before any pattern (`src/extractors/system/read_*.ts` → `src/extractors/system/`). */
function fixedPart(p: string): string {
  const i = p.search(/[*<{…$[]/);
  return i < 0 ? p : p.slice(0, p.lastIndexOf("/", i) + 1);
}

function exists(rel: string): boolean {
  return fs.existsSync(path.join(REPO, rel));
}

describe("docs name only what exists, and only inside the repository", () => {
  const names = baseNames();
  for (const doc of DOCS) {
    test(doc, () => {
      const text = fs.readFileSync(path.join(REPO, doc), "utf8");
      const problems: string[] = [];
      for (const target of links(text)) {
        if (/^(https?:|mailto:|#)/.test(target)) continue;
        const file = target.replace(/#.*$/, "");
        const resolved = path.relative(REPO, path.resolve(REPO, path.dirname(doc), file));
        if (path.isAbsolute(file) || resolved.startsWith("..")) problems.push(`link outside the repository: ${target}`);
        else if (!exists(resolved)) problems.push(`link to a missing file: ${target}`);
      }
      for (const word of codeWords(text)) {
        const p = repoPath(word);
        if (p !== undefined) {
          if (!exists(fixedPart(p))) problems.push(`missing path: ${p}`);
          continue;
        }
        const bare = word.replace(/^[(\[]+/, "").replace(/[),.;:\]]+$/, "");
        if (/^[\w.-]+\.ts$/.test(bare) && !names.has(bare)) problems.push(`no file named ${bare}`);
      }
      // References to the development machine's own folders, which no clone has.
      for (const m of text.matchAll(/(?<![\w/.-])(shared\/[\w./-]+|\/work\/[\w./-]*)/g)) {
        problems.push(`points outside the repository: ${m[1]}`);
      }
      expect(problems).toEqual([]);
    });
  }

  test("the checker finds what it should", () => {
    expect(repoPath("`src/cli/output.ts`,".replace(/`/g, ""))).toBe("src/cli/output.ts");
    expect(repoPath("archspec/cpu/detect.py")).toBeUndefined(); // not a top-level folder of ours
    expect(repoPath("/shared/cluster/")).toBeUndefined(); // a site's path in an example
    expect(fixedPart("src/extractors/system/read_*.ts")).toBe("src/extractors/system/");
    expect(codeWords("see `a/b c` and\n```sh\nnpx bun src/main.ts\n```\n")).toEqual(["npx", "bun", "src/main.ts", "a/b", "c"]);
  });
});

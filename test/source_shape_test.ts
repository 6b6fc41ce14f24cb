/**
 * The shape of src/ that docs/design.md promises: no file over 300 lines, no
 * import cycle (between files, or between folders), and every import going
 * down the layers: a folder imports only its own files and folders of a lower
 * layer, so nothing below src/cli/ imports src/cli/.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "./util/fixtures.ts";

const SRC = path.join(REPO, "src");
const MAX_LINES = 300;

/**
 * The layers, lowest first: a folder of src/ (`.` is src/main.ts) may import
 * its own files and those of folders in lower layers. The same table is in
 * docs/design.md. `rainbow` (jobspecs and subsystems over compat and graph)
 * is the i19-jobspec branch's folder, listed ahead of its merge.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["util", "linux"],
  ["host", "node", "archspec"],
  ["extractors", "compat", "graph"],
  ["match", "describe", "registry", "rainbow"],
  ["cli"],
  ["."],
];

/** Files allowed over the limit: none. */
const KNOWN_LONG = new Set<string>();

/** Imports against the layers, known and to be removed: none. */
const KNOWN_UPWARD = new Set<string>();

function sourceFiles(dir = SRC): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith(".ts")) out.push(path.relative(SRC, p));
  }
  return out.sort();
}

/** Static imports and re-exports (`import … from "./x.ts"`, `export … from`) of one file, as src-relative paths. */
function imports(file: string): string[] {
  const text = fs.readFileSync(path.join(SRC, file), "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^;"']*?\bfrom\s+["'](\.{1,2}\/[^"']+)["']/gm)) {
    const target = path.normalize(path.join(path.dirname(file), m[1]!));
    if (!target.startsWith("..")) out.push(target);
  }
  for (const m of text.matchAll(/^\s*import\s+["'](\.{1,2}\/[^"']+)["']/gm)) {
    out.push(path.normalize(path.join(path.dirname(file), m[1]!)));
  }
  return out;
}

const folderOf = (file: string): string => file.includes("/") ? file.slice(0, file.indexOf("/")) : ".";

/** A cycle in `edges` as the list of its nodes, or undefined when there is none. */
function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === "done") return undefined;
    if (state.get(n) === "open") return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, "open");
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, "done");
    return undefined;
  };
  for (const n of edges.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

const files = sourceFiles();
const graph = new Map(files.map((f) => [f, imports(f)]));

describe("source shape", () => {
  test(`no src/ file is over ${MAX_LINES} lines`, () => {
    const long = files
      .map((f) => ({ f, lines: fs.readFileSync(path.join(SRC, f), "utf8").split("\n").length - 1 }))
      .filter(({ f, lines }) => lines > MAX_LINES && !KNOWN_LONG.has(f))
      .map(({ f, lines }) => `src/${f}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  test("every import names a file that exists", () => {
    const missing = [...graph].flatMap(([f, ts]) => ts.filter((t) => !fs.existsSync(path.join(SRC, t))).map((t) => `${f} -> ${t}`));
    expect(missing).toEqual([]);
  });

  test("every folder of src/ has a layer", () => {
    const layered = new Set(LAYERS.flat());
    expect([...new Set(files.map(folderOf))].filter((f) => !layered.has(f))).toEqual([]);
    // Loose files at src/'s root belong in a folder; only the entry point stays.
    expect(files.filter((f) => folderOf(f) === ".")).toEqual(["main.ts"]);
  });

  test("imports go down the layers (nothing below src/cli/ imports it)", () => {
    const rank = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i] as const)));
    const upward = [...graph].flatMap(([f, ts]) =>
      ts.filter((t) => folderOf(f) !== folderOf(t) && rank.get(folderOf(t))! >= rank.get(folderOf(f))!)
        .map((t) => `${f} -> ${t}`)
    ).filter((e) => !KNOWN_UPWARD.has(e));
    expect(upward).toEqual([]);
  });

  test("no import cycle between files", () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  test("no import cycle between folders", () => {
    const folders = new Map<string, string[]>();
    for (const [f, ts] of graph) {
      for (const t of ts) {
        const key = `${f} -> ${t}`;
        if (folderOf(f) === folderOf(t) || KNOWN_UPWARD.has(key)) continue;
        const list = folders.get(folderOf(f)) ?? [];
        if (!list.includes(folderOf(t))) list.push(folderOf(t));
        folders.set(folderOf(f), list);
      }
    }
    expect(findCycle(folders)).toBeUndefined();
  });

  test("the checks see a cycle and an upward import when there is one", () => {
    expect(findCycle(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]]]))).toEqual(["a", "b", "c", "a"]);
    expect(findCycle(new Map([["a", ["b"]], ["b", []]]))).toBeUndefined();
  });
});

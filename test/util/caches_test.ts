/** The module-level caches: made in one place, bounded, and emptied by resetCaches. */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildGraph } from "../../src/graph/mod.ts";
import { nodeRecord } from "../../src/node/record.ts";
import type { NodeFile } from "../../src/node/schema.ts";
import { BoundedCache, cacheNames, IdentityCache, resetCaches } from "../../src/util/caches.ts";
import { FIXTURES, REPO } from "../util/fixtures.ts";

describe("caches", () => {
  test("a bounded cache keeps the first keys, or restarts, when full", () => {
    const keep = new BoundedCache<string, number>("test.keep", 2);
    expect([keep.set("a", 1), keep.set("b", 2), keep.set("c", 3)]).toEqual([1, 2, 3]);
    expect([keep.get("a"), keep.get("b"), keep.get("c"), keep.size]).toEqual([1, 2, undefined, 2]);
    const restart = new BoundedCache<string, number>("test.restart", 2, "restart");
    restart.set("a", 1);
    restart.set("b", 2);
    restart.set("c", 3);
    expect([restart.get("a"), restart.get("c"), restart.size]).toEqual([undefined, 3, 1]);
  });

  test("one name, one cache; resetCaches empties every one", () => {
    expect(() => new BoundedCache("test.keep", 1)).toThrow("made twice");
    const byObject = new IdentityCache<object, string>("test.identity");
    const key = {};
    byObject.set(key, "x");
    const bounded = new BoundedCache<string, number>("test.reset", 4);
    bounded.set("a", 1);
    resetCaches();
    expect([byObject.get(key), bounded.get("a"), bounded.size]).toEqual([undefined, undefined, 0]);
  });

  test("after a reset, records and graphs come out the same", () => {
    const dir = path.join(FIXTURES, "nodes", "rainbow-red");
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
    const nodes = files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as NodeFile);
    const graphs = () =>
      (["rainbow", "fluxion", "flux-r"] as const).map((format) =>
        buildGraph(format, "c", nodes.map((n, i) => nodeRecord(n, `n${i}`)), { pus: true, pretty: false, sockets: true })
      );
    const before = graphs();
    expect(before[0]!.length).toBeGreaterThan(1000);
    resetCaches();
    expect(graphs()).toEqual(before);
  });

  // Tables (`ReadonlyMap`s of constant data) are not caches.
  test("no module keeps a cache of its own outside util/caches.ts", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith(".ts") && !p.endsWith("caches.ts")) {
          const text = fs.readFileSync(p, "utf8");
          for (const m of text.matchAll(/^(?:export )?(?:const|let) \w+(?:: (?!Readonly)[^=\n]+)? = new (?:Weak)?Map\b/gm)) {
            offenders.push(`${path.relative(REPO, p)}: ${m[0]}`);
          }
        }
      }
    };
    walk(path.join(REPO, "src"));
    expect(offenders).toEqual([]);
  });

  test("the caches made by the modules loaded here have names", () => {
    expect(cacheNames()).toEqual(expect.arrayContaining(["node.layouts", "node.attributes", "graph.rainbowMembers"]));
  });
});

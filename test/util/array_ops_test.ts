import { expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { describeCluster } from "../../src/describe/groups.ts";
import { describeText } from "../../src/describe/text.ts";
import { maxOf, minOf, pushAll } from "../../src/util/array_ops.ts";
import { realFile, summary } from "../describe/nodes.ts";
import { REPO } from "./fixtures.ts";

test("maxOf and minOf agree with Math.max and Math.min, empty and NaN included", () => {
  for (const a of [[], [3], [1, 5, 2], [-1, -7], [1, NaN, 2], [Infinity, 1]]) {
    expect(maxOf(a)).toBe(Math.max(...a));
    expect(minOf(a)).toBe(Math.min(...a));
  }
  expect(maxOf([], 0)).toBe(0);
  expect(maxOf([-3], 0)).toBe(-3); // `empty` is for no values only, as in the callers' use
  expect(maxOf(new Set([4, 9, 2]).values())).toBe(9);
});

test("a million values: no spread on the stack", () => {
  const big = Array.from({ length: 1_000_000 }, (_, i) => i);
  expect(() => Math.max(...Array.from({ length: 10_000_000 }, () => 0))).toThrow(RangeError); // what the helpers avoid
  expect(maxOf(big)).toBe(999_999);
  expect(minOf(big)).toBe(0);
  expect(pushAll([-1], big).length).toBe(1_000_001);
});

test("describe of a million nodes (in memory): groups and the text view, no stack overflow", () => {
  const one = summary(realFile("n0"));
  const nodes = Array.from({ length: 1_000_000 }, (_, i) => ({ ...one, hostname: `n${i}`, memoryKib: one.memoryKib - (i % 3) }));
  const d = describeCluster(nodes);
  expect(d.groups.length).toBe(1);
  expect(d.groups[0]!.nodes.length).toBe(1_000_000);
  expect(describeText(d)).toContain("n[0-999999]  (1,000,000 nodes)");
}, 60_000);

test("src/ spreads no array into Math.max, Math.min or push", () => {
  const bad: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts") && !p.endsWith("array_ops.ts")) {
        fs.readFileSync(p, "utf8").split("\n").forEach((line, i) => {
          if (/(Math\.(max|min)|\.(push|unshift))\((\s*[\w.]+\s*,)*\s*\.\.\./.test(line)) bad.push(`${path.relative(REPO, p)}:${i + 1}`);
        });
      }
    }
  };
  walk(path.join(REPO, "src"));
  expect(bad).toEqual([]);
});

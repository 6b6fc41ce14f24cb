import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import * as v from "valibot";
import { plainNodeFile } from "../../src/node/plain_node_file.ts";
import { AnyNodeFileSchema } from "../../src/node/schema.ts";
import { FIXTURES } from "../util/fixtures.ts";

/** JSON text of an object with these members (so that "__proto__" is an own key, as JSON.parse makes it). */
const objectText = (members: [string, string][]) => `{${members.map(([k, t]) => `${JSON.stringify(k)}:${t}`).join(",")}}`;

const key = fc.constantFrom("results", "compspec", "extractors", "sections", "version", "hostname", "cpu", "system", "0", "__proto__", "constructor", "prototype", "x");
const scalar = fc.oneof(fc.string({ maxLength: 3 }).map((s) => JSON.stringify(s)), fc.constantFrom("1", "null", "true", "[]", '["a"]'));
const members = (value: fc.Arbitrary<string>) => fc.array(fc.tuple(key, value), { maxLength: 4 });
const section = fc.oneof({ weight: 4, arbitrary: members(fc.oneof({ weight: 5, arbitrary: fc.string({ maxLength: 3 }).map((s) => JSON.stringify(s)) }, scalar)).map(objectText) }, scalar);
const sections = fc.oneof({ weight: 4, arbitrary: members(section).map(objectText) }, scalar);
const extractor = fc.oneof(
  { weight: 4, arbitrary: sections.map((s) => objectText([["sections", s]])) },
  members(sections).map(objectText),
  scalar,
);
const results = fc.oneof({ weight: 4, arbitrary: members(extractor).map(objectText) }, scalar);
/** `compspec.failed` entries: mostly `{section, error}` with a well-spelt section, sometimes not. */
const failedEntry = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom("nfd[pci]", "system[gpu]", "nfd", "a[b]c", "[x]"), fc.string({ maxLength: 3 })).map(([sec, e]) => objectText([["section", JSON.stringify(sec)], ["error", JSON.stringify(e)]])) },
  members(scalar).map(objectText),
  scalar,
);
const failedList = fc.oneof({ weight: 4, arbitrary: fc.array(failedEntry, { maxLength: 3 }).map((a) => `[${a.join(",")}]`) }, scalar);
const producer = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 })).map(([v, h]) => objectText([["hostname", JSON.stringify(h)], ["version", JSON.stringify(v)]])) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), failedList).map(([v, h, f]) =>
      objectText([["failed", f], ["hostname", JSON.stringify(h)], ["version", JSON.stringify(v)]])
    ),
  },
  members(scalar).map(objectText),
  scalar,
);
/** Documents near node files: mostly right, sometimes wrong in one place. */
const document = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.option(producer), results).map(([p, r]) => objectText(p === null ? [["results", r]] : [["compspec", p], ["results", r]])) },
  members(fc.oneof(results, producer, scalar)).map(objectText),
  scalar,
);

describe("plainNodeFile", () => {
  test("whatever it accepts, valibot accepts with the same output, keys in the same order", () => {
    fc.assert(
      fc.property(document, (text) => {
        const fast = plainNodeFile(JSON.parse(text));
        if (fast === undefined) return;
        const slow = v.safeParse(AnyNodeFileSchema, JSON.parse(text));
        expect(slow.success).toBe(true);
        expect(fast).toEqual(slow.output as typeof fast);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(slow.output));
      }),
      { numRuns: 3000 },
    );
  });

  test("a file extract --allow-fail wrote, with its failed sections, takes the fast path", () => {
    const text = '{"compspec": {"failed": [{"error": "e", "section": "nfd[pci]"}], "hostname": "h", "version": "1"}, "results": {}}';
    const fast = plainNodeFile(JSON.parse(text));
    expect(fast).toBeDefined();
    expect(JSON.stringify(fast)).toBe(JSON.stringify(v.parse(AnyNodeFileSchema, JSON.parse(text))));
  });

  test("the files compspec and compspec-go write take the fast path", () => {
    const files = [
      path.join(FIXTURES, "compspec-go", "node-extract-example.json"),
      ...["rainbow-red", "realistic", "extracted"].flatMap((d) => fs.readdirSync(path.join(FIXTURES, "nodes", d)).map((f) => path.join(FIXTURES, "nodes", d, f))),
    ];
    for (const f of files) {
      const json = JSON.parse(fs.readFileSync(f, "utf8"));
      const fast = plainNodeFile(json);
      expect(fast).toBeDefined();
      expect(JSON.stringify(fast)).toBe(JSON.stringify(v.parse(AnyNodeFileSchema, json)));
    }
  });

  test("what it leaves to valibot: extra keys, forbidden keys, arrays, non-strings, the old top key", () => {
    for (const text of [
      '{"results": {}, "y": 1}',
      '{"results": {"s": {"sections": {}, "x": 1}}}',
      '{"results": {"s": {"sections": {"c": {"constructor": "x"}}}}}',
      '{"results": {"__proto__": {"sections": {}}}}',
      '{"results": []}',
      '{"results": {"s": {"sections": {"c": {"k": 1}}}}}',
      '{"compspec": {"version": "1", "hostname": "h", "z": "1"}, "results": {}}',
      '{"compspec": {"version": "1", "hostname": "h", "failed": [{"section": "nfd", "error": "e"}]}, "results": {}}',
      '{"compspec": {"version": "1", "hostname": "h", "failed": [{"section": "nfd[pci]", "error": "e", "x": "1"}]}, "results": {}}',
      '{"extractors": {}}',
    ]) {
      expect(plainNodeFile(JSON.parse(text))).toBeUndefined();
    }
  });
});

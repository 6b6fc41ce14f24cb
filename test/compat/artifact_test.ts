/**
 * Artifacts of both kinds from text: kind told from content, and every bad
 * input the issue lists refused with the source and the place (line:col).
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { detectArtifactKind, parseArtifact } from "../../src/compat/artifact.ts";
import { DocumentError, MAX_DOCUMENT_BYTES, parseDocumentText } from "../../src/compat/document.ts";

async function error(text: string): Promise<DocumentError> {
  try {
    await parseArtifact(text, "a.yaml");
  } catch (e) {
    if (e instanceof DocumentError) return e;
    throw e;
  }
  throw new Error("no error");
}

const NFD_HEAD = "version: v1alpha1\ncompatibilities:\n- rules:\n  - name: r\n    matchFeatures:\n    - feature: cpu.cpuid\n      matchExpressions:\n";

describe("kind detection", () => {
  test("NFD by version, compspec by kind, either by their compatibilities", () => {
    expect(detectArtifactKind({ version: "v1alpha1", compatibilities: [] })).toBe("nfd");
    expect(detectArtifactKind({ kind: "CompatibilitySpec", compatibilities: [] })).toBe("compspec");
    expect(detectArtifactKind({ version: "v9", compatibilities: [{ rules: [] }] })).toBe("nfd");
    expect(detectArtifactKind({ compatibilities: [{ name: "x", attributes: {} }] })).toBe("compspec");
    expect(detectArtifactKind({ hello: 1 })).toBeUndefined();
    expect(detectArtifactKind([1])).toBeUndefined();
  });
  test("JSON and YAML alike", async () => {
    const a = await parseArtifact(`{"version": "v1alpha1", "compatibilities": [{"rules": [{"name": "x"}]}]}`, "a.json");
    expect(a.kind).toBe("nfd");
  });
});

describe("bad input: each names the file and the place", () => {
  const cases: [string, string, RegExp][] = [
    ["malformed YAML", "version: v1alpha1\ncompatibilities: [\n", /^a\.yaml:\d+:\d+: not valid YAML or JSON/],
    ["malformed JSON", '{"version": "v1alpha1", "compatibilities": [}', /^a\.yaml:1:\d+: not valid YAML or JSON/],
    ["duplicate keys", "version: v1alpha1\nversion: v1alpha1\ncompatibilities: []\n", /^a\.yaml:2:1: not valid YAML or JSON: duplicate key/],
    ["duplicate keys in JSON", '{"version": "v1alpha1",\n "compatibilities": [{"rules": [{"name": "x", "name" : "y"}]}]}', /^a\.yaml:2:\d+: not valid YAML or JSON: duplicate key/],
    ["duplicate keys in JSON, one escaped", '{"version": "v1alpha1", "compatibilities": [], "\\u0076ersion": "v1alpha1"}', /^a\.yaml:1:\d+: not valid YAML or JSON: duplicate key/],
    ["two documents", "version: v1alpha1\n---\nversion: v1alpha1\n", /^a\.yaml:\d+:\d+: not valid YAML or JSON/],
    ["unknown version", "version: v1beta1\ncompatibilities:\n- rules: []\n", /^a\.yaml:1:10: version: NFD artifact version "v1beta1" is not known; this compspec reads v1alpha1/],
    ["unknown compspec version", 'version: "1.0"\nkind: CompatibilitySpec\ncompatibilities: []\n', /^a\.yaml:1:10: version: compspec artifact version "1.0" is not known/],
    ["neither kind", "hello: world\n", /^a\.yaml:1:1: not a compatibility artifact/],
    ["unknown operator", NFD_HEAD + "        AVX2: {op: Equals}\n", /^a\.yaml:8:15: compatibilities\[0\]\.rules\[0\]\.matchFeatures\[0\]\.matchExpressions\.AVX2: unknown operator "Equals"/],
    ["wrong number of values", NFD_HEAD + "        AVX2: {op: Exists, value: [x]}\n", /:8:15: .*AVX2: Exists takes no values, not 1/],
    ["non-integer for Gt", NFD_HEAD + '        AVX2: {op: Gt, value: ["1.5"]}\n', /:8:15: .*not a number "1\.5"/],
    ["unparsable version", NFD_HEAD + '        AVX2: {op: Gt, value: ["5.14_x"], type: version}\n', /:8:15: .*"5\.14_x" is not a version/],
    ["invalid regexp", NFD_HEAD + '        AVX2: {op: InRegexp, value: ["[a"]}\n', /:8:15: .*not an RE2 regular expression: missing closing \]/],
    ["back-reference", NFD_HEAD + '        AVX2: {op: InRegexp, value: ["(a)\\\\1"]}\n', /back-references such as \\1 are not RE2/],
    ["look-around", NFD_HEAD + '        AVX2: {op: InRegexp, value: ["a(?!b)"]}\n', /look-ahead and look-behind are not RE2/],
    ["a value that is not a string (YAML 1.1 octal)", NFD_HEAD + "        AVX2: {op: In, value: [0300]}\n", /:8:32: .*value\[0\]: must be a string, not the number 0300; quote it: "0300"/],
    ["a value that is not a string (YAML 1.1 boolean)", NFD_HEAD + "        AVX2: {op: In, value: [yes]}\n", /must be a string, not the boolean yes; quote it: "yes"/],
    ["value not a list", NFD_HEAD + '        AVX2: {op: In, value: "0300"}\n', /value: must be a list, not "0300"/],
    ["weight not an integer", "version: v1alpha1\ncompatibilities:\n- weight: 1.5\n  rules: []\n", /:3:11: compatibilities\[0\]\.weight: must be an integer/],
    ["Go templates", "version: v1alpha1\ncompatibilities:\n- rules:\n  - name: r\n    varsTemplate: '{{ .x }}'\n", /Go templates are not supported/],
    ["two spellings of one field", "version: v1alpha1\ncompatibilities:\n- rules:\n  - name: r\n    Name: s\n", /"name" and "Name" are the same field/],
    ["attribute value not a string", "kind: CompatibilitySpec\ncompatibilities:\n- name: org.supercontainers\n  attributes:\n    hardware.gpu.available: yes\n", /:5:29: compatibilities\[0\]\.attributes\["hardware\.gpu\.available"\]: must be a string, not the boolean yes; quote it: "yes"/],
  ];
  for (const [name, text, message] of cases) {
    test(name, async () => expect((await error(text)).message).toMatch(message));
  }

  test("an alias bomb is refused at once", async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const p = String.fromCharCode(96 + i);
      lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${p}`).join(",")}]`);
    }
    const started = performance.now();
    expect((await error(lines.join("\n") + "\n")).message).toMatch(/uses aliases more than 100 times \(refused: this is how alias bombs work\)/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test("more than the size limit is refused before parsing", async () => {
    const text = "# " + "x".repeat(MAX_DOCUMENT_BYTES) + "\n";
    const started = performance.now();
    expect((await error(text)).message).toMatch(/is \d+ bytes; a compatibility document may be at most 1048576/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test("deep nesting is refused before parsing", async () => {
    const started = performance.now();
    expect((await error("[".repeat(400_000) + "]".repeat(400_000))).message).toMatch(/nested more than 64 levels deep/);
    let block = "";
    for (let i = 0; i < 100; i++) block += `${" ".repeat(i)}k${i}:\n`;
    expect((await error(block + " ".repeat(100) + "x: 1\n")).message).toMatch(/nested more than 64 levels deep/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test("an empty file", async () => expect((await error("  \n")).message).toBe("a.yaml: is empty"));
});

describe("what NFD accepts", () => {
  test("field names match case-insensitively; NFD fields with no effect here are kept with a note", async () => {
    const a = await parseArtifact(
      "Version: v1alpha1\nCompatibilities:\n- Rules:\n  - Name: r\n    MatchFeatures:\n    - Feature: CPU.cpuid\n      MatchExpressions: {AVX: {Op: Exists}}\n    annotations: {a: b}\n",
      "a.yaml",
    );
    if (a.kind !== "nfd") throw new Error("not nfd");
    const term = a.sets[0]!.rules[0]!.matchFeatures![0]!;
    expect(term.feature).toBe("CPU.cpuid");
    expect(term.lookup).toBe("cpu.cpuid");
    expect(term.expressions![0]![0]).toBe("AVX");
    expect(a.notes).toEqual([
      "a.yaml:8:5: Compatibilities[0].Rules[0].annotations: NFD sets annotations on a matching node; compspec only checks whether the image can run, so they have no effect here",
    ]);
  });
  test("a key named __proto__ never becomes a prototype; as a name it is refused, not dropped", async () => {
    // A field name it is not (#20: unknown fields are refused), and no prototype is touched on the way.
    expect((await error('{"__proto__": {"compatibilities": []}, "version": "v1alpha1", "compatibilities": [{"rules": [{"name": "x"}]}]}')).message)
      .toMatch(/__proto__: unknown field "__proto__"; the fields here are version, compatibilities/);
    expect(({} as Record<string, unknown>).compatibilities).toBeUndefined();
    expect((await error('{"version": "v1alpha1", "compatibilities": [{"rules": [{"matchFeatures": [{"feature": "cpu.cpuid", "matchExpressions": {"__proto__": {"op": "Exists"}}}]}]}]}')).message)
      .toMatch(/matchExpressions\.__proto__: "__proto__" cannot be used as a name/);
    expect((await error('{"kind": "CompatibilitySpec", "compatibilities": [{"name": "a", "attributes": {"__proto__": "x"}}]}')).message)
      .toMatch(/cannot be used as a name/);
  });
  test("null means not set", async () => {
    const a = await parseArtifact("version: v1alpha1\ncompatibilities:\n- weight: null\n  rules:\n  - name: r\n    matchAny: null\n", "a.yaml");
    if (a.kind !== "nfd") throw new Error("not nfd");
    expect(a.sets[0]!.weight).toBe(0);
    expect(a.sets[0]!.rules[0]!.matchAny).toBeUndefined();
  });
  test("places point into the text", async () => {
    const doc = await parseDocumentText("a:\n  b: [1, 2]\n", "x.yaml");
    expect(doc.placeOf(["a", "b", 1])).toEqual({ line: 2, col: 10 });
    expect(doc.scalarSource(["a", "b", 1])).toBe("2");
  });
});

describe("JSON read without the YAML library", () => {
  // Objects as lists of [key, value] pairs, written by hand so that keys can repeat.
  type Json = string | number | Json[] | { pairs: [string, Json][] };
  const key = fc.constantFrom("a", "b", "c", "\\u0061", 'q\\"', "x:y", " ");
  const { json } = fc.letrec<{ json: Json }>((tie) => ({
    json: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom("s", "a\":", "{", ":"),
      fc.integer(),
      fc.array(tie("json"), { maxLength: 3 }),
      fc.record({ pairs: fc.array(fc.tuple(key, tie("json")), { maxLength: 4 }) }),
    ),
  }));
  const write = (j: Json): string =>
    typeof j === "string" ? JSON.stringify(j)
    : typeof j === "number" ? String(j)
    : Array.isArray(j) ? `[${j.map(write).join(", ")}]`
    : `{${j.pairs.map(([k, v]) => `"${k}" : ${write(v)}`).join(",\n")}}`;
  const repeats = (j: Json): boolean =>
    typeof j === "string" || typeof j === "number" ? false
    : Array.isArray(j) ? j.some(repeats)
    : new Set(j.pairs.map(([k]) => JSON.parse(`"${k}"`))).size < j.pairs.length || j.pairs.some(([, v]) => repeats(v));

  test("property: a repeated key is refused with its place, any other JSON read as JSON.parse reads it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, json), { maxLength: 4 }), async (pairs) => {
        const top: Json = { pairs };
        const text = write(top);
        let error: DocumentError | undefined;
        try {
          const doc = await parseDocumentText(text, "g.json");
          expect(doc.value).toEqual(JSON.parse(text));
        } catch (e) {
          if (!(e instanceof DocumentError)) throw e;
          error = e;
        }
        expect(error === undefined ? undefined : error.message).toEqual(repeats(top) ? expect.stringMatching(/^g\.json:\d+:\d+: not valid YAML or JSON: duplicate key/) : undefined);
      }),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { flattenFeatures, newFeatures } from "../../src/extractors/nfd/flatten.ts";

describe("flattenFeatures", () => {
  test("attributes, flags and instances as compspec-go writes them", () => {
    const f = newFeatures();
    f.attributes.osrelease = { "VERSION_ID.major": "22", ID: "ubuntu" };
    f.attributes.name = { nodename: "" };
    f.flags.cpuid = ["AVX2", "SSE2"];
    f.instances.device = [{ name: "eno1", speed: "1000" }, { name: "eth1" }];
    f.instances.empty = [];
    f.attributes.none = {};
    expect(flattenFeatures(f)).toEqual({
      "osrelease.VERSION_ID.major": "22",
      "osrelease.ID": "ubuntu",
      "name.nodename": "",
      "cpuid.AVX2": "true",
      "cpuid.SSE2": "true",
      "device.0.name": "eno1",
      "device.0.speed": "1000",
      "device.1.name": "eth1",
    });
  });

  test("property: every element appears once under its flattened key; nothing else does", () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_./-]{1,8}$/);
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.dictionary(name, fc.string())),
        fc.dictionary(name, fc.uniqueArray(name)),
        fc.dictionary(name, fc.array(fc.dictionary(name, fc.string()), { maxLength: 4 })),
        (attributes, flags, instances) => {
          const out = flattenFeatures({ attributes, flags, instances });
          let expected = 0;
          for (const [s, els] of Object.entries(attributes)) for (const k of Object.keys(els)) expect(`${s}.${k}` in out).toBe(true), expected++;
          for (const [s, els] of Object.entries(flags)) for (const k of els) expect(out[`${s}.${k}`]).toBe("true"), expected++;
          for (const [s, insts] of Object.entries(instances)) {
            insts.forEach((inst, i) => {
              for (const [k, v] of Object.entries(inst)) expect(out[`${s}.${i}.${k}`]).toBe(v), expected++;
            });
          }
          // Keys can collide (a.b + c vs a + b.c); never more keys than elements.
          expect(Object.keys(out).length).toBeLessThanOrEqual(expected);
          for (const v of Object.values(out)) expect(typeof v).toBe("string");
        },
      ),
      { numRuns: 200 },
    );
  });
});

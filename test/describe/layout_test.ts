import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import {
  type CpuLayout,
  decodeLayout,
  describeCpuShape,
  describeNuma,
  encodeLayout,
  internLayout,
  layoutCpus,
  layoutShape,
} from "../../src/describe/layout.ts";

const layoutArb: fc.Arbitrary<CpuLayout> = fc.array(
  fc.array(
    fc.record({
      numa: fc.integer({ min: -1, max: 64 }),
      cores: fc.array(fc.array(fc.nat(4096), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 8 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  { minLength: 1, maxLength: 4 },
);

describe("layout strings", () => {
  test("property: decode(encode(layout)) is the layout", () => {
    fc.assert(fc.property(layoutArb, (l) => {
      expect(decodeLayout(encodeLayout(l))).toEqual(l);
    }));
  });

  test("the documented form", () => {
    const l: CpuLayout = [[{ numa: 0, cores: [[0, 2], [1, 3]] }], [{ numa: -1, cores: [[4, 6], [5, 7]] }]];
    expect(encodeLayout(l)).toBe("0:0+2,1+3|?:4+6,5+7");
    expect(layoutCpus(encodeLayout(l))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test("identical layouts share one string", () => {
    const a = internLayout(["0:0+1", "1+2"].join(","));
    const b = internLayout(`0:0+1,${"1+2"}`);
    expect(a).toBe(b);
  });
});

describe("shape and words", () => {
  test("2 sockets × 32 cores × 2 threads, 4 NUMA nodes", () => {
    const sockets = [0, 1].map((s) =>
      [0, 1].map((n) => ({
        numa: s * 2 + n,
        cores: Array.from({ length: 16 }, (_, c) => [s * 32 + n * 16 + c, 64 + s * 32 + n * 16 + c]),
      }))
    );
    const shape = layoutShape(encodeLayout(sockets));
    expect(shape).toMatchObject({ sockets: 2, cores: 64, pus: 128, maxThreads: 2, socketCores: [32, 32], threadRuns: [[64, 2]] });
    expect(describeCpuShape(shape)).toBe("2 sockets × 32 cores × 2 threads = 128 PUs");
    expect(describeNuma(shape, 4, 0)).toBe("4 NUMA nodes (2 per socket)");
  });

  test("uneven sockets (big.LITTLE: 3 clusters of 4, 2 and 2 cores) and mixed threads", () => {
    const big = layoutShape("?:0,1,2,3|?:4,5|?:6,7");
    expect(describeCpuShape(big)).toBe("3 sockets (4+2+2 cores), 8 cores, 8 PUs");
    const hybrid = layoutShape("0:0+1,2+3,4,5");
    expect(describeCpuShape(hybrid)).toBe("1 socket, 4 cores (2×2 threads + 2×1 thread), 6 PUs");
    expect(describeNuma(hybrid, 1, 0)).toBe("1 NUMA node");
  });

  test("a core offline changes the CPU shape, not the NUMA key", () => {
    const full = layoutShape("0:0+2,1+3;1:4+6,5+7");
    const less = layoutShape("0:0+2;1:4+6,5+7");
    expect(less.cpuKey).not.toBe(full.cpuKey);
    expect(less.numaKey).toBe(full.numaKey);
  });

  test("memory-only NUMA nodes are counted apart", () => {
    expect(describeNuma(layoutShape("0:0,1|1:2,3"), 4, 2)).toBe("4 NUMA nodes (1 per socket), 2 without CPUs");
  });
});

import { describe, expect, test } from "bun:test";
import { RAINBOW_MESSAGE_LIMIT, RAINBOW_MESSAGE_RESERVE, rainbowFit, rainbowLimitWarning } from "../../src/graph/rainbow_limit.ts";

describe("rainbow_limit", () => {
  test("the limit is gRPC's default, 4 MiB", () => {
    expect(RAINBOW_MESSAGE_LIMIT).toBe(4194304);
  });

  test("a graph within the limit gets no warning", () => {
    expect(rainbowLimitWarning("the rainbow graph", 1000, 2)).toBeUndefined();
    expect(rainbowLimitWarning("the rainbow graph", RAINBOW_MESSAGE_LIMIT - RAINBOW_MESSAGE_RESERVE, 100)).toBeUndefined();
    expect(rainbowFit(1000, 2).fits).toBe(true);
  });

  test("a graph over the limit is named with its size, the limit and how many nodes fit", () => {
    // The figure: 1,000 48-core nodes in 18,654,064 bytes.
    const text = rainbowLimitWarning("the rainbow graph", 18654064, 1000)!;
    expect(text).toContain("the rainbow graph is 17.8 MiB (18654064 bytes) for 1000 nodes");
    expect(text).toContain("4.0 MiB (4194304 bytes)");
    expect(text).toContain("about 224 nodes of this shape fit");
    expect(rainbowFit(18654064, 1000)).toEqual({ bytes: 18654064, fits: false, nodesThatFit: 224 });
  });

  test("the count of nodes that fit is itself within the limit", () => {
    for (const [bytes, nodes] of [[5_000_000, 1000], [4_194_305, 1], [123_456_789, 10_000]] as const) {
      const { nodesThatFit } = rainbowFit(bytes, nodes);
      expect((nodesThatFit * bytes) / nodes).toBeLessThanOrEqual(RAINBOW_MESSAGE_LIMIT - RAINBOW_MESSAGE_RESERVE);
      expect(((nodesThatFit + 1) * bytes) / nodes).toBeGreaterThan(RAINBOW_MESSAGE_LIMIT - RAINBOW_MESSAGE_RESERVE);
    }
  });
});

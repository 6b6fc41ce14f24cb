import { describe, expect, test } from "bun:test";
import { rankedNodes, RankOrderError, rankOrderMismatch } from "../../src/graph/mod.ts";
import type { NodeRecord } from "../../src/node/record.ts";

const rec = (hostname: string): NodeRecord => ({ hostname, sockets: [[[0]]], memory: [], gpus: [], attributes: {} });

describe("ranks", () => {
  test("default: natural hostname order, ranks 0..n-1", () => {
    const { nodes, ranks } = rankedNodes(["n10", "n2", "n1"].map(rec));
    expect(nodes.map((n) => n.hostname)).toEqual(["n1", "n2", "n10"]);
    expect(ranks).toEqual([0, 1, 2]);
  });

  test("a rank order: rank = position; a listed host without a record leaves its rank unused", () => {
    const { nodes, ranks } = rankedNodes(["n10", "n2", "n1"].map(rec), ["n2", "spare", "n10", "n1"]);
    expect(nodes.map((n) => n.hostname)).toEqual(["n2", "n10", "n1"]);
    expect(ranks).toEqual([0, 2, 3]);
  });

  test("a record the order lacks, or a host named twice, is an error naming it", () => {
    expect(() => rankedNodes(["n1", "n2"].map(rec), ["n1"])).toThrow(RankOrderError);
    expect(() => rankedNodes(["n1", "n2"].map(rec), ["n1"])).toThrow('"n2"');
    expect(() => rankedNodes(["n1"].map(rec), ["n1", "n1"])).toThrow(/"n1" more than once/);
  });

  test("mismatch: listed hosts without records, records not listed", () => {
    expect(rankOrderMismatch(["a", "b", "c"], ["c", "x", "a"])).toEqual({ missing: ["x"], unlisted: ["b"] });
  });
});

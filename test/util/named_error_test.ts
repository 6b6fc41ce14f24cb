/** The one base of compspec's errors: each kind keeps its own class and name. */
import { describe, expect, test } from "bun:test";
import { HostError } from "../../src/host/host.ts";
import { NodeRecordError } from "../../src/node/record.ts";
import { RegistryError } from "../../src/registry/errors.ts";
import { HostlistError } from "../../src/util/hostlist.ts";
import { CompspecError, namedError } from "../../src/util/named_error.ts";

describe("namedError", () => {
  test("a class of its own, named, under CompspecError and Error", () => {
    class AError extends namedError("AError") {}
    class BError extends namedError("BError") {}
    const a = new AError("went wrong", { cause: 7 });
    expect(a.name).toBe("AError");
    expect(a.message).toBe("went wrong");
    expect(a.cause).toBe(7);
    expect(a).toBeInstanceOf(AError);
    expect(a).toBeInstanceOf(CompspecError);
    expect(a).toBeInstanceOf(Error);
    expect(a).not.toBeInstanceOf(BError);
    expect(String(a)).toBe("AError: went wrong");
  });

  test("compspec's errors keep their names and their own fields", () => {
    expect(new NodeRecordError("x").name).toBe("NodeRecordError");
    expect(new HostlistError("x")).toBeInstanceOf(CompspecError);
    const r = new RegistryError("auth", "no", 401);
    expect([r.name, r.kind, r.status, r.message]).toEqual(["RegistryError", "auth", 401, "no"]);
    const h = new HostError("/proc/cpuinfo", "missing");
    expect(h.name).toBe("HostError");
    expect(h.path).toBe("/proc/cpuinfo");
    expect(h).not.toBeInstanceOf(RegistryError);
  });
});

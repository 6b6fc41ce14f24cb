/** Lazily loaded modules: asked for synchronously, loaded by the async caller, the work run again. */
import { describe, expect, test } from "bun:test";
import { LazyModule, ModuleNotLoaded, withLazyModules } from "../../src/util/lazy_module.ts";

describe("LazyModule and withLazyModules", () => {
  test("get() throws until loaded; the work is run again once the module is there", async () => {
    let imports = 0;
    const m = new LazyModule("answer", async () => {
      imports++;
      return { answer: 42 };
    });
    expect(() => m.get()).toThrow(ModuleNotLoaded);
    let runs = 0;
    const got = await withLazyModules(() => {
      runs++;
      return m.get().answer + 1;
    });
    expect(got).toBe(43);
    expect(runs).toBe(2);
    expect(await withLazyModules(() => m.get().answer)).toBe(42);
    expect(imports).toBe(1);
  });

  test("several modules, each loaded once, in the order the work asks for them", async () => {
    const order: string[] = [];
    const a = new LazyModule("a", async () => (order.push("a"), { v: "a" }));
    const b = new LazyModule("b", async () => (order.push("b"), { v: "b" }));
    expect(await withLazyModules(() => a.get().v + b.get().v)).toBe("ab");
    expect(order).toEqual(["a", "b"]);
  });

  test("the work's own errors pass through; a module that does not come stops the loop", async () => {
    await expect(withLazyModules(() => {
      throw new RangeError("the work's own");
    })).rejects.toThrow(RangeError);
    const broken = new LazyModule("broken", () => Promise.reject(new Error("cannot import")));
    await expect(withLazyModules(() => broken.get())).rejects.toThrow("cannot import");
    // A module that loads, yet the work asks again as if it had not: an error, not a loop.
    const other = new LazyModule("other", async () => ({}));
    await expect(withLazyModules(() => {
      throw new ModuleNotLoaded(other);
    })).rejects.toThrow(ModuleNotLoaded);
  });
});

/**
 * Modules loaded only when a run turns out to need them. The YAML library and
 * the RE2 engine cost milliseconds to load in a cold process, and most runs
 * never touch them (a JSON artifact, literal patterns), yet the code that may
 * need them is synchronous and pure. So such code asks a {@linkcode LazyModule}
 * for its module with `get()`, which throws {@linkcode ModuleNotLoaded} until
 * it is loaded, and the caller runs it under {@linkcode withLazyModules}, which
 * loads the module asked for and runs the work again.
 *
 * @module
 */
import { namedError } from "./named_error.ts";

/** Thrown by {@linkcode LazyModule.get} before the module is loaded; {@linkcode withLazyModules} catches it. */
export class ModuleNotLoaded extends namedError("ModuleNotLoaded") {
  constructor(readonly module: LazyModule<unknown>) {
    super(`internal error: module ${module.name} used before it was loaded (run the work under withLazyModules)`);
  }
}

/** A module imported on first need. */
export class LazyModule<T> {
  #value: T | undefined;
  #loading: Promise<T> | undefined;
  readonly #importer: () => Promise<T>;

  /** `importer` is the `import()` (a literal one, so that the bundler makes the module a chunk of its own). */
  constructor(readonly name: string, importer: () => Promise<T>) {
    this.#importer = importer;
  }

  /** The module. Throws {@linkcode ModuleNotLoaded} until {@linkcode load} has finished. */
  get(): T {
    if (this.#value === undefined) throw new ModuleNotLoaded(this);
    return this.#value;
  }

  /** Import the module (once). */
  load(): Promise<T> {
    return this.#loading ??= this.#importer().then((m) => (this.#value = m));
  }
}

/**
 * Run `work`; when it needs a module not loaded yet, load that module and run
 * `work` again from the start. `work` must be safe to repeat: pure, or doing
 * nothing it keeps before it asks for a module. It runs at most once more than
 * the number of lazy modules it needs.
 */
export async function withLazyModules<T>(work: () => T): Promise<T> {
  const loaded = new Set<LazyModule<unknown>>();
  for (;;) {
    try {
      return work();
    } catch (e) {
      if (!(e instanceof ModuleNotLoaded) || loaded.has(e.module)) throw e;
      loaded.add(e.module);
      await e.module.load();
    }
  }
}

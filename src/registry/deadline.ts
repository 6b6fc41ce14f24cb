/**
 * One deadline for a command's network work (`--timeout`): every request,
 * redirect hop, token request and page of a listing draws on the same time,
 * so a slow registry cannot stretch a command past it one request at a time.
 * The clock starts at the first network request (reading credentials from
 * stdin or files does not count).
 *
 * @module
 */

/** The time left to a command's network work. */
export class Deadline {
  #end: number | undefined;

  /** `ms`: the whole budget. */
  constructor(readonly ms: number) {}

  /** Milliseconds left (the clock starts on the first call); ≤ 0 once it has run out. */
  remaining(): number {
    this.#end ??= Date.now() + this.ms;
    return this.#end - Date.now();
  }

  /** The budget in seconds as people write it: `2`, `0.5`. */
  seconds(): string {
    return `${Number((this.ms / 1000).toFixed(3))}`;
  }
}

/**
 * The one base of compspec's errors. Each kind of error is a class of its own
 * (callers tell them apart with `instanceof`) whose `name` is set here, from
 * the name given, since the minified binary renames classes.
 *
 * @module
 */

/** Every error compspec throws on purpose is one of these. */
export class CompspecError extends Error {}

/** What {@linkcode namedError} returns: a {@linkcode CompspecError} class with a fixed `name`. */
export type NamedErrorClass = new (message: string, options?: ErrorOptions) => CompspecError;

/**
 * A base class for one kind of error, named `name`:
 * `export class HostlistError extends namedError("HostlistError") {}`.
 */
export function namedError(name: string): NamedErrorClass {
  return class extends CompspecError {
    constructor(message: string, options?: ErrorOptions) {
      super(message, options);
      this.name = name;
    }
  };
}

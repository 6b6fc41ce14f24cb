/**
 * The shape every extractor has, in the manner of Node Feature Discovery's
 * feature sources: a name, its sections, and one discover function.
 *
 * @module
 */
import type { Host } from "../host/host.ts";
import type { CommandRunner } from "../host/command.ts";
import { namedError } from "../util/named_error.ts";

/** One section's result: flat string keys to string values, as compspec-go writes them. */
export type Section = Record<string, string>;

/** What a discover function may use besides the machine's files. */
export interface DiscoverContext {
  /** The machine's files. */
  host: Host;
  /**
   * Environment of the running machine (PATH, MPI_HOME …). Empty when the host is
   * not the running machine: another machine's root says nothing about our environment.
   */
  env: Readonly<Record<string, string | undefined>>;
  /** Runs helper programs with a timeout; `undefined` when the host is not live. */
  run?: CommandRunner;
  /**
   * Reports a file whose content could not be parsed: the section goes on
   * without that file's values (the message names the file). Never fails the
   * section; the CLI prints each message as a warning.
   */
  warn?: (message: string) => void;
}

/** A section's name and a one-line description (shown by `compspec list`). */
export interface SectionInfo {
  readonly name: string;
  readonly description: string;
}

/** One section of an extractor, as NFD's feature sources are: a name, a description, its discover function. */
export interface ExtractorSection extends SectionInfo {
  /**
   * Discover the section. Throws {@linkcode ExtractError} (or a `HostError`) when a
   * file the section needs cannot be read; returns `{}` when there is legitimately
   * nothing to report (no MPI installed, no GPUs).
   */
  discover(ctx: DiscoverContext): Section;
}

/** An extractor: a name and its sections (the runner looks sections up: see `extractors/run.ts`). */
export interface Extractor {
  /** Name used on the command line: `--name system[cpu]`. */
  readonly name: string;
  /** One line for `compspec list`. */
  readonly description: string;
  /** Sections in their default order. */
  readonly sections: readonly ExtractorSection[];
}

/** A section that could not be discovered, with the reason (naming the path when there is one). */
export class ExtractError extends namedError("ExtractError") {
  constructor(message: string, readonly path?: string) {
    super(message);
  }
}

/**
 * The stderr side of rainbow's 4 MiB registration limit (the rule and its
 * wording are `src/graph/rainbow_limit.ts`'s), for the commands that write
 * files meant for `rainbow register`.
 *
 * @module
 */
import { rainbowLimitWarning } from "../graph/rainbow_limit.ts";
import { warn } from "./output.ts";

/**
 * Warn on stderr when `what` (`bytes` bytes describing `nodes` nodes) is over
 * rainbow's limit, adding `hint` when given; returns whether it warned.
 */
export function warnIfOverRainbowLimit(bytes: number, nodes: number, what: string, hint?: string): boolean {
  const warning = rainbowLimitWarning(what, bytes, nodes);
  if (warning !== undefined) warn(hint === undefined ? warning : `${warning}; ${hint}`);
  return warning !== undefined;
}

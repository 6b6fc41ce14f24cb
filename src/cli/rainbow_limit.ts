/**
 * rainbow's server refuses any registration message over 4 MiB (gRPC's
 * default receive limit; rainbow @075ee23 sets no other). This warns when a
 * file meant for registration is larger. (Issue 19 §6 gives `create nodes` the
 * same warning; this file is the subsystem side's until both share one.)
 *
 * @module
 */
import { warn } from "./output.ts";

/** rainbow's (gRPC's default) largest message, in bytes. */
export const RAINBOW_MESSAGE_LIMIT = 4 * 1024 * 1024;

/**
 * The warning for `what` of `bytes` bytes made of `nodes` nodes when it is over
 * rainbow's limit (the size, the limit, how many nodes of this shape fit), or
 * `undefined` when it fits.
 */
export function rainbowLimitWarning(bytes: number, nodes: number, what: string): string | undefined {
  if (bytes <= RAINBOW_MESSAGE_LIMIT) return undefined;
  const fit = nodes > 0 ? Math.floor(RAINBOW_MESSAGE_LIMIT / (bytes / nodes)) : 0;
  return `${what} is ${bytes} bytes, over rainbow's 4 MiB registration limit (${RAINBOW_MESSAGE_LIMIT} bytes): ` +
    `rainbow will refuse it; about ${fit} nodes of this shape fit (split the cluster, see docs/rainbow.md)`;
}

/** Warn on stderr when `what` is over rainbow's limit (see {@linkcode rainbowLimitWarning}); returns whether it warned. */
export function warnIfOverRainbowLimit(bytes: number, nodes: number, what: string): boolean {
  const warning = rainbowLimitWarning(bytes, nodes, what);
  if (warning !== undefined) warn(warning);
  return warning !== undefined;
}

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
 * Warn on stderr when `bytes` (the size of `what`, made of `nodes` nodes) is
 * over rainbow's limit: the size, the limit, and how many nodes of this shape
 * fit. Returns whether it warned.
 */
export function warnIfOverRainbowLimit(bytes: number, nodes: number, what: string): boolean {
  if (bytes <= RAINBOW_MESSAGE_LIMIT) return false;
  const fit = nodes > 0 ? Math.floor(RAINBOW_MESSAGE_LIMIT / (bytes / nodes)) : 0;
  warn(
    `${what} is ${bytes} bytes, over rainbow's 4 MiB registration limit (${RAINBOW_MESSAGE_LIMIT} bytes): ` +
      `rainbow will refuse it; about ${fit} nodes of this shape fit (split the cluster, see docs/rainbow.md)`,
  );
  return true;
}

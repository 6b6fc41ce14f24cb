/**
 * rainbow's registration size limit. Its server (converged-computing/rainbow
 * @075ee23) keeps gRPC's default receive limit of 4 MiB per message and has no
 * option for it, so `rainbow register cluster` / `register subsystem` of a graph
 * file larger than that fails with `ResourceExhausted … received message larger
 * than max`. The client sends the file's bytes as they are, plus the cluster
 * name, the secret and the subsystem name.
 *
 * @module
 */

/** gRPC's default maximum received message size, which rainbow's server keeps: 4 MiB. */
export const RAINBOW_MESSAGE_LIMIT = 4 * 1024 * 1024;

/**
 * Bytes of the registration message besides the graph file: protobuf framing,
 * the cluster name, the secret (a UUID or the server's registration secret) and
 * the subsystem name. Generous, so that a graph said to fit does fit.
 */
export const RAINBOW_MESSAGE_RESERVE = 1024;

/** How a graph file compares with rainbow's limit. */
export interface RainbowFit {
  /** The graph file's size in bytes. */
  bytes: number;
  /** Whether a registration message carrying it stays within {@linkcode RAINBOW_MESSAGE_LIMIT}. */
  fits: boolean;
  /**
   * How many nodes of this shape fit in one registration: the file's bytes
   * spread over its nodes (the cluster's own vertices included, so the count
   * errs low), 0 when `nodes` is 0.
   */
  nodesThatFit: number;
}

/** Whether a graph file of `bytes` bytes describing `nodes` nodes registers in rainbow, and how many such nodes would. */
export function rainbowFit(bytes: number, nodes: number): RainbowFit {
  const room = RAINBOW_MESSAGE_LIMIT - RAINBOW_MESSAGE_RESERVE;
  const fits = bytes <= room;
  const estimate = nodes <= 0 || bytes <= 0 ? 0 : Math.floor((room * nodes) / bytes);
  // A graph that fits holds at least its own nodes, whatever the estimate says.
  const nodesThatFit = fits ? Math.max(nodes, estimate) : estimate;
  return { bytes, fits, nodesThatFit };
}

/** Bytes in a short human form (`17.8 MiB (18654064 bytes)`). */
function sizeText(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${mib.toFixed(1)} MiB (${bytes} bytes)`;
}

/**
 * The warning for a graph or subsystem file that rainbow's server would refuse,
 * or `undefined` when it fits. `what` names it (`the rainbow graph`,
 * `subsystem compat-arch`); `nodes` is how many nodes it describes.
 */
export function rainbowLimitWarning(what: string, bytes: number, nodes: number): string | undefined {
  const fit = rainbowFit(bytes, nodes);
  if (fit.fits) return undefined;
  const each = nodes > 0 ? ` (about ${Math.ceil(bytes / nodes)} bytes per node)` : "";
  return `${what} is ${sizeText(bytes)} for ${nodes} node${nodes === 1 ? "" : "s"}${each}: over rainbow's ` +
    `registration limit of ${sizeText(RAINBOW_MESSAGE_LIMIT)} (gRPC's default receive size), so ` +
    `'rainbow register' will fail; about ${fit.nodesThatFit} node${fit.nodesThatFit === 1 ? "" : "s"} of this ` +
    `shape fit in one registration (split the cluster into several, or use a rainbow server built with a larger limit)`;
}

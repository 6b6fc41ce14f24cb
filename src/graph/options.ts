/**
 * What a caller may choose about the cluster graph. The graph module owns its
 * options: the tree walk (`tree.ts`) and every view (`rainbow.ts`,
 * `fluxion.ts`, `flux_r.ts`) read them from here.
 *
 * @module
 */

/** Options for the tree walk. */
export interface TreeOptions {
  /** Add a `pu` vertex per hardware thread under its core. */
  pus: boolean;
  /**
   * Keep the socket level between node and cores. Fluxion's graph for Flux has
   * none (Flux's own graphs have none, and `-N` jobs never start with one).
   */
  sockets: boolean;
}

/** Options for a graph document. */
export interface GraphOptions {
  /** Add a `pu` vertex per hardware thread under its core. */
  pus: boolean;
  /** Indent like `JSON.stringify(…, null, 2)`. */
  pretty: boolean;
  /** Keep the socket level in the Fluxion and flux-r views (rainbow's always has it). Default: false. */
  sockets?: boolean;
  /**
   * The instance's broker host order: a node's rank is its hostname's position
   * here, and nodes are walked in this order. Every record must be listed; a
   * listed host without a record leaves its rank unused. Default: natural
   * hostname order, ranks 0..n-1.
   */
  rankOrder?: readonly string[];
  /**
   * rainbow's view only: write just what rainbow reads (type, size, unit,
   * `contains` edges; see rainbow_compact.ts), same vertex keys. Default: false,
   * the full form compspec-go writes.
   */
  compact?: boolean;
}

/** The former name of {@linkcode GraphOptions}. */
export type ViewOptions = GraphOptions;

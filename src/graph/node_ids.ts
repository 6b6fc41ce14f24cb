/**
 * Node vertex `basename` and `id`. Fluxion's rule takes the id from the
 * hostname's trailing digits (`gpu17` → basename `gpu`, id 17), but `node1` and
 * `node01`, or `a1` and `b1`, would then share id 1. Ids must be unique per type
 * within a cluster (Fluxion's high/low-id match policies order nodes by id), so
 * Fluxion's rule is kept only where it is safe.
 *
 * @module
 */

/** A node vertex's basename and id. */
export interface NodeId {
  basename: string;
  id: number;
}

const TRAILING_DIGITS = /^(.*?)(\d{1,15})$/;

/**
 * Basename and id of each node, `hostnames` in graph order: a hostname ending
 * in digits that no other node's trailing digits equal in value keeps them as
 * its id; every other node (no trailing digits, or digits another node shares)
 * gets the next id after the largest kept one, in graph order. The basename is
 * the hostname without its trailing digits (`node` when nothing else is left),
 * or the whole hostname when it has none.
 */
export function nodeIds(hostnames: readonly string[]): NodeId[] {
  const parsed = hostnames.map((h): NodeId => {
    const m = TRAILING_DIGITS.exec(h);
    return m ? { basename: m[1] === "" ? "node" : m[1]!, id: Number(m[2]) } : { basename: h, id: -1 };
  });
  const uses = new Map<number, number>();
  for (const p of parsed) if (p.id >= 0) uses.set(p.id, (uses.get(p.id) ?? 0) + 1);
  let next = 0;
  for (const [id, n] of uses) if (n === 1 && id >= next) next = id + 1;
  return parsed.map((p) => (p.id >= 0 && uses.get(p.id) === 1 ? p : { basename: p.basename, id: next++ }));
}

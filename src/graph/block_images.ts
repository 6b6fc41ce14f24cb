/**
 * Block images: the text of a socket's vertices (or of their edges) rendered
 * once, then copied for every node of the same layout with only the values that
 * differ written over it: the vertices' numbers (`uniq` and their parents'),
 * the node's rank, and its hostname inside each path. Most nodes of a cluster
 * share their layout (see `nodeRecord`), so nearly all of a large graph's
 * bytes are copies; the output is the same as rendering every vertex, byte for byte.
 *
 * A copy is exact only when every changed value has as many bytes as in the
 * image (`uniq` 99 and 100 differ in length), so an image is kept per length of
 * those values, and a block whose numbers cross a power of ten is rendered.
 *
 * @module
 */
import { ByteOut, digitCount, escapedBytes, writeDigits } from "./byte_out.ts";
import type { CoreBlock } from "./tree.ts";

/** What a hole holds: a block-relative uniq, the node's uniq, its rank, its escaped hostname. */
const UNIQ = 0, NODE = 1, RANK = 2, HOST = 3;

/** Images kept at most, in bytes, for one document (a cluster of many layouts renders the rest). */
const BUDGET = 32 << 20;

/** Rendered text of a block, and where its changing values are. */
interface Image {
  bytes: Uint8Array;
  /** (offset, block-relative uniq) of each uniq. */
  uniqs: Int32Array;
  /** Offsets of the node's uniq, its rank, its hostname. */
  nodes: Int32Array;
  ranks: Int32Array;
  hosts: Int32Array;
  /** Digits of the block's numbers, of its node's uniq and rank; bytes of the escaped hostname. */
  uniqDigits: number;
  nodeDigits: number;
  rankDigits: number;
  hostBytes: number;
}

/** The images of one socket of one layout. */
interface Entry {
  socket: number;
  firstCore: number;
  images: Image[];
}

/** A {@linkcode ByteOut} that notes where the changing values of a block go. */
class Recorder extends ByteOut {
  /** Per kind of hole, its offsets (uniqs: offset and block-relative uniq). */
  readonly holes: number[][] = [[], [], [], []];

  constructor(readonly block: CoreBlock, readonly host: Uint8Array) {
    super(undefined, 64 * 1024);
  }

  override uniq(n: number): void {
    const b = this.block;
    if (n >= b.first && n < b.first + b.count) this.holes[UNIQ]!.push(this.pos, n - b.first);
    else if (n === b.nodeUniq) this.holes[NODE]!.push(this.pos);
    else throw new Error(`uniq ${n} is not in the block of node ${b.nodeUniq}`);
    this.int(n);
  }

  override rank(n: number): void {
    if (n !== this.block.node) throw new Error(`rank ${n} is not the block's (${this.block.node})`);
    this.holes[RANK]!.push(this.pos);
    this.int(n);
  }

  override path(p: string): void {
    const b = this.block;
    if (!p.startsWith(`${b.nodePath}/`)) throw new Error(`path ${p} is not below ${b.nodePath}`);
    // JSON escapes one character at a time, so the escaped path is the escaped pieces joined.
    const prefix = b.nodePath.slice(0, b.nodePath.length - b.hostname.length);
    this.text(JSON.stringify(prefix).slice(0, -1));
    this.holes[HOST]!.push(this.pos);
    this.bytes(this.host);
    this.text(JSON.stringify(p.slice(b.nodePath.length)).slice(1));
  }
}

/** `n`'s digits, `size` of them. */
function digitsOf(n: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  writeDigits(out, size, n);
  return out;
}

/** Copy `from` to `buf` at each of `offsets`. */
function fill(buf: Uint8Array, start: number, offsets: Int32Array, from: Uint8Array): void {
  const n = from.length;
  for (let i = 0; i < offsets.length; i++) {
    const at = start + offsets[i]!;
    for (let k = 0; k < n; k++) buf[at + k] = from[k]!;
  }
}

/**
 * The images of one view's blocks (its vertices, or its edges) in one document.
 * `render` writes a block the ordinary way.
 */
export class BlockImages {
  readonly #entries = new Map<CoreBlock["cores"], Entry[]>();
  #kept = 0;
  #hostname = "";
  #host: Uint8Array = new Uint8Array(0);

  constructor(readonly render: (out: ByteOut, block: CoreBlock) => void) {}

  /** Write `b` to `out`: a copy of its image when there is one, else rendered (and kept as an image when seen before). */
  write(out: ByteOut, b: CoreBlock): void {
    const last = b.first + b.count - 1;
    if (last > 0x7fffffff || b.node < 0 || digitCount(b.first) !== digitCount(last)) {
      this.render(out, b);
      return;
    }
    if (b.hostname !== this.#hostname) {
      this.#hostname = b.hostname;
      this.#host = escapedBytes(b.hostname);
    }
    const uniqDigits = digitCount(b.first);
    const nodeDigits = digitCount(b.nodeUniq);
    const rankDigits = digitCount(b.node);
    const hostBytes = this.#host.length;
    let entries = this.#entries.get(b.cores);
    if (!entries) this.#entries.set(b.cores, entries = []);
    let entry = entries.find((e) => e.socket === b.socket && e.firstCore === b.firstCore);
    if (!entry) {
      // Seen once: render. A second node of the layout makes it worth an image.
      entries.push({ socket: b.socket, firstCore: b.firstCore, images: [] });
      this.render(out, b);
      return;
    }
    const image = entry.images.find((i) =>
      i.uniqDigits === uniqDigits && i.nodeDigits === nodeDigits && i.rankDigits === rankDigits && i.hostBytes === hostBytes
    );
    if (image) {
      this.#copy(out, image, b);
      return;
    }
    if (this.#kept > BUDGET) {
      this.render(out, b);
      return;
    }
    const rec = new Recorder(b, this.#host);
    this.render(rec, b);
    const bytes = rec.take();
    const [uniqs, nodes, ranks, hosts] = rec.holes.map((h) => Int32Array.from(h)) as [Int32Array, Int32Array, Int32Array, Int32Array];
    entry.images.push({ bytes, uniqs, nodes, ranks, hosts, uniqDigits, nodeDigits, rankDigits, hostBytes });
    this.#kept += bytes.length + 4 * (uniqs.length + nodes.length + ranks.length + hosts.length);
    out.bytes(bytes);
  }

  /** The digits of `count` numbers from `first`, `size` bytes each, one after another (reused between blocks). */
  #table = new Uint8Array(0);

  #numbers(first: number, count: number, size: number): Uint8Array {
    if (this.#table.length < count * size) this.#table = new Uint8Array(count * size * 2);
    const t = this.#table;
    writeDigits(t, size, first);
    // Each number is the one before plus one: carry through the nines.
    for (let i = 1; i < count; i++) {
      const at = i * size;
      for (let k = 0; k < size; k++) t[at + k] = t[at - size + k]!;
      let p = at + size - 1;
      while (t[p] === 57) t[p--] = 48;
      t[p]!++;
    }
    return t;
  }

  #copy(out: ByteOut, image: Image, b: CoreBlock): void {
    const size = image.bytes.length;
    out.room(size);
    const buf = out.buf;
    const start = out.pos;
    buf.set(image.bytes, start);
    const d = image.uniqDigits;
    const table = this.#numbers(b.first, b.count, d);
    const uniqs = image.uniqs;
    for (let i = 0; i < uniqs.length; i += 2) {
      const at = start + uniqs[i]!;
      const from = uniqs[i + 1]! * d;
      for (let k = 0; k < d; k++) buf[at + k] = table[from + k]!;
    }
    fill(buf, start, image.nodes, digitsOf(b.nodeUniq, image.nodeDigits));
    fill(buf, start, image.ranks, digitsOf(b.node, image.rankDigits));
    fill(buf, start, image.hosts, this.#host);
    out.pos = start + size;
  }
}

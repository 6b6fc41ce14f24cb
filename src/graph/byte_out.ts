/**
 * The graph's text as UTF-8 bytes, written straight into a buffer that is
 * handed out whole when full: a 10,000-node graph is hundreds of MB of JSON,
 * and building it as strings, then encoding them, took most of `create nodes`.
 *
 * @module
 */

const encoder = new TextEncoder();

/** The digits of a whole number below 2^31 (what `String(n)` gives), written backwards ending at `end`. */
export function writeDigits(buf: Uint8Array, end: number, n: number): void {
  let x = n;
  let p = end;
  do {
    const q = (x / 10) | 0;
    buf[--p] = 48 + x - q * 10;
    x = q;
  } while (x > 0);
}

/** How many digits `String(n)` has, for a whole number `0 <= n < 2^31`. */
export function digitCount(n: number): number {
  let d = 1;
  for (let x = n; x >= 10; x = (x / 10) | 0) d++;
  return d;
}

/** Whether `n` is a whole number that {@linkcode writeDigits} writes. */
function smallWhole(n: number): boolean {
  return (n | 0) === n && n >= 0;
}

/** `JSON.stringify(s)` without its quotes, as UTF-8 (for text placed inside a JSON string). */
export function escapedBytes(s: string): Uint8Array {
  return encoder.encode(JSON.stringify(s).slice(1, -1));
}

/**
 * A byte buffer for JSON text. With `flushTo`, a full buffer is handed to it
 * (the bytes are valid only during that call: the buffer is then reused);
 * without, it grows, and {@linkcode ByteOut.take} returns what was written.
 *
 * `uniq`, `rank` and `path` write the values that differ between the copies of
 * a block (see block_images.ts); here they are plain numbers and strings.
 */
export class ByteOut {
  /** The buffer. */
  buf: Uint8Array;
  /** Bytes written into `buf`. */
  pos = 0;

  constructor(readonly flushTo?: (chunk: Uint8Array) => void, size = 1 << 20) {
    this.buf = new Uint8Array(size);
  }

  /** Make room for `n` more bytes. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.flushTo) {
      this.flush();
      if (n <= this.buf.length) return;
    }
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
  }

  /** Hand what was written to `flushTo`. */
  flush(): void {
    if (this.pos === 0 || !this.flushTo) return;
    this.flushTo(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  /** What was written (a copy), and start again. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }

  /** Text known to be ASCII (the JSON punctuation and keys of the views). */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Any text, as UTF-8. */
  text(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.room(s.length * 3);
    this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
  }

  /** Bytes as they are. */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** `JSON.stringify(s)`. */
  str(s: string): void {
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // Anything JSON escapes, or that is not ASCII: the general way.
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        this.text(JSON.stringify(s));
        return;
      }
    }
    this.room(n + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    buf[p++] = 0x22;
    this.pos = p;
  }

  /** `String(n)`. */
  int(n: number): void {
    if (!smallWhole(n)) {
      this.ascii(String(n));
      return;
    }
    const d = digitCount(n);
    this.room(d);
    writeDigits(this.buf, this.pos + d, n);
    this.pos += d;
  }

  /** A vertex's `uniq` (or a parent's). */
  uniq(n: number): void {
    this.int(n);
  }

  /** A vertex's rank. */
  rank(n: number): void {
    this.int(n);
  }

  /** A vertex's containment path, as a JSON string. */
  path(p: string): void {
    this.str(p);
  }
}

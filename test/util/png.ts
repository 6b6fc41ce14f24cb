/**
 * A small PNG reader for tests: size and RGBA pixels of an 8-bit, non-interlaced
 * greyscale / RGB / RGBA image (what headless Chromium writes), so a test can
 * look at what a browser really drew.
 */
import { inflateSync } from "node:zlib";

/** A decoded image: `pixels` holds 4 bytes (RGBA) per pixel, row by row. */
export interface Png {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Decode `bytes`; throws on what this reader does not handle. */
export function decodePng(bytes: Uint8Array): Png {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!sig.every((b, i) => bytes[i] === b)) throw new Error("not a PNG");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0, height = 0, depth = 0, colour = 0, interlace = 0;
  const idat: Uint8Array[] = [];
  for (let off = 8; off < bytes.length;) {
    const len = view.getUint32(off);
    const type = String.fromCharCode(...bytes.subarray(off + 4, off + 8));
    const data = bytes.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = view.getUint32(off + 8);
      height = view.getUint32(off + 12);
      depth = data[8]!;
      colour = data[9]!;
      interlace = data[12]!;
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    off += 12 + len;
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colour as 0 | 2 | 4 | 6];
  if (depth !== 8 || channels === undefined || interlace !== 0) {
    throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = rows.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? row[x - channels]! : 0;
      const b = prev[x]!;
      const c = x >= channels ? prev[x - channels]! : 0;
      let p: number;
      switch (filter) {
        case 0: p = 0; break;
        case 1: p = a; break;
        case 2: p = b; break;
        case 3: p = (a + b) >> 1; break;
        case 4: {
          const e = a + b - c;
          const pa = Math.abs(e - a), pb = Math.abs(e - b), pc = Math.abs(e - c);
          p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter ${filter}`);
      }
      row[x] = (src[x]! + p) & 0xff;
    }
  }
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0, o = 0; i < width * height; i++, o += 4) {
    const k = i * channels;
    const grey = channels <= 2;
    pixels[o] = rows[k]!;
    pixels[o + 1] = grey ? rows[k]! : rows[k + 1]!;
    pixels[o + 2] = grey ? rows[k]! : rows[k + 2]!;
    pixels[o + 3] = channels === 2 ? rows[k + 1]! : channels === 4 ? rows[k + 3]! : 255;
  }
  return { width, height, pixels };
}

/** How many pixels have each colour (`#rrggbb`, alpha ignored). */
export function colourCounts(png: Png): Map<string, number> {
  const counts = new Map<number, number>();
  const p = png.pixels;
  for (let i = 0; i < p.length; i += 4) {
    const rgb = (p[i]! << 16) | (p[i + 1]! << 8) | p[i + 2]!;
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  const out = new Map<string, number>();
  for (const [rgb, n] of counts) out.set(`#${rgb.toString(16).padStart(6, "0")}`, n);
  return out;
}

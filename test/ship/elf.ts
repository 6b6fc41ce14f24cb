/**
 * Just enough of an ELF reader to check a release binary: its class, byte
 * order, machine and program interpreter (PT_INTERP), read from the headers.
 */
import * as fs from "node:fs";

/** e_machine values compspec ships for. */
export const EM_X86_64 = 0x3e;
/** e_machine for aarch64. */
export const EM_AARCH64 = 0xb7;

/** What {@linkcode readElf} found. */
export interface ElfInfo {
  /** 64 for ELFCLASS64, 32 for ELFCLASS32. */
  bits: 32 | 64;
  littleEndian: boolean;
  /** e_type: 2 executable, 3 shared object / PIE. */
  type: number;
  machine: number;
  /** PT_INTERP contents without the trailing NUL, or undefined for a static binary. */
  interpreter: string | undefined;
  /** DT_NEEDED entries of the dynamic section (the shared libraries it links), in order; 64-bit files only. */
  needed: string[];
}

function readAt(fd: number, offset: number, length: number): DataView {
  const buf = new Uint8Array(length);
  const n = fs.readSync(fd, buf, 0, length, offset);
  if (n !== length) throw new Error(`short read: ${n} of ${length} bytes at ${offset}`);
  return new DataView(buf.buffer);
}

/** Parse the ELF header and program headers of `file`. Throws naming the file when it is not ELF. */
export function readElf(file: string): ElfInfo {
  const fd = fs.openSync(file, "r");
  try {
    const ident = readAt(fd, 0, 16);
    if (ident.getUint32(0) !== 0x7f454c46) throw new Error(`${file}: not an ELF file (bad magic)`);
    const cls = ident.getUint8(4);
    const data = ident.getUint8(5);
    if (cls !== 1 && cls !== 2) throw new Error(`${file}: bad ELF class ${cls}`);
    if (data !== 1 && data !== 2) throw new Error(`${file}: bad ELF data encoding ${data}`);
    const le = data === 1;
    const bits = cls === 2 ? 64 : 32;
    const h = readAt(fd, 0, bits === 64 ? 64 : 52);
    const type = h.getUint16(16, le);
    const machine = h.getUint16(18, le);
    const phoff = bits === 64 ? Number(h.getBigUint64(32, le)) : h.getUint32(28, le);
    const phentsize = h.getUint16(bits === 64 ? 54 : 42, le);
    const phnum = h.getUint16(bits === 64 ? 56 : 44, le);
    let interpreter: string | undefined;
    const loads: { vaddr: number; offset: number; size: number }[] = [];
    let dynamic: { offset: number; size: number } | undefined;
    for (let i = 0; i < phnum; i++) {
      const ph = readAt(fd, phoff + i * phentsize, phentsize);
      const PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3;
      const ptype = ph.getUint32(0, le);
      if (bits === 64 && (ptype === PT_LOAD || ptype === PT_DYNAMIC)) {
        const seg = {
          offset: Number(ph.getBigUint64(8, le)),
          vaddr: Number(ph.getBigUint64(16, le)),
          size: Number(ph.getBigUint64(32, le)),
        };
        if (ptype === PT_LOAD) loads.push(seg);
        else dynamic = seg;
      }
      if (ptype !== PT_INTERP) continue;
      const offset = bits === 64 ? Number(ph.getBigUint64(8, le)) : ph.getUint32(4, le);
      const size = bits === 64 ? Number(ph.getBigUint64(32, le)) : ph.getUint32(16, le);
      if (size <= 0 || size > 4096) throw new Error(`${file}: implausible PT_INTERP size ${size}`);
      const bytes = new Uint8Array(readAt(fd, offset, size).buffer);
      interpreter = new TextDecoder().decode(bytes).replace(/\0+$/, "");
    }
    const needed = dynamic ? readNeeded(fd, le, dynamic, loads, file) : [];
    return { bits, littleEndian: le, type, machine, interpreter, needed };
  } finally {
    fs.closeSync(fd);
  }
}

/** DT_NEEDED names from a 64-bit dynamic segment, resolving DT_STRTAB's address through the PT_LOAD segments. */
function readNeeded(
  fd: number,
  le: boolean,
  dynamic: { offset: number; size: number },
  loads: { vaddr: number; offset: number; size: number }[],
  file: string,
): string[] {
  const DT_NULL = 0n, DT_NEEDED = 1n, DT_STRTAB = 5n;
  const dyn = readAt(fd, dynamic.offset, dynamic.size);
  const neededOffsets: number[] = [];
  let strtab: number | undefined;
  for (let at = 0; at + 16 <= dynamic.size; at += 16) {
    const tag = dyn.getBigInt64(at, le);
    const val = Number(dyn.getBigUint64(at + 8, le));
    if (tag === DT_NULL) break;
    if (tag === DT_NEEDED) neededOffsets.push(val);
    if (tag === DT_STRTAB) strtab = val;
  }
  if (neededOffsets.length === 0) return [];
  const seg = loads.find((l) => strtab !== undefined && strtab >= l.vaddr && strtab < l.vaddr + l.size);
  if (strtab === undefined || seg === undefined) throw new Error(`${file}: DT_STRTAB is not in a PT_LOAD segment`);
  const base = strtab - seg.vaddr + seg.offset;
  return neededOffsets.map((off) => {
    const bytes = new Uint8Array(readAt(fd, base + off, 256).buffer);
    const end = bytes.indexOf(0);
    if (end < 0) throw new Error(`${file}: unterminated DT_NEEDED name`);
    return new TextDecoder().decode(bytes.subarray(0, end));
  });
}

/**
 * Versions the file requires from its shared libraries (`.gnu.version_r`), e.g.
 * `GLIBC_2.17`, read from the section headers; 64-bit little- or big-endian files only.
 */
export function requiredVersions(file: string): string[] {
  const fd = fs.openSync(file, "r");
  try {
    const ident = readAt(fd, 0, 16);
    if (ident.getUint32(0) !== 0x7f454c46 || ident.getUint8(4) !== 2) throw new Error(`${file}: not a 64-bit ELF file`);
    const le = ident.getUint8(5) === 1;
    const h = readAt(fd, 0, 64);
    const shoff = Number(h.getBigUint64(40, le));
    const shentsize = h.getUint16(58, le);
    const shnum = h.getUint16(60, le);
    const sections = Array.from({ length: shnum }, (_, i) => {
      const sh = readAt(fd, shoff + i * shentsize, shentsize);
      return {
        type: sh.getUint32(4, le),
        offset: Number(sh.getBigUint64(24, le)),
        size: Number(sh.getBigUint64(32, le)),
        link: sh.getUint32(40, le),
        info: sh.getUint32(44, le),
      };
    });
    const SHT_GNU_VERNEED = 0x6ffffffe;
    const out = new Set<string>();
    for (const sec of sections.filter((s) => s.type === SHT_GNU_VERNEED)) {
      const strtab = sections[sec.link];
      if (strtab === undefined) throw new Error(`${file}: .gnu.version_r links to a missing string table`);
      const strings = new Uint8Array(readAt(fd, strtab.offset, strtab.size).buffer);
      const name = (off: number) => new TextDecoder().decode(strings.subarray(off, strings.indexOf(0, off)));
      const data = readAt(fd, sec.offset, sec.size);
      let at = 0;
      for (let n = 0; n < sec.info; n++) {
        const count = data.getUint16(at + 2, le);
        let aux = at + data.getUint32(at + 8, le);
        for (let k = 0; k < count; k++) {
          out.add(name(data.getUint32(aux + 8, le)));
          aux += data.getUint32(aux + 12, le);
        }
        const next = data.getUint32(at + 12, le);
        if (next === 0) break;
        at += next;
      }
    }
    return [...out].sort();
  } finally {
    fs.closeSync(fd);
  }
}

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
    for (let i = 0; i < phnum; i++) {
      const ph = readAt(fd, phoff + i * phentsize, phentsize);
      const PT_INTERP = 3;
      if (ph.getUint32(0, le) !== PT_INTERP) continue;
      const offset = bits === 64 ? Number(ph.getBigUint64(8, le)) : ph.getUint32(4, le);
      const size = bits === 64 ? Number(ph.getBigUint64(32, le)) : ph.getUint32(16, le);
      if (size <= 0 || size > 4096) throw new Error(`${file}: implausible PT_INTERP size ${size}`);
      const bytes = new Uint8Array(readAt(fd, offset, size).buffer);
      interpreter = new TextDecoder().decode(bytes).replace(/\0+$/, "");
    }
    return { bits, littleEndian: le, type, machine, interpreter };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Gzip bytes → UTF-8 text, decompressed as a stream: the cap on the
 * decompressed size is checked as each piece arrives, and each piece is
 * decoded to text at once, so a gzip bomb costs at most the cap (never a
 * second copy of the bytes) before it is refused.
 *
 * @module
 */
import { zlib } from "./lazy_builtins.ts";
import { errorCode } from "./errors.ts";

/** Gzip data that could not be decompressed, or that decompresses to more than the cap. */
export class GunzipError extends Error {
  constructor(message: string, readonly tooLarge = false) {
    super(message);
    this.name = "GunzipError";
  }
}

/** The text `bytes` decompress to (malformed UTF-8 replaced); throws {@linkcode GunzipError}. */
export function gunzipText(bytes: Uint8Array, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const z = zlib().createGunzip({ chunkSize: 1 << 20 }); // big pieces: fewer events and decoder calls
    const decoder = new TextDecoder();
    const parts: string[] = [];
    let total = 0;
    let done = false;
    const fail = (e: GunzipError) => {
      if (done) return;
      done = true;
      z.destroy();
      reject(e);
    };
    z.on("data", (chunk: Uint8Array) => {
      if (done) return;
      total += chunk.length;
      if (total > maxBytes) fail(new GunzipError(`decompresses to more than ${maxBytes} bytes`, true));
      else parts.push(decoder.decode(chunk, { stream: true }));
    });
    z.on("error", (e: Error) => fail(new GunzipError(errorCode(e) ?? e.message)));
    z.on("end", () => {
      if (done) return;
      done = true;
      parts.push(decoder.decode());
      const text = parts.join("");
      parts.length = 0; // the pieces can go before the caller parses the whole
      resolve(text);
    });
    z.end(bytes);
  });
}

/**
 * The text of a small gzip file (a kernel config), decompressed at once but
 * never past `maxBytes`: the engine stops there. Throws the engine's error.
 */
export function gunzipSmallText(bytes: Uint8Array, maxBytes: number): string {
  return new TextDecoder().decode(zlib().gunzipSync(bytes, { maxOutputLength: maxBytes }));
}

/** The most a compressed kernel config (`/proc/config.gz`) may decompress to (real ones are about 250 KiB). */
export const MAX_KERNEL_CONFIG_BYTES = 64 * 1024 * 1024;

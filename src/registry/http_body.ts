/**
 * Reading an HTTP answer's body: within a size cap (refused, or for an error
 * body cut, as soon as it passes the cap), and the UTF-8 binary string `btoa`
 * needs for Basic credentials; the registry's error codes in an error body.
 *
 * @module
 */
import * as v from "valibot";
import { RegistryError } from "./errors.ts";
import { escapeControl } from "../util/escape_control.ts";

/** Distribution's error body: `{"errors": [{"code", "message", "detail"}]}`. */
const ErrorBodySchema = v.object({
  errors: v.array(v.looseObject({ code: v.optional(v.string()), message: v.optional(v.string()) })),
});

/** The registry's error codes and messages from a body, e.g. `MANIFEST_UNKNOWN (manifest unknown)`; "" when none. */
export function registryErrorText(body: Uint8Array): string {
  if (body.length === 0 || body.length > ERROR_BODY_BYTES) return "";
  try {
    const r = v.safeParse(ErrorBodySchema, JSON.parse(new TextDecoder().decode(body)));
    if (!r.success) return "";
    // The server's words, shown in one line of a message: control characters escaped (#21).
    return escapeControl(r.output.errors.map((e) => `${e.code ?? "?"}${e.message ? ` (${e.message})` : ""}`).join("; ").slice(0, 300));
  } catch {
    return "";
  }
}

/** Whether the error body names `code`. */
export function hasErrorCode(body: Uint8Array, code: string): boolean {
  return registryErrorText(body).split("; ").some((e) => e.startsWith(code));
}

/** The most of an error body read. */
export const ERROR_BODY_BYTES = 64 * 1024;

/** The most of a body read from an answer whose status and headers are all compspec needs (upload, delete). */
export const STATUS_ANSWER_BYTES = ERROR_BODY_BYTES;

/** The body, read chunk by chunk and refused (or with `truncate`, cut) as soon as it passes `max` bytes. */
export async function readBounded(res: Response, max: number, what: string, truncate = false): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (!truncate && Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => {});
    throw new RegistryError("too-large", `${what}: ${declared} bytes is over the ${max}-byte limit; refusing it`);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => {});
      if (truncate) {
        chunks.push(value.subarray(0, value.length - (total - max)));
        total = max;
        break;
      }
      throw new RegistryError("too-large", `${what}: over the ${max}-byte limit; refusing it`);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/** UTF-8 bytes as a binary string for `btoa`. */
export function utf8Binary(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join("");
}

/**
 * A gzip bomb given to `--root`: decompressed as a stream and refused as soon
 * as it passes the cap, without decompressing the rest (issue #21). The cap is
 * injectable so the test stays small; bench/snapshot_bomb.ts measures the
 * real cap's memory.
 */
import { expect, test } from "bun:test";
import * as zlib from "node:zlib";
import { decodeSnapshot } from "../../src/host/snapshot_format.ts";
import { gunzipText } from "../../src/util/gunzip_text.ts";

/** A gzip stream of `members` concatenated members, each 1 MiB of spaces: about 1 KiB each compressed. */
function bomb(members: number): Uint8Array {
  const one = zlib.gzipSync(new Uint8Array(1 << 20).fill(0x20), { level: 9 });
  const out = new Uint8Array(one.length * members);
  for (let i = 0; i < members; i++) out.set(one, i * one.length);
  return out;
}

test("a bomb over the cap is refused while it decompresses, quickly", async () => {
  const bytes = bomb(4096); // 4 GiB decompressed, 4 MB compressed
  const started = performance.now();
  await expect(decodeSnapshot(bytes, "--root bomb.gz", 1 << 20)).rejects.toThrow(
    "--root bomb.gz: cannot decompress snapshot (decompresses to more than 1048576 bytes)",
  );
  expect(performance.now() - started).toBeLessThan(2000); // the rest is never inflated
});

test("under the cap it decompresses whole (every member), and the text is parsed", async () => {
  expect((await gunzipText(bomb(3), 3 << 20)).length).toBe(3 << 20);
  await expect(decodeSnapshot(bomb(2), "s.gz", 3 << 20)).rejects.toThrow("s.gz: not a compspec snapshot or directory (not JSON: line 1, column 2097153: unexpected end of text)");
});

test("corrupt gzip is refused with the engine's code", async () => {
  const bytes = bomb(1).slice(0, 200);
  await expect(gunzipText(bytes, 1 << 20)).rejects.toThrow();
  await expect(decodeSnapshot(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2]), "x.gz")).rejects.toThrow("x.gz: cannot decompress snapshot (");
});

/**
 * Writing inside an OCI image layout without following links. A layout may be
 * shared or copied from elsewhere, so a link planted in it (`blobs/sha256 ->
 * /etc`, `index.json -> /usr/bin/su`, a dangling `oci-layout -> /etc/x`) must
 * never aim a push outside it: every folder and file under the layout root is
 * checked with `lstat`, files are created `O_EXCL|O_NOFOLLOW` and renamed into
 * place, and the folder written into is checked again after writing (a folder
 * swapped for a link meanwhile fails the push). What a push created is recorded,
 * so that a failed push removes it and leaves nothing new.
 *
 * @module
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import process from "node:process";
import { syncFolder, writeAllSync } from "../util/atomic_file.ts";
import { errorCode, systemErrorText } from "../util/errors.ts";
import { ensureDirectory, OutputError } from "../util/output_target.ts";
import { RegistryError } from "./errors.ts";

const lstatOrUndefined = (p: string): fs.Stats | undefined => {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    if (errorCode(e) === "ENOENT") return undefined;
    throw e;
  }
};

/** The files and folders of one layout that compspec writes, never through a link. */
export class LayoutFiles {
  /** What this object created, in order (files and folders), for {@linkcode LayoutFiles.discardCreated}. */
  readonly #created: string[] = [];
  #root: string | undefined;

  /** `root` as the user named it (a link there is the user's choice and is followed once); `name` for messages. */
  constructor(readonly root: string, readonly name: string) {}

  #fail(what: string, why: string): RegistryError {
    return new RegistryError("io", `${this.name}: cannot write ${what}: ${why}`);
  }

  #refuseLink(rel: string): RegistryError {
    return this.#fail(rel, "it is a symbolic link (compspec never follows links inside a layout it writes)");
  }

  /** The layout folder's real path, made (with its parents) when missing. */
  realRoot(): string {
    if (this.#root !== undefined) return this.#root;
    const existed = fs.existsSync(this.root);
    try {
      ensureDirectory(this.root);
      this.#root = fs.realpathSync(this.root);
    } catch (e) {
      const why = e instanceof OutputError ? e.message : systemErrorText(e);
      throw new RegistryError("usage", `${this.name}: cannot create the layout folder (${why})`);
    }
    if (!existed) this.#created.push(this.#root);
    return this.#root;
  }

  /** What is at `rel` (a path under the root), checking that no folder on the way is a link; undefined when nothing. */
  lstat(rel: string): fs.Stats | undefined {
    const parts = rel.split("/");
    let p = this.realRoot();
    for (const [i, part] of parts.entries()) {
      p = nodePath.join(p, part);
      const st = lstatOrUndefined(p);
      if (st === undefined) return undefined;
      const sub = parts.slice(0, i + 1).join("/");
      if (st.isSymbolicLink()) throw this.#refuseLink(sub);
      if (i < parts.length - 1 && !st.isDirectory()) throw this.#fail(rel, `${sub} is not a folder`);
    }
    return fs.lstatSync(p);
  }

  /** Make folder `rel` and its missing parents under the root; returns its path and identity. */
  folder(rel: string): { path: string; ino: number } {
    let p = this.realRoot();
    let st = fs.lstatSync(p);
    for (const [i, part] of rel.split("/").entries()) {
      p = nodePath.join(p, part);
      try {
        fs.mkdirSync(p, 0o755); // never follows a link at p: EEXIST
        this.#created.push(p);
      } catch (e) {
        if (errorCode(e) !== "EEXIST") throw this.#fail(rel, systemErrorText(e));
      }
      st = fs.lstatSync(p);
      const sub = rel.split("/").slice(0, i + 1).join("/");
      if (st.isSymbolicLink()) throw this.#refuseLink(sub);
      if (!st.isDirectory()) throw this.#fail(rel, `${sub} is not a folder`);
    }
    return { path: p, ino: st.ino };
  }

  /**
   * Write file `rel` (under the root) atomically: a temporary file beside it,
   * created without following links, synced and renamed over it. A link, or
   * anything but a regular file, at `rel` is refused.
   */
  write(rel: string, data: string | Uint8Array): void {
    const dirRel = nodePath.posix.dirname(rel);
    const dir = dirRel === "." ? { path: this.realRoot(), ino: fs.lstatSync(this.realRoot()).ino } : this.folder(dirRel);
    const file = nodePath.join(dir.path, nodePath.posix.basename(rel));
    const before = lstatOrUndefined(file);
    if (before?.isSymbolicLink()) throw this.#refuseLink(rel);
    if (before && !before.isFile()) throw this.#fail(rel, "it is not a regular file");
    const temp = nodePath.join(dir.path, `.${nodePath.basename(file)}.${process.pid}.${Math.floor(Math.random() * 0xffffffff).toString(16)}.tmp`);
    const c = fs.constants;
    let fd: number | undefined;
    try {
      // Keep the permission bits of a file replaced, never its setuid/setgid/sticky bits.
      const mode = before ? before.mode & 0o777 : 0o644;
      fd = fs.openSync(temp, c.O_WRONLY | c.O_CREAT | c.O_EXCL | (c.O_NOFOLLOW ?? 0), mode);
      fs.fchmodSync(fd, mode);
      writeAllSync(fd, data);
      fs.fsyncSync(fd);
      // The folder must still be the one checked: a link swapped in meanwhile would have moved the write elsewhere.
      const now = fs.lstatSync(dir.path);
      const written = fs.lstatSync(temp);
      if (now.isSymbolicLink() || now.ino !== dir.ino || written.ino !== fs.fstatSync(fd).ino) {
        throw this.#fail(rel, `${dirRel} changed while it was being written`);
      }
      fs.closeSync(fd);
      fd = undefined;
      fs.renameSync(temp, file);
      syncFolder(dir.path);
    } catch (e) {
      if (fd !== undefined) fs.closeSync(fd);
      try {
        fs.unlinkSync(temp);
      } catch { /* not made, or already renamed */ }
      if (e instanceof RegistryError) throw e;
      throw this.#fail(rel, e instanceof OutputError ? e.message : systemErrorText(e));
    }
    if (!before) this.#created.push(file);
  }

  /** Create `rel` empty and exclusively (a lock); false when something is already there. */
  createExclusive(rel: string): boolean {
    const file = nodePath.join(this.realRoot(), rel);
    try {
      fs.closeSync(fs.openSync(file, "wx")); // O_EXCL: never through a link
      return true;
    } catch (e) {
      if (errorCode(e) === "EEXIST") return false;
      throw new RegistryError("usage", `${this.name}: cannot create ${file} (${systemErrorText(e)})`);
    }
  }

  /** Remove everything this object created (newest first); what it cannot remove is left. */
  discardCreated(): void {
    for (const p of this.#created.splice(0).reverse()) {
      try {
        const st = fs.lstatSync(p);
        if (st.isDirectory()) fs.rmdirSync(p);
        else fs.unlinkSync(p);
      } catch { /* gone, or a folder something else wrote into */ }
    }
  }
}

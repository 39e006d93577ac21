/**
 * The default {@link UpdateStore}: one temporary file per round, vector k at
 * byte offset k·length·4, written on append and read back by coordinate chunk
 * with positioned reads. Memory stays at one chunk; the disk holds count × model.
 * On POSIX the file is unlinked right after it is opened, so a crash never leaves
 * it behind (the space is freed when the descriptor closes).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { checkChunk, type UpdateStore } from "./update-store.js";

/** Options of {@link FileUpdateStore}. */
export interface FileUpdateStoreOptions {
  /** Directory for the spill file (default: the OS temp directory). */
  readonly directory?: string;
}

/** See the file comment. */
export class FileUpdateStore implements UpdateStore {
  private readonly directory: string;
  private fd: number | null = null;
  private pathToRemove: string | null = null;
  private length = 0;
  private stored = 0;

  constructor(options: FileUpdateStoreOptions = {}) {
    this.directory = options.directory ?? os.tmpdir();
  }

  get count(): number {
    return this.stored;
  }

  /** @throws Error (from fs) when the spill file cannot be created */
  reset(length: number): void {
    this.dispose();
    const file = path.join(this.directory, `tributary-spill-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.f32`);
    this.fd = fs.openSync(file, "w+", 0o600);
    try {
      fs.unlinkSync(file);
    } catch {
      this.pathToRemove = file; // Windows cannot unlink an open file: remove it on dispose.
    }
    this.length = length;
    this.stored = 0;
  }

  append(delta: Float32Array): void {
    if (this.fd === null) throw new Error("FileUpdateStore.append called before reset()");
    if (delta.length !== this.length) throw new Error(`delta has ${delta.length} elements, the store ${this.length}`);
    const bytes = new Uint8Array(delta.buffer, delta.byteOffset, delta.byteLength);
    const position = this.stored * this.length * 4;
    for (let written = 0; written < bytes.length; ) {
      written += fs.writeSync(this.fd, bytes, written, bytes.length - written, position + written);
    }
    this.stored++;
  }

  readChunk(start: number, width: number, rows: Float32Array, which?: readonly number[]): void {
    if (this.fd === null) throw new Error("FileUpdateStore.readChunk called before reset()");
    const count = which?.length ?? this.stored;
    checkChunk(start, width, this.length, rows, count);
    const bytes = new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength);
    for (let r = 0; r < count; r++) {
      const id = which ? which[r]! : r;
      if (id < 0 || id >= this.stored) throw new Error(`no stored vector ${id}`);
      const offset = r * width * 4;
      const position = (id * this.length + start) * 4;
      for (let read = 0; read < width * 4; ) {
        const n = fs.readSync(this.fd, bytes, offset + read, width * 4 - read, position + read);
        if (n === 0) throw new Error(`spill file ended early reading vector ${id}`);
        read += n;
      }
    }
  }

  dispose(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    if (this.pathToRemove) fs.rmSync(this.pathToRemove, { force: true });
    this.pathToRemove = null;
    this.stored = 0;
  }
}

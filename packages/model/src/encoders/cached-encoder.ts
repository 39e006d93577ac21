/**
 * An on-disk embedding cache in front of any {@link TextEncoder}, keyed by (encoder id, text), so
 * catalog items are encoded once per encoder version, across restarts and processes.
 *
 * Layout: `<dir>/<encoder id>/<2 hex>/<sha256(text)>.f32`, each file the vector's raw float32
 * bytes in the host's byte order (little-endian on every platform Node supports in practice).
 * Files are written to a unique temporary name and renamed into place, so concurrent writers and
 * crashes never leave a partial entry that a reader could take for a vector.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { TextEncoder } from "./text-encoder.js";

/** Options for {@link CachedEncoder}. */
export interface CachedEncoderOptions {
  /** Root folder of the cache, chosen by the caller (e.g. from the app's env); created on demand. */
  readonly dir: string;
  /** Files read or written at once; bounds open file descriptors. Default 64. */
  readonly concurrency?: number;
}

/** Counters since construction. */
export interface CacheStats {
  /** Texts answered from disk. */
  readonly hits: number;
  /** Texts sent to the inner encoder (after de-duplication within a call). */
  readonly misses: number;
  /** Vectors that could not be written (e.g. disk full); they were still returned. */
  readonly writeErrors: number;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  for (let start = 0; start < items.length; start += limit) {
    const slice = items.slice(start, start + limit);
    const done = await Promise.all(slice.map(fn));
    done.forEach((r, i) => (out[start + i] = r));
  }
  return out;
}

/** A {@link TextEncoder} that serves repeated texts from disk. Same id and vectors as the inner encoder. */
export class CachedEncoder implements TextEncoder {
  readonly id: string;
  readonly dimension: number;
  private readonly inner: TextEncoder;
  private readonly root: string;
  private readonly concurrency: number;
  private readonly madeDirs = new Set<string>();
  private counts = { hits: 0, misses: 0, writeErrors: 0 };
  private disposed = false;

  /** Wraps `inner`, which this encoder then owns: {@link CachedEncoder.dispose} disposes it. */
  constructor(inner: TextEncoder, options: CachedEncoderOptions) {
    this.inner = inner;
    this.id = inner.id;
    this.dimension = inner.dimension;
    this.root = path.join(options.dir, inner.id);
    this.concurrency = options.concurrency ?? 64;
  }

  /** Hit/miss counters since construction. */
  stats(): CacheStats {
    return { ...this.counts };
  }

  /**
   * See {@link TextEncoder.encode}. Cached texts are read from disk; the others go to the inner
   * encoder in one call (each distinct text once) and are written before this resolves. A write
   * failure is counted, not thrown. A missing, short or unreadable entry counts as a miss.
   * @throws Error after dispose; whatever the inner encoder throws
   */
  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.disposed) throw new Error("CachedEncoder: encode after dispose");
    const keys = texts.map((t) => createHash("sha256").update(t, "utf8").digest("hex"));
    const distinct = [...new Map(keys.map((key, i) => [key, texts[i]!])).entries()];
    const found = new Map<string, Float32Array>();
    const read = await mapLimited(distinct, this.concurrency, ([key]) => this.read(key));
    const missing: [string, string][] = [];
    distinct.forEach((entry, i) => {
      const vector = read[i];
      if (vector) found.set(entry[0], vector);
      else missing.push(entry);
    });
    if (missing.length > 0) {
      const vectors = await this.inner.encode(missing.map(([, text]) => text));
      missing.forEach(([key], i) => found.set(key, vectors[i]!));
      await mapLimited(missing, this.concurrency, ([key]) => this.write(key, found.get(key)!));
    }
    this.counts.hits += texts.length - missing.length;
    this.counts.misses += missing.length;
    // Fresh arrays per row: a text repeated in the batch must not share one buffer.
    return keys.map((key) => Float32Array.from(found.get(key)!));
  }

  /** Disposes the inner encoder. The files stay. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.inner.dispose();
  }

  private fileOf(key: string): string {
    return path.join(this.root, key.slice(0, 2), `${key}.f32`);
  }

  private async read(key: string): Promise<Float32Array | null> {
    try {
      const bytes = await readFile(this.fileOf(key));
      if (bytes.byteLength !== this.dimension * 4) return null;
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    } catch {
      return null;
    }
  }

  private async write(key: string, vector: Float32Array): Promise<void> {
    const file = this.fileOf(key);
    const temp = `${file}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`;
    try {
      const dir = path.dirname(file);
      if (!this.madeDirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        this.madeDirs.add(dir);
      }
      await writeFile(temp, new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
      await rename(temp, file);
    } catch {
      this.counts.writeErrors++;
      await rm(temp, { force: true }).catch(() => undefined);
    }
  }
}

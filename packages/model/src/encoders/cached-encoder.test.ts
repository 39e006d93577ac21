import { mkdtemp, readdir, rm, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTinyBert } from "../../scripts/make-tiny-bert.js";
import { CachedEncoder } from "./cached-encoder.js";
import { OnnxBertEncoder } from "./onnx-bert-encoder.js";
import { textEncoderContract } from "./text-encoder-contract.js";
import type { TextEncoder } from "./text-encoder.js";

const scratch: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tributary-cache-"));
  scratch.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

/** Records every batch the wrapped encoder receives. */
class CountingEncoder implements TextEncoder {
  readonly calls: string[][] = [];
  constructor(private readonly inner: TextEncoder) {}
  get id(): string {
    return this.inner.id;
  }
  get dimension(): number {
    return this.inner.dimension;
  }
  encode(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls.push([...texts]);
    return this.inner.encode(texts);
  }
  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}

let contractDir: Promise<string> | undefined;
textEncoderContract("CachedEncoder over OnnxBertEncoder", async () => {
  contractDir ??= tempDir();
  return new CachedEncoder(await OnnxBertEncoder.fromFolder(await ensureTinyBert()), { dir: await contractDir });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe("CachedEncoder", () => {
  let modelDir: string;
  beforeAll(async () => {
    modelDir = await ensureTinyBert();
  });
  const counting = async (): Promise<CountingEncoder> => new CountingEncoder(await OnnxBertEncoder.fromFolder(modelDir));

  it("encodes each distinct text once, then serves it from disk, also to a new instance", async () => {
    const dir = await tempDir();
    const inner = await counting();
    const cached = new CachedEncoder(inner, { dir });
    const first = await cached.encode(["alpha", "beta", "alpha"]);
    expect(inner.calls).toEqual([["alpha", "beta"]]);
    expect(first[0]).toEqual(first[2]);
    expect(first[0]).not.toBe(first[2]);

    const second = await cached.encode(["beta", "alpha", "gamma"]);
    expect(inner.calls).toEqual([["alpha", "beta"], ["gamma"]]);
    expect(second[0]).toEqual(first[1]);
    expect(second[1]).toEqual(first[0]);
    expect(cached.stats()).toEqual({ hits: 3, misses: 3, writeErrors: 0 });
    await cached.dispose();

    const otherInner = await counting();
    const reopened = new CachedEncoder(otherInner, { dir });
    expect(await reopened.encode(["gamma", "alpha"])).toEqual([second[2], first[0]]);
    expect(otherInner.calls).toEqual([]);
    await reopened.dispose();

    const files = await filesUnder(dir);
    expect(files).toHaveLength(3);
    expect(files.every((f) => f.startsWith(path.join(dir, inner.id)) && f.endsWith(".f32"))).toBe(true);
  });

  it("returns exactly what the inner encoder returns", async () => {
    const plain = await OnnxBertEncoder.fromFolder(modelDir);
    const cached = new CachedEncoder(await OnnxBertEncoder.fromFolder(modelDir), { dir: await tempDir() });
    const texts = ["one text", "another text", "中文"];
    const expected = await plain.encode(texts);
    expect(await cached.encode(texts)).toEqual(expected);
    expect(await cached.encode(texts)).toEqual(expected);
    await plain.dispose();
    await cached.dispose();
  });

  it("treats a truncated entry as a miss and rewrites it", async () => {
    const dir = await tempDir();
    const inner = await counting();
    const cached = new CachedEncoder(inner, { dir });
    const [original] = await cached.encode(["fragile"]);
    const [file] = await filesUnder(dir);
    await truncate(file!, 10);
    const [again] = await cached.encode(["fragile"]);
    expect(again).toEqual(original);
    expect(inner.calls).toHaveLength(2);
    expect(await cached.encode(["fragile"])).toEqual([original]);
    expect(inner.calls).toHaveLength(2);
    await cached.dispose();
  });

  it("survives concurrent writers of the same entries without partial or leftover files", async () => {
    const dir = await tempDir();
    const texts = Array.from({ length: 40 }, (_, i) => `item ${i}`);
    const encoders = await Promise.all([0, 1, 2].map(async () => new CachedEncoder(await OnnxBertEncoder.fromFolder(modelDir), { dir })));
    const results = await Promise.all(encoders.map((e) => e.encode(texts)));
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    const files = await filesUnder(dir);
    expect(files).toHaveLength(40);
    expect(files.some((f) => f.endsWith(".tmp"))).toBe(false);
    const reader = new CachedEncoder(await counting(), { dir });
    expect(await reader.encode(texts)).toEqual(results[0]);
    expect(reader.stats().hits).toBe(40);
    for (const e of [...encoders, reader]) await e.dispose();
  });

  it("keeps encoders with different ids apart", async () => {
    const dir = await tempDir();
    const mean = new CachedEncoder(await OnnxBertEncoder.fromFolder(modelDir), { dir });
    const cls = new CachedEncoder(await OnnxBertEncoder.fromFolder(modelDir, { pooling: "cls" }), { dir });
    const [m] = await mean.encode(["same text"]);
    const [c] = await cls.encode(["same text"]);
    expect(m).not.toEqual(c);
    expect(cls.stats().misses).toBe(1);
    await mean.dispose();
    await cls.dispose();
  });

  it("still returns vectors when the cache folder cannot be written", async () => {
    const dir = await tempDir();
    const blocked = path.join(dir, "not-a-dir");
    await writeFile(blocked, "a file where the cache folder should be");
    const cached = new CachedEncoder(await OnnxBertEncoder.fromFolder(modelDir), { dir: blocked });
    const [v] = await cached.encode(["text"]);
    expect(v).toHaveLength(cached.dimension);
    expect(cached.stats().writeErrors).toBe(1);
    await cached.dispose();
  });
});

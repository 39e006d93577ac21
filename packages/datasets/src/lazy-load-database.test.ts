import { deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decompressLazyLoadEntry, decompressRdsFile } from "./compressed-stream.js";
import { DatasetErrorCode } from "./dataset-error.js";
import { LazyLoadDatabase } from "./lazy-load-database.js";
import { SexpType } from "./sexp-type.js";
import { RStreamBuilder } from "./testing/r-stream-builder.js";

const serializedInts = (values: number[]): Uint8Array => new RStreamBuilder().header().ints(values).bytes();

function lengthPrefix(length: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, length, false);
  return out;
}

/** R_compress1: length, zlib. */
const zlibEntry = (payload: Uint8Array): Uint8Array => Buffer.concat([lengthPrefix(payload.length), deflateSync(payload)]);
/** R_compress3 with a type byte; 'Z' carries a raw LZMA2 stream, here one stored chunk (control 0x01). */
function typedEntry(payload: Uint8Array, type: "Z" | "1" | "0" | "2"): Uint8Array {
  let data: Uint8Array = payload;
  if (type === "Z") data = Buffer.concat([Buffer.from([0x01, (payload.length - 1) >> 8, (payload.length - 1) & 0xff]), payload, Buffer.from([0x00])]);
  if (type === "1") data = deflateSync(payload);
  return Buffer.concat([lengthPrefix(payload.length), Buffer.from(type), data]);
}

/** list(variables = list(name = c(offset, length), …), references = list(), compressed = method), gzipped as saveRDS does. */
function rdx(entries: [string, number, number][], compressed: { logical: boolean; value: number }): Uint8Array {
  const b = new RStreamBuilder().header().flags(SexpType.VECSXP, { attributes: true }).int(3);
  b.flags(SexpType.VECSXP, { attributes: true }).int(entries.length);
  for (const [, offset, length] of entries) b.ints([offset, length]);
  b.pairlist([["names", (x) => x.strings(entries.map((e) => e[0]))]]);
  b.flags(SexpType.VECSXP).int(0);
  b.ints([compressed.value], {}, compressed.logical ? SexpType.LGLSXP : SexpType.INTSXP);
  b.pairlist([[1, (x) => x.strings(["variables", "references", "compressed"])]]);
  return gzipSync(b.bytes());
}

function database(blobs: [string, Uint8Array][], compressed: { logical: boolean; value: number }): LazyLoadDatabase {
  let offset = 0;
  const entries = blobs.map(([name, blob]): [string, number, number] => {
    const entry: [string, number, number] = [name, offset, blob.length];
    offset += blob.length;
    return entry;
  });
  return LazyLoadDatabase.fromBytes(rdx(entries, compressed), Buffer.concat(blobs.map((b) => b[1])), "test");
}

describe("LazyLoadDatabase", () => {
  it("reads zlib entries (compress = TRUE) by name", () => {
    const db = database([["a", zlibEntry(serializedInts([1, 2]))], ["b", zlibEntry(serializedInts([3]))]], { logical: true, value: 1 });
    expect(db.names).toEqual(["a", "b"]);
    expect(db.index.compression).toBe(1);
    expect(db.read("b")).toMatchObject({ kind: "integer", data: new Int32Array([3]) });
    expect(db.read("a")).toMatchObject({ kind: "integer", data: new Int32Array([1, 2]) });
    expect(() => db.read("zzz")).toThrow(expect.objectContaining({ code: DatasetErrorCode.NotFound }));
  });

  it("reads typed entries (compress = 3): 'Z' LZMA2, '1' zlib, '0' stored; refuses bzip2", () => {
    const db = database(
      (["Z", "1", "0", "2"] as const).map((type, i) => [`x${type}`, typedEntry(serializedInts([i, 10 + i]), type)]),
      { logical: false, value: 3 },
    );
    expect(db.read("xZ")).toMatchObject({ data: new Int32Array([0, 10]) });
    expect(db.read("x1")).toMatchObject({ data: new Int32Array([1, 11]) });
    expect(db.read("x0")).toMatchObject({ data: new Int32Array([2, 12]) });
    expect(() => db.read("x2")).toThrow(expect.objectContaining({ code: DatasetErrorCode.Unsupported, message: expect.stringContaining("bzip2") }));
  });

  it("fails on an entry past the end of the .rdb or with the wrong declared length", () => {
    const good = zlibEntry(serializedInts([1]));
    const past = LazyLoadDatabase.fromBytes(rdx([["a", 0, good.length + 10]], { logical: true, value: 1 }), good, "t");
    expect(() => past.read("a")).toThrow(expect.objectContaining({ code: DatasetErrorCode.Truncated }));
    const lying = Buffer.concat([lengthPrefix(5), good.subarray(4)]);
    const db = database([["a", lying]], { logical: true, value: 1 });
    expect(() => db.read("a")).toThrow(expect.objectContaining({ code: DatasetErrorCode.Malformed }));
    const huge = Buffer.concat([lengthPrefix(0xffffffff), good.subarray(4)]);
    expect(() => database([["a", huge]], { logical: true, value: 1 }).read("a")).toThrow(/exceeds/);
  });
});

describe("decompressRdsFile / decompressLazyLoadEntry", () => {
  it("accepts gzip, plain and length-prefixed zlib streams and refuses bzip2/xz files", () => {
    const plain = serializedInts([7]);
    expect(Buffer.from(decompressRdsFile(gzipSync(plain))).equals(Buffer.from(plain))).toBe(true);
    expect(decompressRdsFile(plain)).toBe(plain);
    expect(Buffer.from(decompressRdsFile(zlibEntry(plain))).equals(Buffer.from(plain))).toBe(true);
    expect(() => decompressRdsFile(Buffer.from("BZh91AY"))).toThrow(expect.objectContaining({ code: DatasetErrorCode.Unsupported }));
    expect(() => decompressRdsFile(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]))).toThrow(/xz/);
    expect(() => decompressRdsFile(Buffer.from("hello world"))).toThrow(expect.objectContaining({ code: DatasetErrorCode.Malformed }));
  });

  it("reports corrupt zlib data and short entries", () => {
    const entry = zlibEntry(serializedInts([1, 2, 3]));
    entry[8] = entry[8]! ^ 0xff;
    expect(() => decompressLazyLoadEntry(entry, 1)).toThrow(expect.objectContaining({ code: DatasetErrorCode.Malformed }));
    expect(() => decompressLazyLoadEntry(new Uint8Array(3), 1)).toThrow(expect.objectContaining({ code: DatasetErrorCode.Truncated }));
    expect(() => decompressLazyLoadEntry(new Uint8Array(8), 7)).toThrow(/method 7/);
  });
});

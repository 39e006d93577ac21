/**
 * An R package's lazy-load database (R Internals, "Lazy loading"; tools:::makeLazyLoadDB):
 * `<base>.rdx` is a saved R list(variables, references, compressed) whose
 * `variables` map each object's name to c(offset, length) in `<base>.rdb`, and each
 * .rdb slice is one compressed serialization stream (see compressed-stream.ts).
 */
import { readFile } from "node:fs/promises";
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { decompressLazyLoadEntry, decompressRdsFile } from "./compressed-stream.js";
import { unserializeR, type UnserializeOptions } from "./r-unserialize.js";
import type { RValue } from "./r-value.js";
import { listNames, listElement } from "./r-value-access.js";

/** Where one object lives in the .rdb file, in bytes. */
export interface LazyLoadEntry {
  readonly offset: number;
  readonly length: number;
}

/** The parsed .rdx index. */
export interface LazyLoadIndex {
  readonly variables: ReadonlyMap<string, LazyLoadEntry>;
  readonly references: ReadonlyMap<string, LazyLoadEntry>;
  /** 0 none, 1 zlib, 2 bzip2-style, 3 xz-style (the index's `compressed`). */
  readonly compression: number;
}

/**
 * Parses the bytes of a .rdx file (gzip, or plain, serialization of the index list).
 * @throws DatasetError MALFORMED when it is not a list with `variables` and
 *   `compressed`, or an entry is not two non-negative integers; plus the reader's errors
 */
export function parseLazyLoadIndex(rdx: Uint8Array): LazyLoadIndex {
  const { value } = unserializeR(decompressRdsFile(rdx, ".rdx"));
  const variables = entries(listElement(value, "variables"), "variables");
  const references = entries(listElement(value, "references"), "references");
  const compressed = listElement(value, "compressed");
  let compression: number;
  if ((compressed?.kind === "logical" || compressed?.kind === "integer") && compressed.data.length === 1) compression = compressed.data[0]!;
  else if (compressed?.kind === "double" && compressed.data.length === 1) compression = compressed.data[0]!;
  else throw new DatasetError(DatasetErrorCode.Malformed, ".rdx index has no usable `compressed` element");
  return { variables, references, compression };
}

function entries(value: RValue | null, what: string): Map<string, LazyLoadEntry> {
  const map = new Map<string, LazyLoadEntry>();
  if (value === null || value.kind === "null") return map;
  if (value.kind !== "list") throw new DatasetError(DatasetErrorCode.Malformed, `.rdx ${what} is a ${value.kind}, not a list`);
  const names = listNames(value);
  value.items.forEach((item, i) => {
    const pair = item.kind === "integer" || item.kind === "double" ? item.data : null;
    const offset = pair?.[0];
    const length = pair?.[1];
    const name = names[i];
    if (!pair || pair.length !== 2 || !Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset! < 0 || length! < 0 || !name) {
      throw new DatasetError(DatasetErrorCode.Malformed, `.rdx ${what} entry ${i + 1} (${name ?? "unnamed"}) is not c(offset, length)`);
    }
    map.set(name, { offset: offset!, length: length! });
  });
  return map;
}

/** A lazy-load database read into memory: list its objects, read any one of them. */
export class LazyLoadDatabase {
  private constructor(
    readonly index: LazyLoadIndex,
    private readonly rdb: Uint8Array,
    private readonly label: string,
  ) {}

  /**
   * Reads `<base>.rdx` and `<base>.rdb`, e.g. base `…/dslabs/data/Rdata`.
   * @throws node's ENOENT errors for missing files; DatasetError from {@link parseLazyLoadIndex}
   */
  static async open(base: string): Promise<LazyLoadDatabase> {
    const [rdx, rdb] = await Promise.all([readFile(`${base}.rdx`), readFile(`${base}.rdb`)]);
    return LazyLoadDatabase.fromBytes(rdx, rdb, base);
  }

  /** Builds a database from the two files' bytes (for tests and in-memory sources). */
  static fromBytes(rdx: Uint8Array, rdb: Uint8Array, label = "lazy-load database"): LazyLoadDatabase {
    return new LazyLoadDatabase(parseLazyLoadIndex(rdx), rdb, label);
  }

  /** The names of the objects it holds, in index order. */
  get names(): string[] {
    return [...this.index.variables.keys()];
  }

  /**
   * Reads one object.
   * @throws DatasetError NOT_FOUND for an unknown name; TRUNCATED when its slice
   *   runs past the end of the .rdb; the decompressor's and reader's errors
   */
  read(name: string, options?: UnserializeOptions): RValue {
    const entry = this.index.variables.get(name);
    if (!entry) throw new DatasetError(DatasetErrorCode.NotFound, `${this.label}: no object named ${JSON.stringify(name)} (has ${this.names.join(", ")})`);
    if (entry.offset + entry.length > this.rdb.length) {
      throw new DatasetError(DatasetErrorCode.Truncated, `${this.label}: ${name} at .rdb offset ${entry.offset} (+${entry.length}) runs past the file's ${this.rdb.length} bytes`, { offset: entry.offset });
    }
    const slice = this.rdb.subarray(entry.offset, entry.offset + entry.length);
    const bytes = decompressLazyLoadEntry(slice, this.index.compression, `${this.label}.rdb entry ${name} at offset ${entry.offset}`);
    return unserializeR(bytes, options).value;
  }
}

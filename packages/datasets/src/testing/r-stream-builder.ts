/**
 * Test helper: writes R XDR serialization streams item by item, following the
 * format definition (R Internals, "Serialization Formats"), so reader tests use
 * bytes whose every field is spelled out rather than only files written by R.
 */
import { CharsxpEncoding, SexpFlag, SexpType } from "../sexp-type.js";

/** Flag bits of one item besides its type. */
export interface ItemFlags {
  readonly object?: boolean;
  readonly attributes?: boolean;
  readonly tag?: boolean;
  readonly levels?: number;
}

/** Builds one stream; every method appends and returns `this`. */
export class RStreamBuilder {
  private readonly chunks: number[] = [];

  /** "X\n", version, writer R 4.2.2, minimal reader 3.5.0 (and "UTF-8" for version 3). */
  header(version: 2 | 3 = 3, nativeEncoding = "UTF-8"): this {
    this.raw([0x58, 0x0a]).int(version).int(0x040202).int(0x030500);
    if (version === 3) this.int(nativeEncoding.length).raw([...nativeEncoding].map((c) => c.charCodeAt(0)));
    return this;
  }

  /** A flags word: type | object<<8 | attributes<<9 | tag<<10 | levels<<12. */
  flags(type: number, flags: ItemFlags = {}): this {
    let word = type;
    if (flags.object) word |= SexpFlag.isObject;
    if (flags.attributes) word |= SexpFlag.hasAttributes;
    if (flags.tag) word |= SexpFlag.hasTag;
    word |= (flags.levels ?? 0) << SexpFlag.levelsShift;
    return this.int(word);
  }

  /** A big-endian 32-bit integer. */
  int(value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setInt32(0, value, false);
    return this.raw(bytes);
  }

  /** A big-endian IEEE-754 double. */
  double(value: number): this {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, false);
    return this.raw(bytes);
  }

  /** Bytes as they are. */
  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.chunks.push(bytes[i]!);
    return this;
  }

  /** A CHARSXP: null writes NA_STRING (length −1); `latin1` encodes and flags it as latin1. */
  charsxp(value: string | null, encoding: "utf8" | "latin1" | "ascii" = "utf8"): this {
    if (value === null) return this.flags(SexpType.CHARSXP).int(-1);
    const bytes = encoding === "latin1" ? Uint8Array.from([...value], (c) => c.charCodeAt(0)) : new TextEncoder().encode(value);
    const levels = encoding === "latin1" ? CharsxpEncoding.latin1 : encoding === "ascii" ? CharsxpEncoding.ascii : CharsxpEncoding.utf8;
    return this.flags(SexpType.CHARSXP, { levels }).int(bytes.length).raw(bytes);
  }

  /** A SYMSXP (the reader adds it to its reference table). */
  symbol(name: string): this {
    return this.flags(SexpType.SYMSXP).charsxp(name, "ascii");
  }

  /** A REFSXP to reference-table entry `index` (1-based), packed in the flags. */
  ref(index: number): this {
    return this.int((index << 8) | SexpType.REFSXP);
  }

  /** NILVALUE_SXP (R's NULL). */
  nil(): this {
    return this.int(SexpType.NILVALUE_SXP);
  }

  /** An INTSXP (or LGLSXP with `type`): flags, length, values. Attributes, if flagged, are the caller's to write next. */
  ints(values: readonly number[], flags: ItemFlags = {}, type: number = SexpType.INTSXP): this {
    this.flags(type, flags).int(values.length);
    for (const v of values) this.int(v);
    return this;
  }

  /** A REALSXP: flags, length, values. */
  doubles(values: readonly number[], flags: ItemFlags = {}): this {
    this.flags(SexpType.REALSXP, flags).int(values.length);
    for (const v of values) this.double(v);
    return this;
  }

  /** A STRSXP of UTF-8 CHARSXPs (null is NA_STRING). */
  strings(values: readonly (string | null)[], flags: ItemFlags = {}): this {
    this.flags(SexpType.STRSXP, flags).int(values.length);
    for (const v of values) this.charsxp(v);
    return this;
  }

  /**
   * A pairlist of tagged cells, each written by its callback; tags are new
   * symbols, or references when given as numbers. Ends with NILVALUE_SXP.
   */
  pairlist(cells: readonly [tag: string | number, write: (b: this) => void][]): this {
    for (const [tag, write] of cells) {
      this.flags(SexpType.LISTSXP, { tag: true });
      if (typeof tag === "number") this.ref(tag);
      else this.symbol(tag);
      write(this);
    }
    return this.nil();
  }

  /** The bytes so far. */
  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

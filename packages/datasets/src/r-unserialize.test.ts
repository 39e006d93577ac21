import { describe, expect, it } from "vitest";
import { DatasetError, DatasetErrorCode, isDatasetError } from "./dataset-error.js";
import { unserializeR } from "./r-unserialize.js";
import { NA_INTEGER, SexpType } from "./sexp-type.js";
import { RStreamBuilder } from "./testing/r-stream-builder.js";
import { toDataFrame } from "./r-data-frame.js";
import { listNames, rClass } from "./r-value-access.js";
import { mulberry32 } from "./mulberry32.js";

const stream = (version: 2 | 3 = 3): RStreamBuilder => new RStreamBuilder().header(version);

function failure(run: () => unknown): DatasetError {
  try {
    run();
  } catch (error) {
    if (isDatasetError(error)) return error;
    throw error;
  }
  throw new Error("expected a DatasetError");
}

/** Writes the ALTREP info pairlist (class, package, type) the way R does: three untagged cells. */
function altrep(b: RStreamBuilder, className: string, type: number): RStreamBuilder {
  b.flags(SexpType.ALTREP_SXP);
  b.flags(SexpType.LISTSXP).symbol(className);
  b.flags(SexpType.LISTSXP).symbol("base");
  b.flags(SexpType.LISTSXP).ints([type]).nil();
  return b;
}

describe("unserializeR header", () => {
  it("reads version 2 (no native encoding) and version 3 headers", () => {
    const v2 = unserializeR(stream(2).nil().bytes());
    expect(v2.header).toEqual({ version: 2, writerVersion: "4.2.2", minReaderVersion: "3.5.0", nativeEncoding: null });
    const v3 = unserializeR(new RStreamBuilder().header(3, "latin1").nil().bytes());
    expect(v3.header).toEqual({ version: 3, writerVersion: "4.2.2", minReaderVersion: "3.5.0", nativeEncoding: "latin1" });
    expect(v3.value).toEqual({ kind: "null" });
    expect(v3.bytesRead).toBe(2 + 4 * 4 + 6 + 4);
  });

  it("refuses other formats and versions naming the offset", () => {
    const ascii = failure(() => unserializeR(new TextEncoder().encode("A\n2\n")));
    expect(ascii.code).toBe(DatasetErrorCode.Unsupported);
    const garbage = failure(() => unserializeR(new TextEncoder().encode("PK\x03\x04")));
    expect([garbage.code, garbage.offset]).toEqual([DatasetErrorCode.Malformed, 0]);
    const v4 = failure(() => unserializeR(new RStreamBuilder().raw([0x58, 0x0a]).int(4).bytes()));
    expect([v4.code, v4.offset, v4.message]).toEqual([DatasetErrorCode.Unsupported, 2, expect.stringContaining("version 4 at offset 2")]);
    const encoding = failure(() => unserializeR(new RStreamBuilder().raw([0x58, 0x0a]).int(3).int(0).int(0).int(100000).bytes()));
    expect([encoding.code, encoding.offset]).toEqual([DatasetErrorCode.Malformed, 14]);
  });
});

describe("unserializeR vectors", () => {
  it("reads integers and logicals with NA, doubles with NA/Inf", () => {
    expect(unserializeR(stream().ints([1, NA_INTEGER, -3]).bytes()).value).toMatchObject({ kind: "integer", data: new Int32Array([1, NA_INTEGER, -3]) });
    expect(unserializeR(stream().ints([1, 0, NA_INTEGER], {}, SexpType.LGLSXP).bytes()).value).toMatchObject({ kind: "logical", data: new Int32Array([1, 0, NA_INTEGER]) });
    const real = unserializeR(stream().doubles([0.5, -Infinity, Number.NaN, 1e300]).bytes()).value;
    expect(real.kind === "double" && Array.from(real.data)).toEqual([0.5, -Infinity, Number.NaN, 1e300]);
  });

  it("reads character vectors: NA_STRING, UTF-8 and latin1 CHARSXPs", () => {
    const bytes = stream().flags(SexpType.STRSXP).int(4).charsxp("plain", "ascii").charsxp(null).charsxp("crème brûlée").charsxp("café", "latin1").bytes();
    expect(unserializeR(bytes).value).toMatchObject({ kind: "character", data: ["plain", null, "crème brûlée", "café"] });
  });

  it("reads lists, raw and complex vectors", () => {
    const bytes = stream().flags(SexpType.VECSXP).int(3).nil().flags(SexpType.RAWSXP).int(3).raw([1, 2, 255]).flags(SexpType.CPLXSXP).int(1).double(1).double(-2).bytes();
    const value = unserializeR(bytes).value;
    expect(value.kind).toBe("list");
    if (value.kind !== "list") return;
    expect(value.items[0]).toEqual({ kind: "null" });
    expect(value.items[1]).toMatchObject({ kind: "raw", data: new Uint8Array([1, 2, 255]) });
    expect(value.items[2]).toMatchObject({ kind: "complex", data: new Float64Array([1, -2]) });
  });
});

describe("unserializeR data frames", () => {
  /**
   * data.frame(id = 1:3 (compact), genre = factor(c("b","a",NA)), score = c(1.5, NA, 3), ok = c(TRUE, NA, FALSE), name = c("x", NA, "z"))
   * Symbols, in reference-table order: compact_intseq(1) base(2) levels(3) class(4) names(5); the data
   * frame's `class` tag is a REFSXP to entry 4, as R writes a repeated symbol.
   */
  function dataFrameBytes(): Uint8Array {
    const b = stream().flags(SexpType.VECSXP, { object: true, attributes: true }).int(5);
    altrep(b, "compact_intseq", SexpType.INTSXP).doubles([3, 1, 1]).nil();
    b.ints([2, 1, NA_INTEGER], { object: true, attributes: true }).pairlist([
      ["levels", (x) => x.strings(["a", "b"])],
      ["class", (x) => x.strings(["factor"])],
    ]);
    b.doubles([1.5, Number.NaN, 3]);
    b.ints([1, NA_INTEGER, 0], {}, SexpType.LGLSXP);
    b.strings(["x", null, "z"]);
    b.pairlist([
      ["names", (x) => x.strings(["id", "genre", "score", "ok", "name"])],
      [4, (x) => x.strings(["data.frame"])],
      ["row.names", (x) => x.ints([NA_INTEGER, -3])],
    ]);
    return b.bytes();
  }

  it("reads attributes, back-references to symbols, factors and an ALTREP column", () => {
    const value = unserializeR(dataFrameBytes()).value;
    expect(rClass(value)).toEqual(["data.frame"]);
    expect(listNames(value)).toEqual(["id", "genre", "score", "ok", "name"]);
    const frame = toDataFrame(value);
    expect(frame.rowCount).toBe(3);
    expect(frame.columns.get("id")).toEqual({ kind: "integer", values: [1, 2, 3] });
    expect(frame.columns.get("genre")).toEqual({ kind: "factor", values: ["b", "a", null], levels: ["a", "b"] });
    expect(frame.columns.get("ok")).toEqual({ kind: "logical", values: [true, null, false] });
    expect(frame.columns.get("name")).toEqual({ kind: "character", values: ["x", null, "z"] });
    const score = frame.columns.get("score");
    expect(score?.kind === "double" && Array.from(score.values)).toEqual([1.5, Number.NaN, 3]);
  });

  it("fails cleanly on every truncation of a valid stream", () => {
    const bytes = dataFrameBytes();
    for (let cut = 0; cut < bytes.length; cut++) {
      const error = failure(() => unserializeR(bytes.subarray(0, cut)));
      expect(error.code).toBe(DatasetErrorCode.Truncated);
      expect(error.message).toMatch(/offset \d+/);
    }
  });

  it("returns or throws a DatasetError (never hangs, never another error) on corrupted bytes", () => {
    const bytes = dataFrameBytes();
    const random = mulberry32(7);
    for (let i = 0; i < 2000; i++) {
      const copy = bytes.slice();
      for (let k = 0; k < 3; k++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      try {
        unserializeR(copy);
      } catch (error) {
        expect(error).toBeInstanceOf(DatasetError);
      }
    }
  });
});

describe("unserializeR ALTREP", () => {
  it("expands compact_intseq and compact_realseq", () => {
    const ints = unserializeR(altrep(stream(), "compact_intseq", SexpType.INTSXP).doubles([4, 10, -1]).nil().bytes()).value;
    expect(ints).toMatchObject({ kind: "integer", data: new Int32Array([10, 9, 8, 7]) });
    const reals = unserializeR(altrep(stream(), "compact_realseq", SexpType.REALSXP).doubles([3, 0.5, 1]).nil().bytes()).value;
    expect(reals).toMatchObject({ kind: "double", data: new Float64Array([0.5, 1.5, 2.5]) });
  });

  it("unwraps wrap_* objects and applies the ALTREP attributes", () => {
    // State CONS(x, metadata): a pairlist cell whose CDR is the metadata INTSXP (a dotted pair).
    const b = altrep(stream(), "wrap_integer", SexpType.INTSXP);
    b.flags(SexpType.LISTSXP).ints([5, 6]).ints([0, 1]);
    b.pairlist([["names", (x) => x.strings(["a", "b"])]]);
    const value = unserializeR(b.bytes()).value;
    expect(value).toMatchObject({ kind: "integer", data: new Int32Array([5, 6]) });
    expect(listNames(value)).toEqual(["a", "b"]);
  });

  it("converts deferred_string state to character", () => {
    const b = altrep(stream(), "deferred_string", SexpType.STRSXP);
    b.flags(SexpType.LISTSXP).ints([7, NA_INTEGER]).ints([0]);
    b.nil();
    expect(unserializeR(b.bytes()).value).toMatchObject({ kind: "character", data: ["7", null] });
  });

  it("refuses an unknown class and an oversized sequence, naming the offset", () => {
    const unknown = failure(() => unserializeR(altrep(stream(), "mmap_integer", SexpType.INTSXP).nil().nil().bytes()));
    expect([unknown.code, unknown.message]).toEqual([DatasetErrorCode.Unsupported, expect.stringContaining("ALTREP_SXP (238) at offset 23: class mmap_integer")]);
    const huge = failure(() => unserializeR(altrep(stream(), "compact_intseq", SexpType.INTSXP).doubles([2 ** 40, 1, 1]).nil().bytes()));
    expect(huge.code).toBe(DatasetErrorCode.Malformed);
  });
});

describe("unserializeR defences", () => {
  it("fails immediately when a length exceeds the remaining bytes", () => {
    const started = performance.now();
    for (const type of [SexpType.INTSXP, SexpType.REALSXP, SexpType.STRSXP, SexpType.VECSXP, SexpType.RAWSXP]) {
      const error = failure(() => unserializeR(stream().flags(type).int(2_000_000_000).int(1).bytes()));
      expect(error.code).toBe(DatasetErrorCode.Truncated);
      expect(error.message).toMatch(new RegExp(`^\\w+ \\(${type}\\) at offset 23: length 2000000000 at offset 27`));
      expect(error.offset).toBe(27);
    }
    const long = failure(() => unserializeR(stream().flags(SexpType.REALSXP).int(-1).int(4).int(0).bytes()));
    expect(long.message).toContain("length 17179869184");
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("rejects negative lengths, bad references, unknown and unsupported types", () => {
    expect(failure(() => unserializeR(stream().flags(SexpType.INTSXP).int(-5).bytes())).code).toBe(DatasetErrorCode.Malformed);
    expect(failure(() => unserializeR(stream().flags(SexpType.CHARSXP).int(-7).bytes())).message).toContain("negative length -7");
    const ref = failure(() => unserializeR(stream().ref(3).bytes()));
    expect([ref.code, ref.message]).toEqual([DatasetErrorCode.Malformed, "REFSXP (255) at offset 23 refers to entry 3 of 0 in the reference table"]);
    const bigRef = failure(() => unserializeR(stream().int(SexpType.REFSXP).int(1_000_000).bytes()));
    expect(bigRef.message).toContain("entry 1000000 of 0");
    const unknown = failure(() => unserializeR(stream().flags(99).bytes()));
    expect([unknown.code, unknown.message]).toEqual([DatasetErrorCode.Malformed, "unknown (99) at offset 23 is not a known SEXP type"]);
    const bytecode = failure(() => unserializeR(stream().flags(SexpType.BCODESXP).bytes()));
    expect([bytecode.code, bytecode.message]).toEqual([DatasetErrorCode.Unsupported, "BCODESXP (21) at offset 23 is not supported by this reader"]);
    const notChar = failure(() => unserializeR(stream().flags(SexpType.STRSXP).int(1).ints([1]).bytes()));
    expect(notChar.message).toBe("INTSXP (13) at offset 31 inside STRSXP (16) at offset 23 where a CHARSXP (9) was expected");
    const attrs = failure(() => unserializeR(stream().ints([1], { attributes: true }).ints([2]).bytes()));
    expect(attrs.message).toBe("attributes at offset 35 are of kind integer, not a pairlist");
  });

  it("bounds nesting depth but follows long pairlists without recursion", () => {
    const deep = stream();
    for (let i = 0; i < 1500; i++) deep.flags(SexpType.VECSXP).int(1);
    deep.nil();
    expect(failure(() => unserializeR(deep.bytes())).message).toMatch(/nested deeper than 1000/);

    const long = stream();
    for (let i = 0; i < 100_000; i++) long.flags(SexpType.LISTSXP).nil();
    long.nil();
    const value = unserializeR(long.bytes()).value;
    expect(value.kind === "pairlist" && value.items.length).toBe(100_000);
  });

  it("resolves environments, symbols and persistent references through the table", () => {
    const b = stream().flags(SexpType.VECSXP).int(4);
    b.flags(SexpType.ENVSXP).int(0).int(SexpType.GLOBALENV_SXP).pairlist([["x", (x) => x.ints([42])]]).nil().nil();
    b.ref(1);
    b.flags(SexpType.PERSISTSXP).int(0).int(1).charsxp("env::1");
    b.ref(3);
    const value = unserializeR(b.bytes()).value;
    if (value.kind !== "list") throw new Error("expected a list");
    const env = value.items[0];
    expect(env?.kind === "environment" && env.bindings.get("x")).toMatchObject({ kind: "integer", data: new Int32Array([42]) });
    expect(value.items[1]).toBe(env);
    expect(value.items[2]).toMatchObject({ kind: "opaque", type: SexpType.PERSISTSXP });
    expect(value.items[3]).toBe(value.items[2]);
  });
});

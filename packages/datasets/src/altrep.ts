/**
 * Expansion of the ALTREP classes that base R serializes in compact form
 * (src/main/altclasses.c): compact integer/real sequences, wrapper objects and
 * deferred string conversions. Any other class (e.g. mmap_*) is refused.
 */
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { NA_INTEGER } from "./sexp-type.js";
import { NO_ATTRIBUTES, type RValue } from "./r-value.js";

/** What {@link expandAltrep} needs about one ALTREP_SXP item. */
export interface AltrepInput {
  /** The class symbol's name, e.g. "compact_intseq". */
  readonly className: string;
  /** The serialized state, as read. */
  readonly state: RValue;
  /** The item's byte offset, for error messages. */
  readonly offset: number;
  /** Longest sequence expanded, in elements. */
  readonly maxLength: number;
}

const wrapKinds: Readonly<Record<string, RValue["kind"]>> = {
  wrap_integer: "integer",
  wrap_logical: "logical",
  wrap_real: "double",
  wrap_complex: "complex",
  wrap_raw: "raw",
  wrap_string: "character",
  wrap_list: "list",
};

/**
 * Turns an ALTREP item into the ordinary vector it stands for (attributes are
 * applied by the caller).
 * - compact_intseq / compact_realseq: state is c(n, first, increment) as doubles
 *   (or integers), expanded to first, first+inc, … (n elements);
 * - wrap_*: state is CONS(x, metadata) (a pairlist cell; a list is accepted too); the value is x;
 * - deferred_string: state is a pairlist whose first CAR is an integer or double
 *   vector; the value is its conversion to character (NA stays NA; doubles use up
 *   to 15 significant digits, as R does, but without R's scientific notation rules).
 * @throws DatasetError UNSUPPORTED for other classes; MALFORMED for a state of the
 *   wrong shape or a sequence longer than `maxLength`.
 */
export function expandAltrep(input: AltrepInput): RValue {
  const { className, state, offset } = input;
  const fail = (code: DatasetErrorCode, why: string): DatasetError =>
    new DatasetError(code, `ALTREP_SXP (238) at offset ${offset}: class ${className} ${why}`, { offset });

  if (className === "compact_intseq" || className === "compact_realseq") {
    const info = state.kind === "double" || state.kind === "integer" ? state.data : null;
    if (!info || info.length !== 3) throw fail(DatasetErrorCode.Malformed, "needs a state of 3 numbers (n, first, increment)");
    const [n, first, inc] = [info[0]!, info[1]!, info[2]!];
    if (!Number.isSafeInteger(n) || n < 0 || n > input.maxLength || !Number.isFinite(first) || !Number.isFinite(inc)) {
      throw fail(DatasetErrorCode.Malformed, `has an unusable state (n=${n}, first=${first}, increment=${inc}; at most ${input.maxLength} elements)`);
    }
    if (className === "compact_realseq") {
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = first + i * inc;
      return { kind: "double", data, attributes: NO_ATTRIBUTES };
    }
    const last = first + (n - 1) * inc;
    if (n > 0 && (!Number.isInteger(first) || !Number.isInteger(inc) || Math.abs(first) > 2 ** 31 - 1 || Math.abs(last) > 2 ** 31 - 1)) {
      throw fail(DatasetErrorCode.Malformed, `runs outside the integer range (first=${first}, increment=${inc}, n=${n})`);
    }
    const data = new Int32Array(n);
    for (let i = 0; i < n; i++) data[i] = first + i * inc;
    return { kind: "integer", data, attributes: NO_ATTRIBUTES };
  }

  const wrapped = wrapKinds[className];
  if (wrapped !== undefined) {
    const x = state.kind === "pairlist" ? state.items[0]?.value : state.kind === "list" ? state.items[0] : undefined;
    if (!x || x.kind !== wrapped) throw fail(DatasetErrorCode.Malformed, `needs a state CONS(x, metadata) with x of kind ${wrapped}`);
    return x;
  }

  if (className === "deferred_string") {
    const arg = state.kind === "pairlist" ? state.items[0]?.value : undefined;
    if (arg?.kind === "integer") {
      return { kind: "character", data: Array.from(arg.data, (v) => (v === NA_INTEGER ? null : String(v))), attributes: NO_ATTRIBUTES };
    }
    if (arg?.kind === "double") {
      return { kind: "character", data: Array.from(arg.data, formatDouble), attributes: NO_ATTRIBUTES };
    }
    throw fail(DatasetErrorCode.Malformed, "needs a pairlist state whose first element is an integer or double vector");
  }

  throw fail(DatasetErrorCode.Unsupported, "is not supported (compact_intseq, compact_realseq, wrap_*, deferred_string are)");
}

function formatDouble(value: number): string | null {
  if (Number.isNaN(value)) return null;
  if (!Number.isFinite(value)) return value > 0 ? "Inf" : "-Inf";
  return String(Number(value.toPrecision(15)));
}

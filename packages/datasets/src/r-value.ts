/**
 * An R object read from a serialized stream, reduced to what a data reader
 * needs. Attributes are kept by name (e.g. `names`, `class`, `levels`,
 * `row.names`). Missing values: NA_integer_ and NA (logical) stay as
 * {@link NA_INTEGER} in the Int32Array; NA_real_ is a NaN; NA_character_ is null.
 */
export type RValue =
  | RNull
  | RSymbol
  | RPairlist
  | RLogical
  | RInteger
  | RDouble
  | RComplex
  | RCharacter
  | RList
  | RRaw
  | REnvironment
  | ROpaque;

/** Attributes of an R object by tag name, in stream order. */
export type RAttributes = ReadonlyMap<string, RValue>;

/** R's NULL. */
export interface RNull {
  readonly kind: "null";
}

/** A symbol (SYMSXP), e.g. a pairlist tag or an ALTREP class name. */
export interface RSymbol {
  readonly kind: "symbol";
  readonly name: string;
}

/** A pairlist, language object, closure or promise, flattened to its CAR cells. */
export interface RPairlist {
  readonly kind: "pairlist";
  /** The SEXP type code it was read from (LISTSXP, LANGSXP, CLOSXP, PROMSXP, DOTSXP). */
  readonly type: number;
  readonly items: readonly { readonly tag: string | null; readonly value: RValue }[];
  readonly attributes: RAttributes;
}

/** A logical vector: 1, 0 or NA_INTEGER per element. */
export interface RLogical {
  readonly kind: "logical";
  readonly data: Int32Array;
  readonly attributes: RAttributes;
}

/** An integer vector (also factors: 1-based codes into the `levels` attribute). */
export interface RInteger {
  readonly kind: "integer";
  readonly data: Int32Array;
  readonly attributes: RAttributes;
}

/** A double vector. */
export interface RDouble {
  readonly kind: "double";
  readonly data: Float64Array;
  readonly attributes: RAttributes;
}

/** A complex vector as interleaved (re, im) pairs. */
export interface RComplex {
  readonly kind: "complex";
  readonly data: Float64Array;
  readonly attributes: RAttributes;
}

/** A character vector; null is NA_character_. */
export interface RCharacter {
  readonly kind: "character";
  readonly data: readonly (string | null)[];
  readonly attributes: RAttributes;
}

/** A generic vector (VECSXP, e.g. a data frame) or expression vector. */
export interface RList {
  readonly kind: "list";
  readonly items: readonly RValue[];
  readonly attributes: RAttributes;
}

/** A raw vector. */
export interface RRaw {
  readonly kind: "raw";
  readonly data: Uint8Array;
  readonly attributes: RAttributes;
}

/**
 * An environment. Well-known ones (global, base, empty, a namespace or package
 * given by name) carry `name`; others carry the frame's bindings.
 */
export interface REnvironment {
  readonly kind: "environment";
  readonly name: string | null;
  readonly bindings: ReadonlyMap<string, RValue>;
}

/**
 * Something kept only as a placeholder: builtins, external pointers, weak
 * references, S4 objects, the missing argument, persistent references.
 */
export interface ROpaque {
  readonly kind: "opaque";
  readonly type: number;
  readonly description: string;
  readonly attributes: RAttributes;
}

/** The shared NULL value. */
export const R_NULL: RNull = Object.freeze({ kind: "null" });

/** An empty attribute map. */
export const NO_ATTRIBUTES: RAttributes = new Map();

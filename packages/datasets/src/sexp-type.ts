/**
 * SEXP type codes of R's serialization format (R Internals, "Serialization
 * Formats"; src/main/serialize.c). The low 8 bits of each item's flags word.
 * Codes 0–25 are SEXPTYPEs; 238–255 are pseudo-types that exist only in streams.
 */
export const SexpType = {
  NILSXP: 0,
  SYMSXP: 1,
  LISTSXP: 2,
  CLOSXP: 3,
  ENVSXP: 4,
  PROMSXP: 5,
  LANGSXP: 6,
  SPECIALSXP: 7,
  BUILTINSXP: 8,
  CHARSXP: 9,
  LGLSXP: 10,
  INTSXP: 13,
  REALSXP: 14,
  CPLXSXP: 15,
  STRSXP: 16,
  DOTSXP: 17,
  ANYSXP: 18,
  VECSXP: 19,
  EXPRSXP: 20,
  BCODESXP: 21,
  EXTPTRSXP: 22,
  WEAKREFSXP: 23,
  RAWSXP: 24,
  S4SXP: 25,
  ALTREP_SXP: 238,
  ATTRLISTSXP: 239,
  ATTRLANGSXP: 240,
  BASEENV_SXP: 241,
  EMPTYENV_SXP: 242,
  BCREPREF: 243,
  BCREPDEF: 244,
  GENERICREFSXP: 245,
  CLASSREFSXP: 246,
  PERSISTSXP: 247,
  PACKAGESXP: 248,
  NAMESPACESXP: 249,
  BASENAMESPACE_SXP: 250,
  MISSINGARG_SXP: 251,
  UNBOUNDVALUE_SXP: 252,
  GLOBALENV_SXP: 253,
  NILVALUE_SXP: 254,
  REFSXP: 255,
} as const;

/** One of the values of {@link SexpType}. */
export type SexpType = (typeof SexpType)[keyof typeof SexpType];

const names = new Map<number, string>(Object.entries(SexpType).map(([name, code]) => [code, name]));

/** The name of a type code for error messages, e.g. `"INTSXP (13)"` or `"unknown (99)"`. */
export function sexpTypeName(code: number): string {
  return `${names.get(code) ?? "unknown"} (${code})`;
}

/** Bits of the flags word above the type byte (serialize.c PackFlags). */
export const SexpFlag = {
  /** OBJECT bit: the item has a class attribute. */
  isObject: 1 << 8,
  /** The item's attributes pairlist follows its payload. */
  hasAttributes: 1 << 9,
  /** A pairlist node's tag precedes its CAR. */
  hasTag: 1 << 10,
  /** The gp field ("levels") lives in the top 16 bits; for CHARSXP it holds the encoding. */
  levelsShift: 12,
} as const;

/** Encoding bits of a CHARSXP's levels (Defn.h). */
export const CharsxpEncoding = {
  bytes: 1 << 1,
  latin1: 1 << 2,
  utf8: 1 << 3,
  ascii: 1 << 6,
} as const;

/** R's NA_integer_ and NA (logical): the smallest 32-bit integer. */
export const NA_INTEGER = -2147483648;

/**
 * Reader for R's serialization format, XDR flavour, versions 2 and 3 (R Internals,
 * "Serialization Formats"; src/main/serialize.c ReadItem). Each item starts with a
 * flags word: type in the low 8 bits, then the object (bit 8), has-attributes (9) and
 * has-tag (10) bits, and the gp "levels" in the top 16 bits. Every item consumes at
 * least four bytes and every length is checked against the bytes that remain, so
 * corrupt input fails fast with the offset and type code instead of hanging.
 */
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { expandAltrep } from "./altrep.js";
import { CharsxpEncoding, SexpFlag, SexpType, sexpTypeName } from "./sexp-type.js";
import { NO_ATTRIBUTES, R_NULL, type RAttributes, type REnvironment, type RPairlist, type RValue } from "./r-value.js";
import { readRSerializationHeader, type RSerializationHeader } from "./r-serialization-header.js";
import { toAttributes, withAttributes } from "./r-attributes.js";
import { XdrReader } from "./xdr-reader.js";

/** Options of {@link unserializeR}. */
export interface UnserializeOptions {
  /** Deepest nesting of items accepted before failing (pairlist chains do not count). Default 1000. */
  readonly maxDepth?: number;
  /** Longest ALTREP compact sequence expanded, in elements. Default 2^28. */
  readonly maxAltrepLength?: number;
  /** Resolves a persistent reference (lazy-load databases); default: an opaque placeholder. */
  readonly persistentHook?: (names: readonly (string | null)[]) => RValue;
}

/** The result of {@link unserializeR}. */
export interface UnserializedR {
  readonly header: RSerializationHeader;
  readonly value: RValue;
  /** Bytes consumed, header included; may be less than the input's length. */
  readonly bytesRead: number;
}

/**
 * Reads one R object from an uncompressed XDR serialization stream (what
 * `serialize()` writes, or a .rds/.rdb payload after decompression).
 * @throws DatasetError MALFORMED (bad header, reference or length), TRUNCATED
 *   (a length larger than the bytes left), UNSUPPORTED (ascii/native streams,
 *   byte code, unknown ALTREP classes) — each message names the byte offset and,
 *   for items, the SEXP type code.
 */
export function unserializeR(bytes: Uint8Array, options: UnserializeOptions = {}): UnserializedR {
  const reader = new XdrReader(bytes);
  const header = readRSerializationHeader(reader);
  const value = new Unserializer(reader, options).readItem();
  return { header, value, bytesRead: reader.offset };
}

const utf8 = new TextDecoder("utf-8");
const latin1Decoder = new TextDecoder("latin1");

function latin1(bytes: Uint8Array): string {
  return latin1Decoder.decode(bytes);
}

function decodeChars(bytes: Uint8Array, levels: number): string {
  if (bytes.length <= 64) {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) ascii = false;
    if (ascii) return String.fromCharCode(...bytes);
  }
  return (levels & CharsxpEncoding.latin1) !== 0 ? latin1(bytes) : utf8.decode(bytes);
}

interface MutableEnvironment {
  kind: "environment";
  name: string | null;
  bindings: Map<string, RValue>;
}

class Unserializer {
  private readonly refs: RValue[] = [];
  private depth = 0;
  private readonly maxDepth: number;
  private readonly maxAltrepLength: number;

  constructor(
    private readonly reader: XdrReader,
    private readonly options: UnserializeOptions,
  ) {
    this.maxDepth = options.maxDepth ?? 1000;
    this.maxAltrepLength = options.maxAltrepLength ?? 2 ** 28;
  }

  readItem(): RValue {
    const at = this.reader.offset;
    const flags = this.reader.int32("item flags");
    if (++this.depth > this.maxDepth) {
      throw this.error(DatasetErrorCode.Unsupported, `items nested deeper than ${this.maxDepth}`, at, flags & 0xff);
    }
    try {
      return this.readItemBody(flags, at);
    } finally {
      this.depth--;
    }
  }

  private readItemBody(flags: number, at: number): RValue {
    const type = flags & 0xff;
    const hasAttributes = (flags & SexpFlag.hasAttributes) !== 0;
    switch (type) {
      case SexpType.NILVALUE_SXP:
        return R_NULL;
      case SexpType.EMPTYENV_SXP:
        return namedEnvironment("empty");
      case SexpType.BASEENV_SXP:
        return namedEnvironment("base");
      case SexpType.GLOBALENV_SXP:
        return namedEnvironment("global");
      case SexpType.BASENAMESPACE_SXP:
        return namedEnvironment("namespace:base");
      case SexpType.UNBOUNDVALUE_SXP:
        return this.opaque(type, "unbound value");
      case SexpType.MISSINGARG_SXP:
        return this.opaque(type, "missing argument");
      case SexpType.REFSXP:
        return this.readReference(flags, at);
      case SexpType.PERSISTSXP: {
        const names = this.readStringVector(at, type);
        const hook = this.options.persistentHook;
        return this.addRef(hook ? hook(names) : this.opaque(type, `persistent reference ${JSON.stringify(names)}`));
      }
      case SexpType.SYMSXP:
        return this.addRef({ kind: "symbol", name: this.readCharsxp(at, type) ?? "NA" });
      case SexpType.PACKAGESXP:
      case SexpType.NAMESPACESXP: {
        const names = this.readStringVector(at, type);
        const prefix = type === SexpType.PACKAGESXP ? "package" : "namespace";
        return this.addRef(namedEnvironment(`${prefix}:${names.filter((n) => n !== null).join(":")}`));
      }
      case SexpType.ENVSXP:
        return this.readEnvironment();
      case SexpType.LISTSXP:
      case SexpType.LANGSXP:
      case SexpType.DOTSXP:
        return this.readPairlist(flags);
      case SexpType.CLOSXP:
      case SexpType.PROMSXP:
        return this.readClosureLike(flags);
      case SexpType.ALTREP_SXP:
        return this.readAltrep(at);
      case SexpType.CHARSXP: {
        // A bare CHARSXP only appears nested; read it as a length-1 character vector.
        const value = this.readCharsxpBody(flags, at);
        if (hasAttributes) this.readItem();
        return { kind: "character", data: [value], attributes: NO_ATTRIBUTES };
      }
      default:
        return this.readVectorLike(flags, at);
    }
  }

  private readVectorLike(flags: number, at: number): RValue {
    const type = flags & 0xff;
    const reader = this.reader;
    let value: RValue;
    switch (type) {
      case SexpType.LGLSXP:
      case SexpType.INTSXP: {
        const data = reader.int32Array(this.readLength(at, type, 4), `${sexpTypeName(type)} data at offset ${at}`);
        value = { kind: type === SexpType.LGLSXP ? "logical" : "integer", data, attributes: NO_ATTRIBUTES };
        break;
      }
      case SexpType.REALSXP:
        value = { kind: "double", data: reader.float64Array(this.readLength(at, type, 8), `REALSXP data at offset ${at}`), attributes: NO_ATTRIBUTES };
        break;
      case SexpType.CPLXSXP:
        value = { kind: "complex", data: reader.float64Array(2 * this.readLength(at, type, 16), `CPLXSXP data at offset ${at}`), attributes: NO_ATTRIBUTES };
        break;
      case SexpType.STRSXP: {
        const length = this.readLength(at, type, 4);
        // Grown as elements are read, so memory follows the bytes consumed, not a claimed length.
        const data: (string | null)[] = [];
        for (let i = 0; i < length; i++) data.push(this.readCharsxp(at, type));
        value = { kind: "character", data, attributes: NO_ATTRIBUTES };
        break;
      }
      case SexpType.VECSXP:
      case SexpType.EXPRSXP: {
        const length = this.readLength(at, type, 4);
        const items: RValue[] = [];
        for (let i = 0; i < length; i++) items.push(this.readItem());
        value = { kind: "list", items, attributes: NO_ATTRIBUTES };
        break;
      }
      case SexpType.RAWSXP:
        value = { kind: "raw", data: reader.bytesView(this.readLength(at, type, 1), `RAWSXP data at offset ${at}`).slice(), attributes: NO_ATTRIBUTES };
        break;
      case SexpType.SPECIALSXP:
      case SexpType.BUILTINSXP: {
        const length = this.readLength(at, type, 1);
        value = this.opaque(type, `builtin ${latin1(reader.bytesView(length, "builtin name"))}`);
        break;
      }
      case SexpType.EXTPTRSXP:
        value = this.addRef(this.opaque(type, "external pointer"));
        this.readItem();
        this.readItem();
        break;
      case SexpType.WEAKREFSXP:
        value = this.addRef(this.opaque(type, "weak reference"));
        break;
      case SexpType.S4SXP:
        value = this.opaque(type, "S4 object");
        break;
      case SexpType.BCODESXP:
      case SexpType.CLASSREFSXP:
      case SexpType.GENERICREFSXP:
      case SexpType.BCREPDEF:
      case SexpType.BCREPREF:
      case SexpType.ATTRLISTSXP:
      case SexpType.ATTRLANGSXP:
        throw this.error(DatasetErrorCode.Unsupported, "is not supported by this reader", at, type);
      default:
        throw this.error(DatasetErrorCode.Malformed, "is not a known SEXP type", at, type);
    }
    if ((flags & SexpFlag.hasAttributes) === 0) return value;
    return withAttributes(value, this.readAttributes());
  }

  /** Reads a vector length (int, or -1 then two ints for long vectors) and checks it fits. */
  private readLength(at: number, type: number, minBytesPerElement: number): number {
    const lengthAt = this.reader.offset;
    let length = this.reader.int32("vector length");
    if (length === -1) {
      const upper = this.reader.int32("long vector length (upper)");
      const lower = this.reader.int32("long vector length (lower)") >>> 0;
      length = upper * 2 ** 32 + lower;
    }
    if (length < 0 || length * minBytesPerElement > this.reader.remaining) {
      throw new DatasetError(
        length < 0 ? DatasetErrorCode.Malformed : DatasetErrorCode.Truncated,
        `${sexpTypeName(type)} at offset ${at}: length ${length} at offset ${lengthAt} needs at least ${length * minBytesPerElement} bytes but ${this.reader.remaining} remain`,
        { offset: lengthAt },
      );
    }
    return length;
  }

  /** Reads a nested item that must be a CHARSXP; null is NA_character_. */
  private readCharsxp(parentAt: number, parentType: number): string | null {
    const at = this.reader.offset;
    const flags = this.reader.int32("CHARSXP flags");
    if ((flags & 0xff) !== SexpType.CHARSXP) {
      throw this.error(DatasetErrorCode.Malformed, `inside ${sexpTypeName(parentType)} at offset ${parentAt} where a CHARSXP (9) was expected`, at, flags & 0xff);
    }
    const value = this.readCharsxpBody(flags, at);
    if ((flags & SexpFlag.hasAttributes) !== 0) this.readItem();
    return value;
  }

  private readCharsxpBody(flags: number, at: number): string | null {
    const lengthAt = this.reader.offset;
    const length = this.reader.int32("CHARSXP length");
    if (length === -1) return null;
    if (length < 0) {
      throw this.error(DatasetErrorCode.Malformed, `has negative length ${length} at offset ${lengthAt}`, at, SexpType.CHARSXP);
    }
    return decodeChars(this.reader.bytesView(length, `CHARSXP at offset ${at}`), flags >>> SexpFlag.levelsShift);
  }

  /** InStringVec: a zero word, a length, then that many CHARSXPs. */
  private readStringVector(at: number, type: number): (string | null)[] {
    const zeroAt = this.reader.offset;
    if (this.reader.int32("string vector marker") !== 0) {
      throw this.error(DatasetErrorCode.Malformed, `expects a zero word at offset ${zeroAt}`, at, type);
    }
    const length = this.readLength(at, type, 4);
    const names: (string | null)[] = [];
    for (let i = 0; i < length; i++) names.push(this.readCharsxp(at, type));
    return names;
  }

  private readReference(flags: number, at: number): RValue {
    let index = flags >>> 8;
    if (index === 0) index = this.reader.int32("reference index");
    const value = this.refs[index - 1];
    if (value === undefined) {
      throw this.error(DatasetErrorCode.Malformed, `refers to entry ${index} of ${this.refs.length} in the reference table`, at, SexpType.REFSXP);
    }
    return value;
  }

  private addRef<T extends RValue>(value: T): T {
    this.refs.push(value);
    return value;
  }

  private readEnvironment(): RValue {
    this.reader.int32("environment lock flag");
    const env: MutableEnvironment = { kind: "environment", name: null, bindings: new Map() };
    this.addRef(env);
    this.readItem(); // enclosure
    const frame = this.readItem();
    const hashtab = this.readItem();
    this.readItem(); // attributes
    collectBindings(frame, env.bindings);
    if (hashtab.kind === "list") for (const bucket of hashtab.items) collectBindings(bucket, env.bindings);
    return env;
  }

  /**
   * LISTSXP/LANGSXP/DOTSXP: attributes?, tag?, CAR, then CDR. The CDR chain is
   * followed in a loop so a long pairlist cannot exhaust the stack; a CDR that is
   * neither a pairlist node nor NULL (a dotted pair) becomes a last untagged item.
   */
  private readPairlist(firstFlags: number): RPairlist {
    const type = firstFlags & 0xff;
    const items: { tag: string | null; value: RValue }[] = [];
    let attributes: RAttributes = NO_ATTRIBUTES;
    let flags = firstFlags;
    for (;;) {
      const nodeAttributes = (flags & SexpFlag.hasAttributes) !== 0 ? this.readAttributes() : NO_ATTRIBUTES;
      if (items.length === 0) attributes = nodeAttributes;
      const tag = (flags & SexpFlag.hasTag) !== 0 ? symbolName(this.readItem()) : null;
      items.push({ tag, value: this.readItem() });
      const at = this.reader.offset;
      flags = this.reader.int32("pairlist CDR flags");
      const next = flags & 0xff;
      if (next === SexpType.NILVALUE_SXP) break;
      if (next !== type && next !== SexpType.LISTSXP) {
        this.depth++;
        try {
          items.push({ tag: null, value: this.readItemBody(flags, at) });
        } finally {
          this.depth--;
        }
        break;
      }
    }
    return { kind: "pairlist", type, items, attributes };
  }

  /** CLOSXP/PROMSXP: attributes?, environment (in the tag slot)?, CAR, CDR. */
  private readClosureLike(flags: number): RPairlist {
    const attributes = (flags & SexpFlag.hasAttributes) !== 0 ? this.readAttributes() : NO_ATTRIBUTES;
    const items: { tag: string | null; value: RValue }[] = [];
    if ((flags & SexpFlag.hasTag) !== 0) items.push({ tag: "environment", value: this.readItem() });
    items.push({ tag: "car", value: this.readItem() });
    items.push({ tag: "cdr", value: this.readItem() });
    return { kind: "pairlist", type: flags & 0xff, items, attributes };
  }

  /** ALTREP_SXP: info pairlist (class, package, type), state, attributes. */
  private readAltrep(at: number): RValue {
    const info = this.readItem();
    const state = this.readItem();
    const attributesItem = this.readItem();
    const className = info.kind === "pairlist" ? symbolName(info.items[0]?.value ?? R_NULL) : null;
    if (className === null) {
      throw this.error(DatasetErrorCode.Malformed, "has no class symbol in its info pairlist", at, SexpType.ALTREP_SXP);
    }
    const value = expandAltrep({ className, state, offset: at, maxLength: this.maxAltrepLength });
    return withAttributes(value, toAttributes(attributesItem, at));
  }

  private readAttributes(): RAttributes {
    const at = this.reader.offset;
    return toAttributes(this.readItem(), at);
  }

  private opaque(type: number, description: string): RValue {
    return { kind: "opaque", type, description, attributes: NO_ATTRIBUTES };
  }

  private error(code: DatasetErrorCode, message: string, at: number, type: number): DatasetError {
    return new DatasetError(code, `${sexpTypeName(type)} at offset ${at} ${message}`, { offset: at });
  }
}

function namedEnvironment(name: string): REnvironment {
  return { kind: "environment", name, bindings: new Map() };
}

function symbolName(value: RValue): string | null {
  if (value.kind === "symbol") return value.name;
  if (value.kind === "character" && value.data.length === 1) return value.data[0] ?? null;
  return null;
}

function collectBindings(frame: RValue, into: Map<string, RValue>): void {
  if (frame.kind !== "pairlist") return;
  for (const { tag, value } of frame.items) if (tag !== null) into.set(tag, value);
}

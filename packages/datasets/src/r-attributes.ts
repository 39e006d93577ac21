import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { NO_ATTRIBUTES, type RAttributes, type RValue } from "./r-value.js";

/**
 * Turns an attributes pairlist (or NULL) into a map by tag; untagged cells are dropped.
 * @param at the pairlist's byte offset, for the error message
 * @throws DatasetError MALFORMED when the value is neither NULL nor a pairlist
 */
export function toAttributes(value: RValue, at: number): RAttributes {
  if (value.kind === "null") return NO_ATTRIBUTES;
  if (value.kind !== "pairlist") {
    throw new DatasetError(DatasetErrorCode.Malformed, `attributes at offset ${at} are of kind ${value.kind}, not a pairlist`, { offset: at });
  }
  const map = new Map<string, RValue>();
  for (const { tag, value: item } of value.items) if (tag !== null) map.set(tag, item);
  return map;
}

/** `value` with `attributes` added (replacing same-named ones); NULL, symbols and environments are returned as they are. */
export function withAttributes(value: RValue, attributes: RAttributes): RValue {
  if (attributes.size === 0 || value.kind === "null" || value.kind === "symbol" || value.kind === "environment") return value;
  const merged = new Map(value.attributes);
  for (const [name, item] of attributes) merged.set(name, item);
  return { ...value, attributes: merged };
}

import type { RValue } from "./r-value.js";

/**
 * The `names` attribute of a vector or list, or names from pairlist tags;
 * an empty array when there are none. NA names come back as null.
 */
export function listNames(value: RValue): readonly (string | null)[] {
  if (value.kind === "pairlist") return value.items.map((item) => item.tag);
  if (value.kind === "null" || value.kind === "symbol" || value.kind === "environment") return [];
  const names = value.attributes.get("names");
  return names?.kind === "character" ? names.data : [];
}

/** The element of a named list or pairlist called `name`, or null when there is none. */
export function listElement(value: RValue, name: string): RValue | null {
  const index = listNames(value).indexOf(name);
  if (index < 0) return null;
  if (value.kind === "list") return value.items[index] ?? null;
  if (value.kind === "pairlist") return value.items[index]?.value ?? null;
  return null;
}

/** The `class` attribute's strings, or an empty array. */
export function rClass(value: RValue): readonly string[] {
  if (value.kind === "null" || value.kind === "symbol" || value.kind === "environment") return [];
  const cls = value.attributes.get("class");
  return cls?.kind === "character" ? cls.data.filter((c): c is string => c !== null) : [];
}

/** The number of elements of a vector or list (pairlist: its cells); 0 for NULL and others. */
export function rLength(value: RValue): number {
  switch (value.kind) {
    case "logical":
    case "integer":
    case "double":
    case "raw":
    case "character":
      return value.data.length;
    case "complex":
      return value.data.length / 2;
    case "list":
      return value.items.length;
    case "pairlist":
      return value.items.length;
    default:
      return 0;
  }
}

/**
 * Conversion of an R data frame (a list of equal-length columns with class
 * "data.frame", tibbles included) into typed columns.
 */
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { NA_INTEGER } from "./sexp-type.js";
import type { RValue } from "./r-value.js";
import { listNames, rClass, rLength } from "./r-value-access.js";

/**
 * One column. Missing values: null in `character` and `factor` values, NaN in
 * `double`, null in `integer` and `logical`.
 */
export type DataFrameColumn =
  | { readonly kind: "integer"; readonly values: readonly (number | null)[] }
  | { readonly kind: "double"; readonly values: Float64Array }
  | { readonly kind: "logical"; readonly values: readonly (boolean | null)[] }
  | { readonly kind: "character"; readonly values: readonly (string | null)[] }
  | { readonly kind: "factor"; readonly values: readonly (string | null)[]; readonly levels: readonly string[] };

/** A data frame: named columns of `rowCount` values each. */
export interface DataFrame {
  readonly rowCount: number;
  readonly columns: ReadonlyMap<string, DataFrameColumn>;
}

/**
 * Reads an R data frame with integer, double, logical, character and factor
 * columns. Columns of other kinds (lists, dates' classes aside from the plain
 * number they wrap) are skipped only if `skipUnsupported` is set.
 * @throws DatasetError BAD_DATA when the value is not a data frame, the columns
 *   differ in length, a factor code is outside its levels, or a column is of an
 *   unsupported kind (unless skipped)
 */
export function toDataFrame(value: RValue, options: { skipUnsupported?: boolean } = {}): DataFrame {
  if (value.kind !== "list" || !rClass(value).includes("data.frame")) {
    throw new DatasetError(DatasetErrorCode.BadData, `expected a data.frame, found a ${value.kind} with class ${JSON.stringify(rClass(value))}`);
  }
  const names = listNames(value);
  const rowCount = value.items.length === 0 ? 0 : rLength(value.items[0]!);
  const columns = new Map<string, DataFrameColumn>();
  value.items.forEach((item, i) => {
    const name = names[i] ?? `V${i + 1}`;
    if (rLength(item) !== rowCount) {
      throw new DatasetError(DatasetErrorCode.BadData, `column ${name} has ${rLength(item)} values, the first column ${rowCount}`);
    }
    const column = toColumn(item, name);
    if (column) columns.set(name, column);
    else if (!options.skipUnsupported) throw new DatasetError(DatasetErrorCode.BadData, `column ${name} is a ${item.kind} vector, which is not supported`);
  });
  return { rowCount, columns };
}

function toColumn(item: RValue, name: string): DataFrameColumn | null {
  switch (item.kind) {
    case "integer": {
      if (rClass(item).includes("factor")) return toFactor(item.data, item.attributes.get("levels"), name);
      return { kind: "integer", values: Array.from(item.data, (v) => (v === NA_INTEGER ? null : v)) };
    }
    case "double":
      return { kind: "double", values: item.data };
    case "logical":
      return { kind: "logical", values: Array.from(item.data, (v) => (v === NA_INTEGER ? null : v !== 0)) };
    case "character":
      return { kind: "character", values: item.data };
    default:
      return null;
  }
}

function toFactor(codes: Int32Array, levelsValue: RValue | undefined, name: string): DataFrameColumn {
  if (levelsValue?.kind !== "character") throw new DatasetError(DatasetErrorCode.BadData, `factor column ${name} has no character levels`);
  const levels = levelsValue.data.map((level) => level ?? "NA");
  const values = Array.from(codes, (code) => {
    if (code === NA_INTEGER) return null;
    const level = levels[code - 1];
    if (level === undefined) throw new DatasetError(DatasetErrorCode.BadData, `factor column ${name} has code ${code} but ${levels.length} levels`);
    return level;
  });
  return { kind: "factor", values, levels };
}

/**
 * A column by name, checked to be one of `kinds`.
 * @throws DatasetError NOT_FOUND when absent, BAD_DATA when of another kind
 */
export function requireColumn<K extends DataFrameColumn["kind"]>(frame: DataFrame, name: string, ...kinds: K[]): Extract<DataFrameColumn, { kind: K }> {
  const column = frame.columns.get(name);
  if (!column) throw new DatasetError(DatasetErrorCode.NotFound, `no column ${name} (has ${[...frame.columns.keys()].join(", ")})`);
  if (!(kinds as string[]).includes(column.kind)) throw new DatasetError(DatasetErrorCode.BadData, `column ${name} is ${column.kind}, expected ${kinds.join(" or ")}`);
  return column as Extract<DataFrameColumn, { kind: K }>;
}

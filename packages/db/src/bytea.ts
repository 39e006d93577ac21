import { customType } from "drizzle-orm/pg-core";

/**
 * Postgres `bytea` as a `Uint8Array`. node-postgres hands back a Buffer and
 * PGlite a Uint8Array; both arrive here as a plain Uint8Array view.
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array | string }>({
  dataType() {
    return "bytea";
  },
  toDriver(value) {
    return value;
  },
  fromDriver(value) {
    if (typeof value === "string") {
      // text-format bytea ("\x0a1b…"), only seen when a driver skips its bytea parser
      return new Uint8Array(Buffer.from(value.startsWith("\\x") ? value.slice(2) : value, "hex"));
    }
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  },
});

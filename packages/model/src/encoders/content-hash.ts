/**
 * Content hashes for encoder ids: SHA-256 over a description of the configuration followed by
 * the bytes of every file that defines the weights and tokenizer.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";

/**
 * Hashes `config` (JSON) then each existing file of `files` (its base name, size and bytes, streamed:
 * a 400 MB model is never held in memory). Missing files are skipped, so optional tokenizer files
 * may be listed. The order of `files` matters.
 * @returns lowercase hex SHA-256
 * @throws Error when an existing file cannot be read
 */
export async function contentHash(config: unknown, files: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(config));
  for (const file of files) {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) continue;
    hash.update(`\0${path.basename(file)}\0${info.size}\0`);
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  }
  return hash.digest("hex");
}

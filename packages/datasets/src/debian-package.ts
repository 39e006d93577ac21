/**
 * Fetching a package's files from the Debian/Ubuntu archive without installing
 * it: `apt-get download` then `dpkg-deb -x`. Needs no R and no root, except to
 * refresh empty package lists (`apt-get update`).
 */
import { execFile } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";

const run = promisify(execFile);

/** Options of {@link fetchDebianPackage}. */
export interface DebianPackageOptions {
  /** An empty folder to download and extract into. */
  readonly workDir: string;
  /** Run `apt-get update` when the download fails (e.g. empty package lists). Default: when running as root. */
  readonly allowAptUpdate?: boolean;
  /** Extra `-o Name=value` apt options, e.g. a proxy or another package-lists folder. */
  readonly aptOptions?: readonly string[];
  /** Receives one line per step. */
  readonly onProgress?: (line: string) => void;
}

/** A downloaded and extracted package. */
export interface ExtractedDebianPackage {
  readonly name: string;
  /** The version from the .deb's file name, e.g. "0.7.4-1". */
  readonly version: string;
  /** Size of the .deb in bytes. */
  readonly debBytes: number;
  /** The folder the package's file tree was extracted into (holds `usr/…`). */
  readonly root: string;
}

const isRoot = (): boolean => process.getuid?.() === 0;

/**
 * Downloads Debian package `name` into `workDir` and extracts it there.
 * @throws DatasetError FETCH_FAILED when apt-get or dpkg-deb is missing (not a
 *   Debian/Ubuntu machine) or the download or extraction fails; the message
 *   carries apt's own error
 */
export async function fetchDebianPackage(name: string, options: DebianPackageOptions): Promise<ExtractedDebianPackage> {
  const { workDir } = options;
  const progress = options.onProgress ?? (() => {});
  // As root, apt drops to the _apt user for downloads, which cannot write into our folder.
  const aptArgs = [...(isRoot() ? ["-o", "APT::Sandbox::User=root"] : []), ...(options.aptOptions ?? []).flatMap((o) => ["-o", o])];
  const download = () => tool("apt-get", [...aptArgs, "download", name], workDir);
  progress(`apt-get download ${name}`);
  try {
    await download();
  } catch (error) {
    const missingTool = ((error as DatasetError).cause as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
    if (missingTool || !(options.allowAptUpdate ?? isRoot())) throw error;
    progress(`apt-get download ${name} failed; refreshing the package lists (apt-get update) and retrying`);
    await tool("apt-get", [...aptArgs, "update"], workDir);
    await download();
  }
  const deb = (await readdir(workDir)).find((file) => file.startsWith(`${name}_`) && file.endsWith(".deb"));
  if (!deb) throw new DatasetError(DatasetErrorCode.FetchFailed, `apt-get download ${name} left no ${name}_*.deb in ${workDir}`);
  const debPath = path.join(workDir, deb);
  const root = path.join(workDir, `${name}-files`);
  progress(`dpkg-deb -x ${deb}`);
  await tool("dpkg-deb", ["-x", debPath, root], workDir);
  const version = decodeURIComponent(deb.slice(name.length + 1).split("_")[0] ?? "unknown");
  return { name, version, debBytes: (await stat(debPath)).size, root };
}

async function tool(command: string, args: string[], cwd: string): Promise<void> {
  try {
    await run(command, args, { cwd, timeout: 10 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === "ENOENT") {
      throw new DatasetError(DatasetErrorCode.FetchFailed, `${command} not found: this does not look like a Debian/Ubuntu machine`, { cause: error });
    }
    const detail = (e.stderr ?? "").trim().split("\n").filter((l) => !l.startsWith("W: ")).slice(-3).join(" | ");
    throw new DatasetError(DatasetErrorCode.FetchFailed, `${command} ${args.join(" ")} failed: ${detail || e.message}`, { cause: error });
  }
}

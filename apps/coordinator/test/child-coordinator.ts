import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));

/** A coordinator running as a child process (the real `main.ts`), for crash and scale-out tests. */
export interface ChildCoordinator {
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGKILL: no shutdown hooks, no flushing — a crash. Resolves when the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

/** Starts `main.ts` with `env` (over this process's) and resolves when it prints its READY line. */
export function spawnCoordinator(env: Record<string, string>): Promise<ChildCoordinator> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: { ...process.env, TRIBUTARY_PORT: "0", TRIBUTARY_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // TRIBUTARY_TEST_CHILD_LOGS=1 shows the children's logs, for debugging a test.
  if (process.env.TRIBUTARY_TEST_CHILD_LOGS === "1") {
    child.stdout!.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  }
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\S+)/.exec(out);
      if (match) {
        resolve({
          url: match[1]!,
          child,
          kill9: async () => {
            child.kill("SIGKILL");
            await exited;
          },
          stop: async () => {
            child.kill("SIGTERM");
            await exited;
          },
        });
      }
    });
    child.once("exit", (code) => reject(new Error(`coordinator exited with ${code} before READY:\n${stderr}`)));
  });
}

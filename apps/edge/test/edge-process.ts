import { type ChildProcess, spawn } from "node:child_process";
import { EventEmitter, once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";

const repoRoot = path.resolve(import.meta.dirname, "../../..");

/** An edge running `apps/edge/src/main.ts` in a child process, with its JSON log lines as events. */
export class EdgeProcess extends EventEmitter<{ line: [Record<string, unknown>] }> {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[] = [];
  readonly exited: Promise<unknown>;

  constructor(env: Record<string, string>) {
    super();
    this.child = spawn(process.execPath, ["--import", "tsx", "apps/edge/src/main.ts"], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    this.exited = once(this.child, "exit");
    createInterface({ input: this.child.stdout! }).on("line", (text) => {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      this.lines.push(line);
      this.emit("line", line);
    });
    this.child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  }

  /** Resolves with the first log line (past or future) whose msg is `msg` and that matches `where`. */
  waitFor(msg: string, where: (line: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
    const hit = this.lines.find((l) => l.msg === msg && where(l));
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const onLine = (l: Record<string, unknown>) => {
        if (l.msg === msg && where(l)) {
          this.off("line", onLine);
          resolve(l);
        }
      };
      this.on("line", onLine);
      void this.exited.then(() => reject(new Error(`edge exited before logging "${msg}"`)));
    });
  }

  /** SIGKILL, no chance to clean up; resolves when the process is gone. */
  async kill9(): Promise<void> {
    this.child.kill("SIGKILL");
    await this.exited;
  }
}

import { pino, type Logger } from "pino";

/** The edge's structured logger (pino, JSON lines on stdout). */
export type EdgeLogger = Logger;

/** A pino logger at `level` ("silent" for none), tagged with the edge's name. */
export function createEdgeLogger(level: string, name: string): EdgeLogger {
  return pino({ level, base: { app: "edge", edge: name } });
}

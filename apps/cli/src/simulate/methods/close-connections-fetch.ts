/**
 * Makes every fetch to one origin close its connection after the response.
 *
 * Why: the simulation trains every model in this one process, and a training
 * step blocks the event loop for seconds. Meanwhile the coordinator's HTTP
 * server closes keep-alive sockets idle for 5 s; the next request from this
 * process then goes out on a socket the server already closed and fails with
 * ECONNRESET (undici does not retry non-idempotent requests). Loopback
 * connections are cheap, so the simulation simply does not reuse them.
 * Undici honours `connection: close` by closing the socket after the request.
 * @returns a function that restores the previous global fetch
 */
export function closeConnectionsTo(origin: string): () => void {
  const previous = globalThis.fetch;
  const patched: typeof fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(origin)) return previous(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set("connection", "close");
    return previous(input, { ...init, headers });
  };
  globalThis.fetch = patched;
  return () => {
    if (globalThis.fetch === patched) globalThis.fetch = previous;
  };
}

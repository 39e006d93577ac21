import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, isNonJsonSerializable, splitLink, type TRPCClient } from "@trpc/client";
import type { AppRouter } from "@tributary/coordinator";
import { EventSource } from "eventsource";

/** A typed client of the coordinator's tRPC API. */
export type CoordinatorClient = TRPCClient<AppRouter>;

/**
 * Creates a client for the coordinator at `baseUrl` (e.g. http://127.0.0.1:4100).
 * `token()` is read on every request, so a token obtained after creation is used.
 * Queries are batched; binary mutations go through a plain link; subscriptions
 * use SSE and resume from the last event id after a reconnect.
 */
export function createCoordinatorClient(baseUrl: string, token: () => string | null): CoordinatorClient {
  const url = `${baseUrl.replace(/\/$/, "")}/trpc`;
  const headers = (): Record<string, string> => {
    const t = token();
    return t ? { authorization: `Bearer ${t}` } : {};
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input: string | URL | Request, init?: RequestInit) =>
              fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), ...headers() } }),
          }),
        }),
        false: splitLink({
          condition: (op) => isNonJsonSerializable(op.input),
          true: httpLink({ url, headers }),
          false: httpBatchLink({ url, headers }),
        }),
      }),
    ],
  });
}

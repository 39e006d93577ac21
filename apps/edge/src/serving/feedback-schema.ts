import { z } from "zod";

/** Kinds of feedback and the relevance label each gives (a rating r in 1..5 gives (r − 1)/4). */
export const FeedbackKind = { impression: "impression", click: "click", purchase: "purchase", rating: "rating" } as const;

/** One feedback event. `at` is an ISO-8601 time or epoch milliseconds. */
export const feedbackEventSchema = z
  .object({
    type: z.enum(["impression", "click", "purchase", "rating"]),
    userId: z.string().min(1).max(256),
    itemId: z.string().min(1).max(256),
    /** The search query the item was shown for; absent for recommendations. */
    query: z.string().min(1).max(2048).optional(),
    /** Required for type "rating": 1..5. */
    rating: z.number().min(1).max(5).optional(),
    at: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]),
    /** Optional client id of the event: a re-sent event is stored once. */
    eventId: z.string().min(1).max(128).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.type === "rating" && e.rating === undefined) ctx.addIssue({ code: "custom", path: ["rating"], message: "a rating event needs `rating` (1..5)" });
    if (e.type !== "rating" && e.rating !== undefined) ctx.addIssue({ code: "custom", path: ["rating"], message: `a ${e.type} event takes no rating` });
  });
export type FeedbackEvent = z.infer<typeof feedbackEventSchema>;

/** Input of `feedback`: 1..1000 events, accepted or refused as a whole. */
export const feedbackInputSchema = z.object({ events: z.array(feedbackEventSchema).min(1).max(1000) }).strict();
export type FeedbackInput = z.infer<typeof feedbackInputSchema>;

/** Input of `search`. */
export const searchInputSchema = z.object({ query: z.string().min(1).max(2048), k: z.number().int().min(1).max(200).default(10) }).strict();

/** Input of `recommend`. */
export const recommendInputSchema = z.object({ userId: z.string().min(1).max(256), k: z.number().int().min(1).max(200).default(10) }).strict();

/** The relevance label of an event, in [0, 1]. */
export function labelOf(e: FeedbackEvent): number {
  if (e.type === "rating") return ((e.rating ?? 1) - 1) / 4;
  return e.type === "impression" ? 0 : 1;
}

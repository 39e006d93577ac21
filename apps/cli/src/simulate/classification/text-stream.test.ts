import { DatasetErrorCode, type LabeledText } from "@tributary/datasets";
import { describe, expect, it } from "vitest";
import { planTextStream, textsInRegion } from "./text-stream.js";

const options = { regions: 2, windows: 3, warmupFraction: 0.4, seed: 7, source: "t.jsonl" };
const texts: LabeledText[] = Array.from({ length: 20 }, (_, i) => ({ text: `text ${i}`, label: ["pos", "neg", "mid"][i % 3]! }));

describe("planTextStream", () => {
  it("keeps file order when a record lacks a timestamp, and cuts a warm-up and near-equal windows covering every record once", () => {
    const stream = planTextStream([...texts.slice(0, 19), { ...texts[19]!, timestamp: 5 }], options);
    expect(stream.order).toBe("file");
    expect(stream.texts.map((t) => t.text)).toEqual(texts.map((t) => t.text));
    expect(Array.from(stream.warmup)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(stream.windows.map((w) => Array.from(w))).toEqual([
      [8, 9, 10, 11],
      [12, 13, 14, 15],
      [16, 17, 18, 19],
    ]);
  });

  it("orders by timestamp when every record has one, ties in file order", () => {
    const timed = texts.map((t, i) => ({ ...t, timestamp: i % 2 === 0 ? 100 - i : 50 }));
    const stream = planTextStream(timed, options);
    expect(stream.order).toBe("timestamp");
    const times = stream.texts.map((t) => t.timestamp!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const ties = stream.texts.filter((t) => t.timestamp === 50).map((t) => t.text);
    expect(ties).toEqual(timed.filter((t) => t.timestamp === 50).map((t) => t.text));
  });

  it("takes the sorted distinct labels as the classes and indexes every record's class and region", () => {
    const stream = planTextStream(
      texts.map((t, i) => (i < 4 ? { ...t, region: "east" } : t)),
      options,
    );
    expect(stream.classes).toEqual(["mid", "neg", "pos"]);
    stream.texts.forEach((t, i) => expect(stream.classes[stream.y[i]!]).toBe(t.label));
    expect(stream.regionNames[0]).toBe("east");
    const all = Int32Array.from(stream.texts.keys());
    const perRegion = stream.regionNames.map((_, r) => textsInRegion(stream, all, r).length);
    expect(perRegion.reduce((a, b) => a + b, 0)).toBe(20);
    expect(perRegion[0]).toBe(4);
  });

  it("refuses data it cannot classify or cut, naming the file", () => {
    const bad = (records: LabeledText[], message: string, windows = 3) =>
      expect(() => planTextStream(records, { ...options, windows })).toThrow(expect.objectContaining({ code: DatasetErrorCode.BadData, message: expect.stringContaining(message) }));
    bad([], "t.jsonl: no labeled texts");
    bad(texts.map((t) => ({ ...t, label: "great" })), 't.jsonl: every record has the label "great"; classification needs at least two distinct labels');
    bad(texts.slice(0, 4), "t.jsonl: 4 records leave 3 after the warm-up, fewer than the 4 windows", 4);
  });
});

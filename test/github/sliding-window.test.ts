import { describe, expect, it } from "vitest";
import { SlidingWindow } from "../../src/github/sliding-window.ts";

describe("SlidingWindow", () => {
  it("admits up to its limit in any window, then says when the oldest spending leaves", () => {
    const window = new SlidingWindow(3, 60_000);
    window.spend(0, 1);
    window.spend(10_000, 1);
    window.spend(20_000, 1);
    expect(window.used(20_000)).toBe(3);
    expect(window.waitMs(20_000, 1)).toBe(40_000);
    // The first spending leaves the window at 60 s: one more fits then, not before.
    expect(window.waitMs(59_999, 1)).toBe(1);
    expect(window.waitMs(60_000, 1)).toBe(0);
    expect(window.used(60_000)).toBe(2);
  });

  it("waits until enough has left for a larger cost, and reads a lower ceiling", () => {
    const window = new SlidingWindow(10, 1000);
    window.spend(0, 5);
    window.spend(500, 5);
    expect(window.waitMs(600, 5)).toBe(400);
    expect(window.waitMs(600, 6)).toBe(900);
    // A reserve: with a ceiling of 5 nothing fits until both spendings leave... the first at 1000.
    expect(window.waitMs(600, 1, 5)).toBe(900);
    expect(window.waitMs(1500, 1, 5)).toBe(0);
  });

  it("has no fixed edge: a full window at 0:59 still refuses at 1:01", () => {
    const window = new SlidingWindow(2, 60_000);
    window.spend(59_000, 1);
    window.spend(59_500, 1);
    expect(window.waitMs(61_000, 1)).toBe(58_000);
  });
});

import { describe, expect, it } from "vitest";
import { PAGE_SIZE, RequestBudget, walkPages } from "../../src/github/request-budget.ts";

/** A list of `total` numbers served PAGE_SIZE at a time, counting the pages asked for. */
function pagedList(total: number) {
  const asked: number[] = [];
  const fetchPage = async (page: number) => {
    asked.push(page);
    const start = (page - 1) * PAGE_SIZE;
    return Array.from(
      { length: Math.max(0, Math.min(PAGE_SIZE, total - start)) },
      (_, i) => start + i,
    );
  };
  return { asked, fetchPage };
}

describe("walkPages", () => {
  it("walks to the short page, a request from the budget each", async () => {
    const list = pagedList(250);
    const budget = new RequestBudget(10);
    const walked = await walkPages(budget, list.fetchPage);
    expect(walked.complete).toBe(true);
    expect(walked.items).toHaveLength(250);
    expect(list.asked).toEqual([1, 2, 3]);
    expect(budget.used).toBe(3);
  });

  it("stops incomplete when the budget runs out, keeping what it found", async () => {
    const list = pagedList(1000);
    const walked = await walkPages(new RequestBudget(2), list.fetchPage);
    expect(walked).toMatchObject({ complete: false });
    expect(walked.items).toHaveLength(200);
    expect(list.asked).toEqual([1, 2]);
  });

  it("is complete once it has maxItems", async () => {
    const list = pagedList(1000);
    const walked = await walkPages(new RequestBudget(10), list.fetchPage, 150);
    expect(walked.complete).toBe(true);
    expect(list.asked).toEqual([1, 2]);
  });
});

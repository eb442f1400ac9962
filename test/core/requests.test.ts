import { describe, expect, it } from "vitest";
import { QueueBusyError } from "../../src/core/job.ts";
import { encodeAck } from "../../src/core/protocol.ts";
import { EnqueueTimeoutError, Requests } from "../../src/core/requests.ts";

function link(timings = { timeoutMs: 5000, resendMs: 1000 }) {
  let wakes = 0;
  const requests = new Requests(timings, () => wakes++);
  return { requests, wakes: () => wakes };
}

describe("Requests", () => {
  it("answers each enqueue from its ACK, whatever order the ACKs come in", async () => {
    const { requests, wakes } = link();
    const first = requests.enqueue({ kind: "evaluate", key: "o/r#1", payload: { n: 1 } });
    const second = requests.enqueue({ kind: "evaluate", key: "o/r#2", payload: { n: 2 } });
    expect(wakes()).toBe(2);
    const sent = requests.take(64);
    expect(sent.map((record) => record.payload)).toEqual(['{"n":1}', '{"n":2}']);
    requests.onAckMessage(
      encodeAck([
        { requestId: sent[1]?.requestId as number, result: "busy", depth: 9 },
        { requestId: sent[0]?.requestId as number, result: "coalesced", depth: 0 },
      ]),
    );
    await expect(first).resolves.toBe("coalesced");
    await expect(second).rejects.toBeInstanceOf(QueueBusyError);
    expect(requests.size).toBe(0);
    // A late duplicate ACK (for a resend) is ignored.
    requests.onAckMessage(
      encodeAck([{ requestId: sent[0]?.requestId as number, result: "queued", depth: 0 }]),
    );
  });

  it("resends what is unanswered in enqueue order, then times it out", async () => {
    const { requests } = link({ timeoutMs: 5000, resendMs: 1000 });
    // Answered traffic first, so that the ids below wrap around the table's
    // slots: slot order is then not enqueue order, and resends must be.
    for (let round = 0; round < 10; round++) {
      const answered = Array.from({ length: 100 }, () =>
        requests.enqueue({ kind: "k", key: "warm", payload: 0 }),
      );
      requests.onAckMessage(
        encodeAck(
          requests
            .take(1000)
            .map((record) => ({ requestId: record.requestId, result: "queued", depth: 0 })),
        ),
      );
      await Promise.all(answered);
    }
    const now = Date.now();
    const answers = Array.from({ length: 200 }, (_, n) =>
      requests.enqueue({ kind: "k", key: `o/r#${n % 3}`, payload: n }).catch((error) => error),
    );
    requests.take(1000);
    requests.tick(now + 500);
    expect(requests.hasOutgoing).toBe(false);
    requests.tick(now + 1500);
    expect(requests.take(1000).map((record) => Number(record.payload))).toEqual(
      Array.from({ length: 200 }, (_, n) => n),
    );
    requests.tick(now + 6000);
    for (const answer of await Promise.all(answers)) {
      expect(answer).toBeInstanceOf(EnqueueTimeoutError);
    }
    expect(requests.size).toBe(0);
  });

  it("rejects everything pending on close, and refuses new enqueues", async () => {
    const { requests } = link();
    const pending = requests.enqueue({ kind: "k", key: "a", payload: 1 });
    requests.close(new Error("closed"));
    await expect(pending).rejects.toThrow("closed");
    await expect(requests.enqueue({ kind: "k", key: "a", payload: 1 })).rejects.toThrow(/closed/);
    expect(requests.size).toBe(0);
  });

  it("refuses a payload that is not JSON", async () => {
    const { requests } = link();
    await expect(requests.enqueue({ kind: "k", key: "a", payload: () => 1 })).rejects.toThrow(
      /not JSON/,
    );
  });

  it("sends one priority a message, in enqueue order", () => {
    const { requests } = link();
    const enqueue = (key: string, priority?: "normal" | "background") =>
      requests
        .enqueue({ kind: "k", key, payload: {} }, priority ? { priority } : {})
        .catch(() => {});
    enqueue("a");
    enqueue("b", "normal");
    enqueue("c", "background");
    enqueue("d", "background");
    enqueue("e");
    const batches: string[][] = [];
    while (requests.hasOutgoing) {
      batches.push(requests.take(64).map((record) => `${record.key}:${record.priority}`));
    }
    expect(batches).toEqual([
      ["a:normal", "b:normal"],
      ["c:background", "d:background"],
      ["e:normal"],
    ]);
    expect(requests.take(64)).toEqual([]);
    requests.close(new Error("done"));
  });
});

import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/bench/seeded-random.ts";
import {
  Command,
  decode,
  encodeAck,
  encodeDone,
  encodeEnqueue,
  encodeFail,
  encodeHeartbeat,
  encodeJobs,
  encodeReady,
  encodeReports,
  encodeStats,
  HEADER,
  NO_RETRY_AFTER,
  readAcks,
  versionMismatch,
} from "../../src/core/protocol.ts";

const payload = Buffer.from(JSON.stringify({ n: 1, text: "é" }));

/** A version-2 message by hand: one frame, the header, a command byte, body bytes. */
function message(command: number, ...body: number[]): Buffer[] {
  return [Buffer.from([...HEADER, command, ...body])];
}

describe("protocol", () => {
  it("sends every message as one frame: the header, the command byte, the body", () => {
    expect(encodeReady(8)).toEqual([Buffer.from([...Buffer.from("C4Q2"), 0x01, 0, 0, 0, 8])]);
    expect(encodeHeartbeat()).toEqual([Buffer.from("C4Q2\x05", "latin1")]);
    expect(encodeDone([1, 2])).toEqual(message(Command.done, 0, 0, 0, 1, 0, 0, 0, 2));
  });

  it("round-trips every command, batches included", () => {
    expect(decode(encodeReady(8))).toEqual({ command: "ready", credit: 8 });
    expect(decode(encodeHeartbeat())).toEqual({ command: "heartbeat" });
    expect(decode(encodeDone([1, 2, 0xffff_fffe]))).toEqual({
      command: "done",
      ids: [1, 2, 0xffff_fffe],
    });
    expect(
      decode(
        encodeAck([
          { requestId: 1, result: "queued", depth: 0 },
          { requestId: 2, result: "busy", depth: 10 },
        ]),
      ),
    ).toEqual({
      command: "ack",
      acks: [
        { requestId: 1, result: "queued", depth: 0 },
        { requestId: 2, result: "busy", depth: 10 },
      ],
    });
    const jobs = [
      {
        requestId: 7,
        delayMs: 0,
        priority: "normal" as const,
        kind: "pull.evaluate",
        key: "o/r#1",
        deliveryId: "d-1",
        payload,
      },
      {
        requestId: 8,
        delayMs: 50,
        priority: "normal" as const,
        kind: "k",
        key: "o/r",
        deliveryId: "",
        payload: Buffer.from("{}"),
      },
    ];
    expect(decode(encodeEnqueue(jobs))).toEqual({ command: "enqueue", jobs });
    expect(encodeEnqueue(jobs)[0]?.[4]).toBe(Command.enqueue);
    const running = [{ id: 3, attempt: 2, kind: "pull.merge", key: "o/r", payload }];
    expect(decode(encodeJobs(running))).toEqual({ command: "job", jobs: running });
    const failures = [
      { id: 3, retryAfterMs: NO_RETRY_AFTER, error: "GitHub said 500" },
      { id: 4, retryAfterMs: 60_000, error: "rate limited" },
    ];
    expect(decode(encodeFail(failures))).toEqual({ command: "fail", failures });
    const reports = [
      { topic: "c4bot.verdict", json: '{"repo":"o/r","title":"é"}' },
      { topic: "", json: "null" },
    ];
    expect(decode(encodeReports(reports))).toEqual({ command: "report", reports });
  });

  it("decodes garbage to undefined instead of throwing", () => {
    const garbage: Buffer[][] = [
      [],
      [Buffer.from("hello")],
      [Buffer.from("C4Q")],
      // Version 1: the header, the command and the body as frames of their own.
      [Buffer.from("C4Q1"), Buffer.of(Command.heartbeat)],
      [Buffer.from("C4Q1"), Buffer.of(Command.ready), Buffer.alloc(4)],
      [Buffer.from([...Buffer.from("C4Q1"), Command.heartbeat])],
      message(0x7f),
      message(Command.ready),
      message(Command.ready, ...Buffer.from("abc")),
      message(Command.done),
      message(Command.done, ...Buffer.from("abc")),
      message(Command.ack, ...Buffer.alloc(9, 0xff)),
      message(Command.enqueue),
      message(Command.enqueue, 0, 0, 0, 200, 1, 2),
      message(Command.enqueue, 0, 0, 0, 14, ...Buffer.alloc(14, 0xff)),
      message(Command.job, ...Buffer.alloc(3)),
      message(Command.report),
      message(Command.report, 0, 0, 0, 3, 0, 9, 120),
      message(Command.heartbeat, 0),
      [...encodeHeartbeat(), Buffer.alloc(1)],
    ];
    for (const frames of garbage) expect(decode(frames)).toBeUndefined();
  });

  it("never throws on a valid message cut short, grown or with bytes changed", () => {
    const valid = [
      encodeReady(8),
      encodeDone([1, 2, 3]),
      encodeAck([{ requestId: 1, result: "queued", depth: 0 }]),
      encodeEnqueue([
        { requestId: 7, delayMs: 0, kind: "k", key: "o/r#1", deliveryId: "d", payload },
        { requestId: 8, delayMs: 5, kind: "k", key: "o/r", deliveryId: "", payload },
      ]),
      encodeEnqueue([
        { requestId: 9, delayMs: 0, kind: "k", key: "o/r#1", deliveryId: "d", payload },
        {
          requestId: 10,
          delayMs: 5,
          priority: "background",
          kind: "k",
          key: "o/r",
          deliveryId: "",
          payload,
        },
      ]),
      encodeJobs([{ id: 3, attempt: 1, kind: "k", key: "o/r", payload }]),
      encodeFail([{ id: 3, retryAfterMs: NO_RETRY_AFTER, error: "boom" }]),
      encodeReports([{ topic: "t", json: "{}" }]),
      encodeStats(1, '{"depth":0}'),
    ].map(([frame]) => frame as Buffer);
    const random = seededRandom(4);
    const pick = (n: number) => Math.floor(random() * n);
    const outcomes = { decoded: 0, dropped: 0 };
    for (let i = 0; i < 5000; i++) {
      let bytes = Buffer.from(valid[pick(valid.length)] as Buffer);
      const change = pick(3);
      if (change === 0) bytes = bytes.subarray(0, pick(bytes.length));
      if (change === 1) bytes = Buffer.concat([bytes, Buffer.from([pick(256), pick(256)])]);
      if (change === 2) for (let n = 1 + pick(3); n > 0; n--) bytes[pick(bytes.length)] = pick(256);
      let message: unknown;
      expect(() => {
        message = decode([bytes]);
        readAcks([bytes], () => {});
      }).not.toThrow();
      outcomes[message === undefined ? "dropped" : "decoded"]++;
    }
    // Both ways, so the loop did reach the decoders' checks.
    expect(outcomes.decoded).toBeGreaterThan(100);
    expect(outcomes.dropped).toBeGreaterThan(100);
  });

  it("names another version of the protocol, and nothing else", () => {
    expect(versionMismatch([Buffer.from("C4Q1"), Buffer.of(Command.heartbeat)])).toBe(
      "message of protocol C4Q1 dropped: this side speaks C4Q2; upgrade the broker and its workers together",
    );
    expect(versionMismatch([Buffer.from("C4Q3\x05", "latin1")])).toMatch(
      /^message of protocol C4Q3/,
    );
    for (const frames of [encodeHeartbeat(), [Buffer.from("C4Q")], [Buffer.from("HTTP/1.1")], []]) {
      expect(versionMismatch(frames)).toBeUndefined();
    }
  });

  it("reads ACK records in place, and nothing at all of a malformed ACK", () => {
    const acks = [
      { requestId: 7, result: "queued", depth: 0 },
      { requestId: 0xffff_fffe, result: "busy", depth: 10_000 },
    ] as const;
    const seen: unknown[] = [];
    const visit = (requestId: number, result: string, depth: number) => {
      seen.push({ requestId, result, depth });
    };
    expect(readAcks(encodeAck(acks), visit)).toBe(true);
    expect(seen).toEqual(acks);

    seen.length = 0;
    const badCode = encodeAck(acks);
    (badCode[0] as Buffer)[5 + 13] = 99; // the second record's result code
    expect(readAcks(badCode, visit)).toBe(false);
    expect(readAcks(encodeDone([1]), visit)).toBe(false);
    expect(readAcks(message(Command.ack, ...Buffer.alloc(5)), visit)).toBe(false);
    expect(readAcks([HEADER, Buffer.of(Command.ack), Buffer.alloc(9)], visit)).toBe(false);
    expect(seen).toEqual([]);
  });

  it("round-trips kinds, keys and delivery ids, ASCII or not, short or long, kinds repeating or not", () => {
    const texts = [
      "evaluate",
      "",
      "é/ü#1",
      "a".repeat(200),
      `${"é".repeat(150)}z`,
      "k\u0000x",
      "😀",
    ];
    const jobs = texts.flatMap((kind, i) =>
      texts.map((key, j) => ({
        requestId: i * 100 + j,
        delayMs: 0,
        priority: (j % 2 === 0 ? "normal" : "background") as "normal" | "background",
        kind,
        key,
        deliveryId: texts[(i + j) % texts.length] as string,
        payload: Buffer.from(`{"n":${j}}`),
      })),
    );
    const enqueued = decode(encodeEnqueue(jobs));
    expect(enqueued).toEqual({ command: "enqueue", jobs });
    const records = jobs.map(({ requestId, kind, key, payload }) => ({
      id: requestId,
      attempt: 1,
      kind,
      key,
      payload,
    }));
    expect(decode(encodeJobs(records))).toEqual({ command: "job", jobs: records });
  });

  it("carries a background priority in ENQUEUE2, and only when a job has it", () => {
    const normal = { requestId: 1, delayMs: 0, kind: "k", key: "o/r#1", deliveryId: "", payload };
    const background = { ...normal, requestId: 2, delayMs: 30, priority: "background" as const };
    // All normal: the ENQUEUE every broker of C4Q2 reads, byte for byte as before.
    const plain = encodeEnqueue([normal]);
    expect(plain[0]?.[4]).toBe(Command.enqueue);
    expect(decode(plain)).toEqual({
      command: "enqueue",
      jobs: [{ ...normal, priority: "normal" }],
    });
    const flagged = encodeEnqueue([normal, background]);
    expect(flagged[0]?.[4]).toBe(Command.enqueue2);
    expect((flagged[0] as Buffer).length).toBe(
      (encodeEnqueue([normal, normal])[0] as Buffer).length + 2,
    );
    expect(decode(flagged)).toEqual({
      command: "enqueue",
      jobs: [{ ...normal, priority: "normal" }, background],
    });
    // A flag bit it does not know: the message is malformed, dropped whole.
    const unknown = Buffer.from(flagged[0] as Buffer);
    unknown[5 + 4 + 8] = 0x02;
    expect(decode([unknown])).toBeUndefined();
    expect(decode(message(Command.enqueue2, 0, 0, 0, 8, ...Buffer.alloc(8)))).toBeUndefined();
  });
});

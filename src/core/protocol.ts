import type { Priority } from "./job.ts";

/**
 * The core's wire protocol, version 2 (docs/protocol.md). Every message is
 * one frame:
 *
 *   "C4Q2" (4 bytes) | command (1 byte) | body (0 or more bytes)
 *
 * and a body carries one or more records of its command back to back, so a
 * busy peer sends a whole batch in one message (the pitfalls: 16 messages
 * per send was 3x faster than one each). Version 1 sent the header, the
 * command and the body as three frames; zeromq.js makes a Buffer and a
 * finalizer for every frame it receives and keeps a reference for every
 * frame it sends, and one frame instead of three took 5-59 µs (median 28)
 * off a job's four messages in one thread (docs/core-measurements.md).
 * Decoders never throw: anything malformed decodes to `undefined`, which
 * the caller logs and drops.
 */

/**
 * Most records in one message, by default (broker, client and worker alike).
 * Measured against 64, alternating in the same minutes
 * (docs/core-measurements.md): the in-process pipeline ran 5-16% faster in
 * four paired runs of five (one even) and used less CPU a job, and two
 * whole core benchmarks gained 17-27% in tcp and inproc throughput. 512 was
 * no better than 256. Socket high-water marks are set from it (sockets.ts),
 * so a stuck peer's pipe holds as many records as before.
 */
export const DEFAULT_BATCH_SIZE = 256;

/** The first bytes of every message: the protocol and its version. */
export const HEADER = Buffer.from("C4Q2");

/** Command bytes (the byte after the header). */
export const Command = {
  /** worker → broker: register (if new) and grant `credit` more job slots. */
  ready: 0x01,
  /** broker → worker: jobs to run. */
  job: 0x02,
  /** worker → broker: jobs finished; each gives one slot back. */
  done: 0x03,
  /** worker → broker: jobs failed (or asked to run later); each gives one slot back. */
  fail: 0x04,
  /** both ways: "I am alive" (Paranoid Pirate). */
  heartbeat: 0x05,
  /** worker → broker: "I leave: take back what I hold"; broker → worker: "acknowledged" or "unknown: register again". */
  disconnect: 0x06,
  /** worker → broker: what its jobs did (a topic and JSON), for the broker's process to record. */
  report: 0x07,
  /** client → broker: jobs to add. */
  enqueue: 0x10,
  /**
   * client → broker: jobs to add, each with a flags byte (its priority).
   * Added within C4Q2, as REPORT was: a client sends it only for background
   * jobs, so a broker that predates it still takes every normal job.
   */
  enqueue2: 0x13,
  /** broker → client: what became of each enqueue. */
  ack: 0x11,
  /** client → broker: a statistics request; broker → client: the answer. */
  stats: 0x12,
} as const;
export type CommandName = keyof typeof Command;
export type CommandByte = (typeof Command)[CommandName];

const names = new Map<number, CommandName>(
  Object.entries(Command).map(([name, byte]) => [byte, name as CommandName]),
);

/** What an ACK record says; `busy` carries the depth for QueueBusyError. */
export type AckResult = "queued" | "coalesced" | "duplicate" | "busy" | "closed";
const ackCodes: readonly AckResult[] = ["queued", "coalesced", "duplicate", "busy", "closed"];

/** No retry-after in a FAIL record: an ordinary failure, retried with backoff. */
export const NO_RETRY_AFTER = 0xffff_ffff;
/**
 * In a FAIL record's retry-after: the job can never succeed
 * (PermanentJobError), dead-letter it at once. A real retry-after is below it.
 */
export const PERMANENT_FAILURE = 0xffff_fffe;

export interface EnqueueRecord {
  requestId: number;
  delayMs: number;
  /** "normal" from an ENQUEUE record; an ENQUEUE2 record's flags say. */
  priority: Priority;
  kind: string;
  key: string;
  /** "" when the job has none. */
  deliveryId: string;
  /** The job's payload as JSON text (UTF-8), never parsed by the broker. */
  payload: Buffer;
}

/**
 * An ENQUEUE record to send: the payload may still be the JSON text, written
 * into the batch as UTF-8 when it is encoded (no Buffer of its own per job).
 */
export interface OutgoingEnqueue extends Omit<EnqueueRecord, "payload" | "priority"> {
  payload: Buffer | string;
  /** Absent: normal. */
  priority?: Priority;
}

/** ENQUEUE2 flag bits; any other bit set makes the record malformed. */
const BACKGROUND_FLAG = 0x01;

export interface AckRecord {
  requestId: number;
  result: AckResult;
  /** Jobs waiting when the answer was made (meaningful for `busy`). */
  depth: number;
}

export interface JobRecord {
  id: number;
  attempt: number;
  kind: string;
  key: string;
  payload: Buffer;
}

export interface FailRecord {
  id: number;
  /** Run again after this many ms without counting a failure, or NO_RETRY_AFTER, or PERMANENT_FAILURE. */
  retryAfterMs: number;
  error: string;
}

/**
 * A worker's account of what a job did (the app reports its verdicts and
 * merges), so that the broker's process records work done on other machines.
 * The core does not read it: a topic and JSON text.
 */
export interface ReportRecord {
  topic: string;
  /** JSON text (UTF-8). */
  json: string;
}

/** A message as decoded from its frames (the ROUTER's identity frame removed). */
export type Message =
  | { command: "ready"; credit: number }
  | { command: "job"; jobs: JobRecord[] }
  | { command: "done"; ids: number[] }
  | { command: "fail"; failures: FailRecord[] }
  | { command: "report"; reports: ReportRecord[] }
  | { command: "heartbeat" }
  | { command: "disconnect" }
  | { command: "enqueue"; jobs: EnqueueRecord[] }
  | { command: "ack"; acks: AckRecord[] }
  | { command: "stats"; requestId: number; json: string };

/** Bytes before the body in a message's frame: the header, then the command byte. */
const PREFIX = HEADER.length + 1;

/**
 * A message of `bodySize` body bytes: one frame, its header and command
 * written, the body (from PREFIX) for the caller to fill.
 */
function messageOf(command: CommandByte, bodySize: number): Buffer {
  const message = Buffer.allocUnsafe(PREFIX + bodySize);
  HEADER.copy(message, 0);
  message[HEADER.length] = command;
  return message;
}

/** Longest kind, key, delivery id, report topic (u16 length prefixes). */
export const MAX_STRING_BYTES = 0xffff;

export function encodeReady(credit: number): Buffer[] {
  const message = messageOf(Command.ready, 4);
  message.writeUInt32BE(credit, PREFIX);
  return [message];
}

export function encodeHeartbeat(): Buffer[] {
  return [messageOf(Command.heartbeat, 0)];
}

export function encodeDisconnect(): Buffer[] {
  return [messageOf(Command.disconnect, 0)];
}

/** DONE body: the job ids, 4 bytes each. */
export function encodeDone(ids: readonly number[]): Buffer[] {
  const message = messageOf(Command.done, 4 * ids.length);
  for (let i = 0; i < ids.length; i++) message.writeUInt32BE(ids[i] as number, PREFIX + 4 * i);
  return [message];
}

/** ACK body: 9 bytes a record: request id, result code, depth. */
export function encodeAck(acks: readonly AckRecord[]): Buffer[] {
  const message = messageOf(Command.ack, 9 * acks.length);
  for (let i = 0; i < acks.length; i++) {
    const ack = acks[i] as AckRecord;
    const at = PREFIX + 9 * i;
    message.writeUInt32BE(ack.requestId, at);
    message.writeUInt8(ackCodes.indexOf(ack.result), at + 4);
    message.writeUInt32BE(Math.min(ack.depth, 0xffff_ffff), at + 5);
  }
  return [message];
}

/**
 * ENQUEUE record: u32 length of the rest, u32 request id, u32 delay ms,
 * u16+kind, u16+key, u16+delivery id, payload to the end of the record.
 * When any job is background the message is an ENQUEUE2 instead, whose
 * records have a u8 flags byte (bit 0: background) after the delay.
 */
export function encodeEnqueue(jobs: readonly OutgoingEnqueue[]): Buffer[] {
  let size = 0;
  let flagged = false;
  for (const job of jobs) {
    size += 4 + 8 + 6 + byteLength(job.kind) + byteLength(job.key) + byteLength(job.deliveryId);
    size += typeof job.payload === "string" ? Buffer.byteLength(job.payload) : job.payload.length;
    if (job.priority === "background") flagged = true;
  }
  if (flagged) size += jobs.length;
  const message = messageOf(flagged ? Command.enqueue2 : Command.enqueue, size);
  let at = PREFIX;
  for (const job of jobs) {
    const start = at;
    at += 4;
    at = message.writeUInt32BE(job.requestId, at);
    at = message.writeUInt32BE(job.delayMs, at);
    if (flagged) message[at++] = job.priority === "background" ? BACKGROUND_FLAG : 0;
    at = writeString(message, at, job.kind);
    at = writeString(message, at, job.key);
    at = writeString(message, at, job.deliveryId);
    at +=
      typeof job.payload === "string"
        ? message.write(job.payload, at)
        : job.payload.copy(message, at);
    message.writeUInt32BE(at - start - 4, start);
  }
  return [message];
}

/** JOB record: u32 length of the rest, u32 id, u16 attempt, u16+kind, u16+key, payload. */
export function encodeJobs(jobs: readonly JobRecord[]): Buffer[] {
  let size = 0;
  for (const job of jobs) {
    size += 4 + 6 + 4 + byteLength(job.kind) + byteLength(job.key) + job.payload.length;
  }
  const message = messageOf(Command.job, size);
  let at = PREFIX;
  for (const job of jobs) {
    const start = at;
    at += 4;
    at = message.writeUInt32BE(job.id, at);
    at = message.writeUInt16BE(Math.min(job.attempt, 0xffff), at);
    at = writeString(message, at, job.kind);
    at = writeString(message, at, job.key);
    at += job.payload.copy(message, at);
    message.writeUInt32BE(at - start - 4, start);
  }
  return [message];
}

/** FAIL record: u32 length of the rest, u32 id, u32 retry-after ms, error text (UTF-8). */
export function encodeFail(failures: readonly FailRecord[]): Buffer[] {
  const texts = failures.map((failure) => Buffer.from(failure.error.slice(0, 4000)));
  let size = 0;
  for (const text of texts) size += 12 + text.length;
  const message = messageOf(Command.fail, size);
  let at = PREFIX;
  failures.forEach((failure, i) => {
    const text = texts[i] as Buffer;
    at = message.writeUInt32BE(8 + text.length, at);
    at = message.writeUInt32BE(failure.id, at);
    at = message.writeUInt32BE(failure.retryAfterMs, at);
    at += text.copy(message, at);
  });
  return [message];
}

/** REPORT record: u32 length of the rest, u16+topic, JSON text (UTF-8) to the end. */
export function encodeReports(reports: readonly ReportRecord[]): Buffer[] {
  const texts = reports.map((report) => Buffer.from(report.json));
  let size = 0;
  reports.forEach((report, i) => {
    size += 6 + byteLength(report.topic) + (texts[i] as Buffer).length;
  });
  const message = messageOf(Command.report, size);
  let at = PREFIX;
  reports.forEach((report, i) => {
    const start = at;
    at = writeString(message, at + 4, report.topic);
    at += (texts[i] as Buffer).copy(message, at);
    message.writeUInt32BE(at - start - 4, start);
  });
  return [message];
}

/** STATS: u32 request id, then JSON (empty in a request). */
export function encodeStats(requestId: number, json = ""): Buffer[] {
  const text = Buffer.from(json);
  const message = messageOf(Command.stats, 4 + text.length);
  message.writeUInt32BE(requestId, PREFIX);
  text.copy(message, PREFIX + 4);
  return [message];
}

/**
 * Decodes a message's frames (after any ROUTER identity frame). Returns
 * `undefined` for anything not a well-formed version-2 message.
 */
export function decode(message: readonly Buffer[]): Message | undefined {
  const command = names.get(commandByte(message));
  if (command === undefined) return undefined;
  // commandByte checked it: one frame, the header, the command byte.
  const frame = message[0] as Buffer;
  const bodyLength = frame.length - PREFIX;
  try {
    switch (command) {
      case "heartbeat":
      case "disconnect":
        return bodyLength === 0 ? { command } : undefined;
      case "ready":
        return bodyLength === 4 ? { command, credit: frame.readUInt32BE(PREFIX) } : undefined;
      case "done":
        return bodyLength > 0 && bodyLength % 4 === 0
          ? { command, ids: decodeIds(frame) }
          : undefined;
      case "ack": {
        const acks: AckRecord[] = [];
        const read = readAckBody(frame, (requestId, result, depth) => {
          acks.push({ requestId, result, depth });
        });
        return read ? { command, acks } : undefined;
      }
      case "enqueue": {
        const jobs = decodeRecords(frame, decodeEnqueueRecord);
        return jobs ? { command, jobs } : undefined;
      }
      case "enqueue2": {
        const jobs = decodeRecords(frame, decodeFlaggedEnqueueRecord);
        return jobs ? { command: "enqueue", jobs } : undefined;
      }
      case "job": {
        const jobs = decodeRecords(frame, decodeJobRecord);
        return jobs ? { command, jobs } : undefined;
      }
      case "fail": {
        const failures = decodeRecords(frame, decodeFailRecord);
        return failures ? { command, failures } : undefined;
      }
      case "report": {
        const reports = decodeRecords(frame, decodeReportRecord);
        return reports ? { command, reports } : undefined;
      }
      case "stats":
        return bodyLength >= 4
          ? {
              command,
              requestId: frame.readUInt32BE(PREFIX),
              json: frame.toString("utf8", PREFIX + 4),
            }
          : undefined;
      default:
        return undefined;
    }
  } catch {
    // A length that points past the end: RangeError from Buffer reads.
    return undefined;
  }
}

/**
 * What to log for a message that did not decode, when it is one of another
 * version of this protocol ("C4Q" and a fourth byte not ours): a peer left
 * out of an upgrade, named as such rather than as garbage. Undefined for
 * anything else.
 */
export function versionMismatch(message: readonly Buffer[]): string | undefined {
  const first = message[0];
  if (!first || first.length < HEADER.length) return undefined;
  const version = first.toString("latin1", 0, HEADER.length);
  const ours = HEADER.toString("latin1");
  if (!version.startsWith("C4Q") || version === ours) return undefined;
  return `message of protocol ${version} dropped: this side speaks ${ours}; upgrade the broker and its workers together`;
}

/** A DONE message's job ids (its body's length checked by the caller). */
function decodeIds(frame: Buffer): number[] {
  const ids = new Array<number>((frame.length - PREFIX) / 4);
  for (let i = 0; i < ids.length; i++) ids[i] = frame.readUInt32BE(PREFIX + 4 * i);
  return ids;
}

/**
 * An ACK message's records, each handed to `visit` as it is read (the
 * client's hot path: no object per record). False, and nothing visited, if
 * the message is not a well-formed ACK.
 */
export function readAcks(
  message: readonly Buffer[],
  visit: (requestId: number, result: AckResult, depth: number) => void,
): boolean {
  return commandByte(message) === Command.ack && readAckBody(message[0] as Buffer, visit);
}

/**
 * A message's command byte, or -1 unless it is one frame: the header, the
 * command byte, then the body (if any).
 */
function commandByte(message: readonly Buffer[]): number {
  const frame = message[0];
  if (message.length !== 1 || !frame || frame.length < PREFIX) return -1;
  if (frame.compare(HEADER, 0, HEADER.length, 0, HEADER.length) !== 0) return -1;
  return frame[HEADER.length] as number;
}

function readAckBody(
  frame: Buffer,
  visit: (requestId: number, result: AckResult, depth: number) => void,
): boolean {
  const length = frame.length - PREFIX;
  if (length <= 0 || length % 9 !== 0) return false;
  // Every result code checked first: a malformed message is dropped whole.
  for (let at = PREFIX + 4; at < frame.length; at += 9) {
    if ((frame[at] as number) >= ackCodes.length) return false;
  }
  for (let at = PREFIX; at < frame.length; at += 9) {
    visit(
      frame.readUInt32BE(at),
      ackCodes[frame[at + 4] as number] as AckResult,
      frame.readUInt32BE(at + 5),
    );
  }
  return true;
}

/**
 * Splits a message's body into u32-length-prefixed records; undefined if
 * there are none or the lengths do not add up. Each record is read in place
 * (frame, start, end): no Buffer view per record, only the payload's.
 */
function decodeRecords<T>(
  frame: Buffer,
  decodeRecord: (frame: Buffer, start: number, end: number) => T | undefined,
): T[] | undefined {
  if (frame.length <= PREFIX) return undefined;
  const records: T[] = [];
  let at = PREFIX;
  while (at < frame.length) {
    if (at + 4 > frame.length) return undefined;
    const length = frame.readUInt32BE(at);
    const end = at + 4 + length;
    if (end > frame.length) return undefined;
    const record = decodeRecord(frame, at + 4, end);
    if (record === undefined) return undefined;
    records.push(record);
    at = end;
  }
  return records;
}

function decodeEnqueueRecord(body: Buffer, start: number, end: number): EnqueueRecord | undefined {
  return readEnqueueRecord(body, start, end, "normal", start + 8);
}

/** An ENQUEUE2 record: an ENQUEUE record with a flags byte after the delay. */
function decodeFlaggedEnqueueRecord(
  body: Buffer,
  start: number,
  end: number,
): EnqueueRecord | undefined {
  if (end - start < 15) return undefined;
  const flags = body[start + 8] as number;
  if ((flags & ~BACKGROUND_FLAG) !== 0) return undefined;
  const priority = flags & BACKGROUND_FLAG ? "background" : "normal";
  return readEnqueueRecord(body, start, end, priority, start + 9);
}

/** The rest of an ENQUEUE(2) record, its strings from `strings` on. */
function readEnqueueRecord(
  body: Buffer,
  start: number,
  end: number,
  priority: Priority,
  strings: number,
): EnqueueRecord | undefined {
  if (end - strings < 6) return undefined;
  const requestId = body.readUInt32BE(start);
  const delayMs = body.readUInt32BE(start + 4);
  const kindEnd = stringEnd(body, strings, end);
  if (kindEnd < 0) return undefined;
  const keyEnd = stringEnd(body, kindEnd, end);
  if (keyEnd < 0) return undefined;
  const deliveryEnd = stringEnd(body, keyEnd, end);
  if (deliveryEnd < 0) return undefined;
  return {
    requestId,
    delayMs,
    priority,
    kind: readKind(body, strings, kindEnd),
    key: readString(body, kindEnd, keyEnd),
    deliveryId: readString(body, keyEnd, deliveryEnd),
    payload: body.subarray(deliveryEnd, end),
  };
}

function decodeJobRecord(body: Buffer, start: number, end: number): JobRecord | undefined {
  if (end - start < 10) return undefined;
  const id = body.readUInt32BE(start);
  const attempt = body.readUInt16BE(start + 4);
  const kindEnd = stringEnd(body, start + 6, end);
  if (kindEnd < 0) return undefined;
  const keyEnd = stringEnd(body, kindEnd, end);
  if (keyEnd < 0) return undefined;
  return {
    id,
    attempt,
    kind: readKind(body, start + 6, kindEnd),
    key: readString(body, kindEnd, keyEnd),
    payload: body.subarray(keyEnd, end),
  };
}

function decodeFailRecord(body: Buffer, start: number, end: number): FailRecord | undefined {
  if (end - start < 8) return undefined;
  return {
    id: body.readUInt32BE(start),
    retryAfterMs: body.readUInt32BE(start + 4),
    error: body.toString("utf8", start + 8, end),
  };
}

function decodeReportRecord(body: Buffer, start: number, end: number): ReportRecord | undefined {
  const topicEnd = stringEnd(body, start, end);
  if (topicEnd < 0) return undefined;
  return { topic: readString(body, start, topicEnd), json: body.toString("utf8", topicEnd, end) };
}

/**
 * Kinds, keys and delivery ids are short and almost always ASCII; for
 * those, measuring and writing in JS skips a call into Buffer.byteLength
 * and Buffer.write (argument checks, then native code), several per job.
 */
const SHORT_STRING = 128;

/** `text`'s length if it is short ASCII (its UTF-8 byte length then), else -1. */
function shortAsciiLength(text: string): number {
  const length = text.length;
  if (length > SHORT_STRING) return -1;
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) >= 0x80) return -1;
  return length;
}

function byteLength(text: string): number {
  const ascii = shortAsciiLength(text);
  const length = ascii >= 0 ? ascii : Buffer.byteLength(text);
  if (length > MAX_STRING_BYTES)
    throw new RangeError("[c4bot] kind, key, delivery id or topic too long");
  return length;
}

function writeString(body: Buffer, at: number, text: string): number {
  let length = shortAsciiLength(text);
  if (length >= 0) {
    for (let i = 0; i < length; i++) body[at + 2 + i] = text.charCodeAt(i);
  } else {
    length = body.write(text, at + 2);
  }
  body[at] = length >>> 8;
  body[at + 1] = length & 0xff;
  return at + 2 + length;
}

/** Where the u16-prefixed string at `at` ends, or -1 if it overruns `end`. */
function stringEnd(body: Buffer, at: number, end: number): number {
  if (at + 2 > end) return -1;
  const stop = at + 2 + body.readUInt16BE(at);
  return stop > end ? -1 : stop;
}

/** The u16-prefixed string from `at` to `stop` (its end, from stringEnd). */
function readString(body: Buffer, at: number, stop: number): string {
  return stop === at + 2 ? "" : body.toString("utf8", at + 2, stop);
}

/**
 * The last kind read, as text and as bytes: a batch's jobs nearly all have
 * the same few kinds, so most records reuse it instead of decoding a string.
 */
const lastKind = { text: "", bytes: Buffer.alloc(0) };

/** readString for a kind, through the last-kind cache. */
function readKind(body: Buffer, at: number, stop: number): string {
  const cached = lastKind.bytes;
  const length = stop - at - 2;
  if (length === cached.length) {
    let i = 0;
    while (i < length && body[at + 2 + i] === cached[i]) i++;
    if (i === length) return lastKind.text;
  }
  const text = readString(body, at, stop);
  lastKind.text = text;
  lastKind.bytes = Buffer.from(body.subarray(at + 2, stop));
  return text;
}

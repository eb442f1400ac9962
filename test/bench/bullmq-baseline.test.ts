import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import {
  bullmqRate,
  bullmqSkipReason,
  type RedisServer,
  redisServerPath,
  withRedisServer,
} from "../../src/bench/bullmq-baseline.ts";

/** Whether anything accepts a connection on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("the BullMQ baseline", () => {
  it.skipIf(!redisServerPath())(
    "drains a filled queue on a private redis-server, then stops it",
    async () => {
      expect(bullmqSkipReason()).toBeUndefined();
      let server: RedisServer | undefined;
      const rate = await withRedisServer(async (redis) => {
        server = redis;
        expect(alive(redis.pid)).toBe(true);
        expect(await listening(redis.port)).toBe(true);
        return bullmqRate(redis.port, 3000);
      });
      expect(rate).toBeGreaterThan(0);
      expect(Number.isFinite(rate)).toBe(true);
      if (!server) throw new Error("withRedisServer did not run its callback");
      expect(alive(server.pid)).toBe(false);
      expect(await listening(server.port)).toBe(false);
    },
  );

  it.skipIf(!redisServerPath())("stops redis-server when the measurement fails", async () => {
    let server: RedisServer | undefined;
    await expect(
      withRedisServer(async (redis) => {
        server = redis;
        throw new Error("measurement failed");
      }),
    ).rejects.toThrow("measurement failed");
    if (!server) throw new Error("withRedisServer did not run its callback");
    expect(alive(server.pid)).toBe(false);
    expect(await listening(server.port)).toBe(false);
  });
});

import { createHmac, randomUUID } from "node:crypto";

export interface Delivery {
  id: string;
  event: string;
  action: string | null;
  body: string;
  signature: string;
  /** HTTP status the app answered, or null while queued or when the request failed. */
  status: number | null;
  error: string | null;
  redelivery: boolean;
  queuedAt: string;
  deliveredAt: string | null;
}

export interface WebhookTarget {
  url: string | null;
  secret: string;
}

// GitHub gives up on a delivery after 10 s:
// https://docs.github.com/en/webhooks/testing-and-troubleshooting-webhooks/troubleshooting-webhooks#timed-out
const timeoutMs = 10_000;

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Delivers webhooks to the app one at a time, in the order they were queued, and
 * never inside the request that caused them (GitHub does not wait either). A
 * failed delivery is recorded, not retried.
 */
export class WebhookQueue {
  readonly deliveries: Delivery[] = [];
  readonly #target: () => WebhookTarget;
  readonly #fetch: typeof fetch;
  #queue: Delivery[] = [];
  #running = false;
  #idle: Array<() => void> = [];

  constructor(target: () => WebhookTarget, fetchImpl: typeof fetch = fetch) {
    this.#target = target;
    this.#fetch = fetchImpl;
  }

  /** Queues an event for the app; without a webhook URL nothing is sent. */
  send(event: string, payload: Record<string, unknown>): Delivery | null {
    const { url, secret } = this.#target();
    if (url === null) return null;
    const body = JSON.stringify(payload);
    const action = typeof payload.action === "string" ? payload.action : null;
    return this.#enqueue({
      event,
      action,
      body,
      signature: signBody(secret, body),
      id: randomUUID(),
    });
  }

  /** Sends a body as is, with an optional forged signature: for tests of the app's defences. */
  sendRaw(input: { event: string; body: string | object; signature?: string }): Delivery {
    const body = typeof input.body === "string" ? input.body : JSON.stringify(input.body);
    const signature = input.signature ?? signBody(this.#target().secret, body);
    return this.#enqueue({ event: input.event, action: null, body, signature, id: randomUUID() });
  }

  /** Sends a recorded delivery again with the same delivery id, as GitHub's "Redeliver" does. */
  redeliver(id: string): Delivery {
    const original = this.deliveries.find((delivery) => delivery.id === id);
    if (!original) throw new Error(`[c4bot sandbox] no delivery ${id}`);
    return this.#enqueue({ ...original, redelivery: true });
  }

  /** Resolves once every queued delivery has been answered (or has failed). */
  waitForIdle(): Promise<void> {
    if (!this.#running && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #enqueue(
    input: Pick<Delivery, "event" | "action" | "body" | "signature" | "id"> & {
      redelivery?: boolean;
    },
  ): Delivery {
    const delivery: Delivery = {
      id: input.id,
      event: input.event,
      action: input.action,
      body: input.body,
      signature: input.signature,
      status: null,
      error: null,
      redelivery: input.redelivery ?? false,
      queuedAt: new Date().toISOString(),
      deliveredAt: null,
    };
    this.deliveries.push(delivery);
    this.#queue.push(delivery);
    if (!this.#running) {
      this.#running = true;
      setImmediate(() => void this.#pump());
    }
    return delivery;
  }

  async #pump(): Promise<void> {
    for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
      await this.#post(next);
    }
    this.#running = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  async #post(delivery: Delivery): Promise<void> {
    const { url } = this.#target();
    if (url === null) {
      delivery.error = "no webhook URL";
      return;
    }
    try {
      const response = await this.#fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/sim",
          "x-github-event": delivery.event,
          "x-github-delivery": delivery.id,
          "x-hub-signature-256": delivery.signature,
        },
        body: delivery.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      delivery.status = response.status;
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    delivery.deliveredAt = new Date().toISOString();
  }
}

import { Router } from "zeromq";

/**
 * A ZAP handler (RFC 27/ZAP) for the CurveZMQ brokers of this process.
 * libzmq asks whoever is bound at `inproc://zeromq.zap.01` in the socket's
 * context before it accepts a CURVE client; zeromq.js has no built-in
 * authenticator (its own tests bind a Router there). One handler serves
 * every broker: each sets its own ZMQ_ZAP_DOMAIN and registers its allowed
 * worker keys under it; a key not registered for the domain gets "400".
 */
const ZAP_ENDPOINT = "inproc://zeromq.zap.01";

const zap = {
  router: undefined as Router | undefined,
  loop: undefined as Promise<void> | undefined,
  domains: new Map<string, Set<string>>(),
};

/** Allows `publicKeys` (Z85) on brokers whose zap domain is `domain`; returns the undo. */
export async function allowCurveKeys(
  domain: string,
  publicKeys: readonly string[],
): Promise<() => Promise<void>> {
  zap.domains.set(domain, new Set(publicKeys.map((key) => z85Decode(key).toString("hex"))));
  if (!zap.router) {
    const router = new Router({ linger: 0, sendTimeout: 1000 });
    zap.router = router;
    await router.bind(ZAP_ENDPOINT);
    zap.loop = answer(router);
  }
  return async () => {
    zap.domains.delete(domain);
    if (zap.domains.size === 0 && zap.router) {
      const router = zap.router;
      zap.router = undefined;
      router.close();
      await zap.loop;
    }
  };
}

async function answer(router: Router): Promise<void> {
  for await (const frames of router) {
    // [peer, "", version, request id, domain, address, identity, mechanism, key...]
    const [peer, empty, version, requestId, domain, , , mechanism, clientKey] = frames;
    if (!peer || !empty || !version || !requestId) continue;
    const allowed = zap.domains.get(domain?.toString() ?? "");
    const ok =
      version.toString() === "1.0" &&
      mechanism?.toString() === "CURVE" &&
      clientKey !== undefined &&
      allowed?.has(clientKey.toString("hex")) === true;
    try {
      await router.send([
        peer,
        empty,
        version,
        requestId,
        ok ? "200" : "400",
        ok ? "OK" : "unknown worker key",
        ok ? (z85Encode(clientKey as Buffer) ?? "") : "",
        "",
      ]);
    } catch {
      // The socket that asked is gone: nothing to answer.
    }
  }
}

const Z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/** Z85 (RFC 32) to bytes; throws on a malformed key. */
export function z85Decode(text: string): Buffer {
  if (text.length % 5 !== 0) throw new Error(`[c4bot] not a Z85 key: ${text}`);
  const out = Buffer.alloc((text.length / 5) * 4);
  for (let i = 0; i < text.length; i += 5) {
    let value = 0;
    for (let j = 0; j < 5; j++) {
      const digit = Z85.indexOf(text[i + j] as string);
      if (digit < 0) throw new Error(`[c4bot] not a Z85 key: ${text}`);
      value = value * 85 + digit;
    }
    if (value > 0xffff_ffff) throw new Error(`[c4bot] not a Z85 key: ${text}`);
    out.writeUInt32BE(value, (i / 5) * 4);
  }
  return out;
}

/** Bytes (a multiple of 4) to Z85. */
export function z85Encode(bytes: Buffer): string | undefined {
  if (bytes.length % 4 !== 0) return undefined;
  let text = "";
  for (let i = 0; i < bytes.length; i += 4) {
    let value = bytes.readUInt32BE(i);
    let chunk = "";
    for (let j = 0; j < 5; j++) {
      chunk = Z85[value % 85] + chunk;
      value = Math.floor(value / 85);
    }
    text += chunk;
  }
  return text;
}

/**
 * Whether `text` is a CurveZMQ key as Z85 text (`c4bot keygen`): 40 digits of
 * Z85's alphabet, each group of 5 a 32-bit number. libzmq refuses any other
 * key, and zeromq.js 6 then crashes the process (SIGSEGV) instead of only
 * throwing, so keys from the command line and files are checked first.
 */
export function isCurveKey(text: string): boolean {
  if (text.length !== 40) return false;
  try {
    z85Decode(text);
    return true;
  } catch {
    return false;
  }
}

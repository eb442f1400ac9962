import { generateKeyPairSync, type KeyObject, randomBytes, verify } from "node:crypto";

/** The GitHub App the simulator hosts: what the bot is configured with. */
export interface AppIdentity {
  appId: number;
  slug: string;
  /** PKCS#8 PEM, as `APP_PRIVATE_KEY` / Probot's `privateKey`. */
  privateKey: string;
  publicKey: KeyObject;
  webhookSecret: string;
}

export function createAppIdentity(
  appId: number,
  slug: string,
  webhookSecret?: string,
): AppIdentity {
  // 2048 bits: what GitHub issues; generation takes tens of milliseconds.
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    appId,
    slug,
    privateKey: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: pair.publicKey,
    webhookSecret: webhookSecret ?? randomBytes(16).toString("hex"),
  };
}

export type JwtCheck = { ok: true } | { ok: false; message: string };

// GitHub refuses app JWTs that live longer than 10 minutes:
// https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
const maxLifetimeS = 10 * 60;
const skewS = 60;

/** Verifies an app JWT as GitHub does: RS256 signed by the app's key, issued by the app, in time. */
export function verifyAppJwt(token: string, app: AppIdentity, nowMs = Date.now()): JwtCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, message: "A JSON web token could not be decoded" };
  const [header, payload, signature] = parts as [string, string, string];
  let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
  let alg: unknown;
  try {
    alg = JSON.parse(Buffer.from(header, "base64url").toString()).alg;
    claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  } catch {
    return { ok: false, message: "A JSON web token could not be decoded" };
  }
  if (alg !== "RS256") return { ok: false, message: "A JSON web token could not be decoded" };
  const signed = verify(
    "RSA-SHA256",
    Buffer.from(`${header}.${payload}`),
    app.publicKey,
    Buffer.from(signature, "base64url"),
  );
  if (!signed) return { ok: false, message: "A JSON web token could not be decoded" };
  if (String(claims.iss) !== String(app.appId)) {
    return { ok: false, message: "'Issuer' claim ('iss') must be the app's id" };
  }
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== "number" || claims.exp <= now - skewS) {
    return { ok: false, message: "'Expiration time' claim ('exp') is too far in the past" };
  }
  if (typeof claims.iat !== "number" || claims.iat > now + skewS) {
    return {
      ok: false,
      message: "'Issued at' claim ('iat') must be an Integer representing a time in the past",
    };
  }
  if (claims.exp - claims.iat > maxLifetimeS + skewS) {
    return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future" };
  }
  return { ok: true };
}

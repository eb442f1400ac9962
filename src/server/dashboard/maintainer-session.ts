import { createHmac } from "node:crypto";
import { sameSecret } from "../same-secret.ts";

export const SESSION_COOKIE = "c4bot_session";
/** How long a sign-in lasts: a maintainer enters the token once a month at most. */
const SESSION_SECONDS = 30 * 24 * 3600;

/**
 * Sign-in for the dashboard with the token the operator configured
 * (C4BOT_DASHBOARD_TOKEN). The cookie holds an HMAC of the token, not the
 * token: it is HttpOnly and SameSite=Strict (no cross-site form can use it),
 * and forms also carry a CSRF value derived from the token. Changing the
 * token signs everyone out.
 */
export class MaintainerSession {
  readonly #token: string | undefined;

  constructor(token: string | undefined) {
    this.#token = token && token.length > 0 ? token : undefined;
  }

  get available(): boolean {
    return this.#token !== undefined;
  }

  /** Whether `candidate` is the configured token (constant time). */
  checkToken(candidate: string): boolean {
    return this.#token !== undefined && sameSecret(candidate, this.#token);
  }

  /** Whether the request's cookies carry a valid session. */
  signedIn(cookieHeader: string | undefined): boolean {
    if (!this.#token) return false;
    const value = readCookie(cookieHeader, SESSION_COOKIE);
    return value !== undefined && sameSecret(value, this.#sessionValue());
  }

  /** The CSRF value for forms of a signed-in maintainer. */
  csrf(): string | null {
    return this.#token ? mac(this.#token, "c4bot dashboard csrf v1") : null;
  }

  checkCsrf(candidate: unknown): boolean {
    const expected = this.csrf();
    return expected !== null && typeof candidate === "string" && sameSecret(candidate, expected);
  }

  /** `Set-Cookie` for a new session; `Secure` when the browser came over HTTPS. */
  signInCookie(secure: boolean): string {
    return cookie(this.#sessionValue(), SESSION_SECONDS, secure);
  }

  signOutCookie(secure: boolean): string {
    return cookie("", 0, secure);
  }

  #sessionValue(): string {
    return mac(this.#token ?? "", "c4bot dashboard session v1");
  }
}

function cookie(value: string, maxAge: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

function mac(key: string, text: string): string {
  return createHmac("sha256", key).update(text).digest("hex");
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether `given` is the secret `expected`, in a time that tells nothing of
 * either: both are hashed first, so their lengths may differ.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

import { z } from "zod";

/**
 * The fields of a webhook payload that c4bot reads before it knows the
 * event: the installation and the repository. A signed delivery that is
 * `null`, or names a repository without an owner, is malformed: it gets a
 * 400 that names the field (issue 21), never a 500 with JavaScript's words.
 */
const envelopeSchema = z.looseObject({
  installation: z.looseObject({ id: z.number().int() }).optional(),
  repository: z
    .looseObject({ name: z.string(), owner: z.looseObject({ login: z.string() }) })
    .optional(),
});

/** Why the payload is malformed, in one line, or null when it is not. */
export function envelopeProblem(payload: unknown): string | null {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    return `the payload is ${payload === null ? "null" : Array.isArray(payload) ? "an array" : `a ${typeof payload}`}, not a JSON object`;
  }
  const parsed = envelopeSchema.safeParse(payload);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `${issue?.path.join(".") || "payload"}: ${issue?.message ?? "invalid"}`;
}

import { z } from "zod";

/**
 * The bodies of the scripting endpoints that open and push pull requests,
 * checked before they reach the simulator: a script without `commits`
 * gets a 400 naming the field (issue 21), not a TypeError's words.
 */
const commitSpec = z.object({
  message: z.string(),
  files: z.record(z.string(), z.string().nullable()).optional(),
  author: z.string().optional(),
  merge: z.boolean().optional(),
});

export const pullBody = z.object({
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, "wants OWNER/NAME"),
  author: z.string().min(1),
  fromFork: z.boolean().optional(),
  base: z.string().optional(),
  head: z.string().optional(),
  title: z.string().optional(),
  body: z.string().optional(),
  draft: z.boolean().optional(),
  closes: z.array(z.number().int().positive()).optional(),
  commits: z.array(commitSpec),
});

export const pullPushBody = z.object({
  commits: z.array(commitSpec),
  pusher: z.string().optional(),
});

/** The body parsed by `schema`, or an error whose message names the first bad field. */
export function scriptBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
}

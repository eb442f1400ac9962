import { repoShape, type ShapeContext, userShape } from "./rest-shapes.ts";
import type { Repo } from "./sandbox-types.ts";

/** The fields every repository webhook carries: repository, sender and, once installed, installation. */
export function webhookEnvelope(
  ctx: ShapeContext,
  repo: Repo,
  sender: string,
): Record<string, unknown> {
  const envelope: Record<string, unknown> = {
    repository: repoShape(ctx, repo),
    sender: userShape(ctx, sender),
  };
  if (repo.installed) {
    envelope.installation = {
      id: ctx.installationId,
      node_id: Buffer.from(`Installation:${ctx.installationId}`).toString("base64url"),
    };
  }
  return envelope;
}

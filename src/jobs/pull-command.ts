import { markdownCode } from "../c4/markdown.ts";
import { addComment } from "../github/comment.ts";
import { type CommandPayload, evaluateJob } from "./app-jobs.ts";
import { commandHelp, parseCommand } from "./commands.ts";
import type { JobDeps } from "./job-kind.ts";

/** `pull.command`: `/c4 recheck`, `/c4 merge <reason>`, `/c4 help`. */
export async function runCommand(deps: JobDeps, job: CommandPayload): Promise<void> {
  const parsed = parseCommand(job.body);
  if (!parsed) return;
  const pull = {
    installationId: job.installationId,
    owner: job.owner,
    repo: job.repo,
    number: job.number,
  };
  switch (parsed.name) {
    case "recheck":
      await deps.context.enqueue(evaluateJob(pull));
      return;
    case "merge":
      if (!parsed.reason) {
        await addComment(
          deps.github,
          job,
          `@${job.author}: \`/c4 merge\` needs a reason, e.g. \`/c4 merge to end a fruitless discussion\`; it is recorded in the merge commit (C4 2.4.16).`,
        );
        return;
      }
      await deps.context.enqueue(
        evaluateJob({ ...pull, force: { by: job.author, reason: parsed.reason } }),
      );
      return;
    case "help":
      await addComment(
        deps.github,
        job,
        parsed.unknown
          ? `@${job.author}: c4bot does not know ${markdownCode(`/c4 ${parsed.unknown}`)}.\n\n${commandHelp}`
          : commandHelp,
      );
      return;
  }
}

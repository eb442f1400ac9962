import { markdownCode } from "../c4/markdown.ts";
import { addComment } from "../github/comment.ts";
import {
  type ButtonPayload,
  type CommandPayload,
  evaluateJob,
  type RepoTarget,
} from "./app-jobs.ts";
import { buttonMergeReason } from "./check-run-buttons.ts";
import { type Command, commandHelp, parseCommand } from "./commands.ts";
import type { JobDeps } from "./job-kind.ts";

/** Who asked for a command on which pull request, and how. */
interface CommandRequest extends RepoTarget {
  number: number;
  author: string;
  via: "comment" | "button";
}

/** `pull.command`: `/c4 recheck`, `/c4 merge <reason>`, `/c4 help`. */
export async function runCommand(deps: JobDeps, job: CommandPayload): Promise<void> {
  const parsed = parseCommand(job.body);
  if (!parsed) return;
  await applyCommand(deps, { ...job, via: "comment" }, parsed);
}

/**
 * `pull.button`: a click on the `C4` check run does what the comment does,
 * through the same path, so the same permission checks apply. A button
 * carries no text: the merge's reason says it was the button, and who.
 */
export async function runButton(deps: JobDeps, job: ButtonPayload): Promise<void> {
  const { by, button, ...pull } = job;
  const command: Command =
    button === "merge" ? { name: "merge", reason: buttonMergeReason(by) } : { name: "recheck" };
  await applyCommand(deps, { ...pull, author: by, via: "button" }, command);
}

async function applyCommand(
  deps: JobDeps,
  request: CommandRequest,
  command: Command,
): Promise<void> {
  const pull = {
    installationId: request.installationId,
    owner: request.owner,
    repo: request.repo,
    number: request.number,
  };
  switch (command.name) {
    case "recheck":
      await deps.context.enqueue(evaluateJob(pull));
      return;
    case "merge":
      if (!command.reason) {
        await addComment(
          deps.github,
          request,
          `@${request.author}: \`/c4 merge\` needs a reason, e.g. \`/c4 merge to end a fruitless discussion\`; it is recorded in the merge commit (C4 2.4.16).`,
        );
        return;
      }
      await deps.context.enqueue(
        evaluateJob({
          ...pull,
          force: { by: request.author, reason: command.reason, via: request.via },
        }),
      );
      return;
    case "help":
      await addComment(
        deps.github,
        request,
        command.unknown
          ? `@${request.author}: c4bot does not know ${markdownCode(`/c4 ${command.unknown}`)}.\n\n${commandHelp}`
          : commandHelp,
      );
      return;
  }
}

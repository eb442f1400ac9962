import type { AttentionEvent, MergeEvent, VerdictEvent } from "../history/bot-events.ts";

export type { AttentionEvent, MergeEvent, VerdictEvent };

/** Observers of what the bot does; each is called after the GitHub write succeeded. */
export interface BotObserver {
  verdict?(event: VerdictEvent): void;
  merged?(event: MergeEvent): void;
  /** What people wait for: a broken config, a merge retry, a gone installation. */
  attention?(event: AttentionEvent): void;
}

import type { MergeEvent, VerdictEvent } from "../history/bot-events.ts";

export type { MergeEvent, VerdictEvent };

/** Observers of what the bot does; each is called after the GitHub write succeeded. */
export interface BotObserver {
  verdict?(event: VerdictEvent): void;
  merged?(event: MergeEvent): void;
}

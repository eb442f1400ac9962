import type { Permission } from "../c4/index.ts";
import { hasPermission } from "../c4/permission.ts";
import { markers } from "./community-text.ts";

const DAY_MS = 86_400_000;

/** What a maintainer did in a pull request: opened, merged or reviewed it, and when. */
export interface MaintainerAction {
  login: string;
  at: string;
}

export interface InactiveMaintainer {
  login: string;
  permission: Permission;
  /** The latest action seen, or null when none is in the pull requests read. */
  lastSeen: string | null;
}

export const inactiveTitle = "C4 2.7.4: maintainers without recent activity";

/**
 * C4 2.7.4: "Administrators SHOULD remove Maintainers who are inactive for an
 * extended period of time." Maintainers (`minimum` permission or more) with no
 * action in `days` days, longest quiet first. Pure; reports, never removes.
 */
export function inactiveMaintainers(
  permissions: Map<string, Permission>,
  actions: MaintainerAction[],
  now: Date,
  days: number,
  minimum: Permission,
): InactiveMaintainer[] {
  const last = new Map<string, string>();
  for (const action of actions) {
    const login = action.login.toLowerCase();
    const seen = last.get(login);
    if (!seen || Date.parse(action.at) > Date.parse(seen)) last.set(login, action.at);
  }
  const since = now.getTime() - days * DAY_MS;
  return [...permissions]
    .filter(([login, permission]) => hasPermission(permission, minimum) && !login.endsWith("[bot]"))
    .map(([login, permission]) => ({ login, permission, lastSeen: last.get(login) ?? null }))
    .filter((maintainer) => maintainer.lastSeen === null || Date.parse(maintainer.lastSeen) < since)
    .sort(
      (a, b) =>
        (a.lastSeen ? Date.parse(a.lastSeen) : 0) - (b.lastSeen ? Date.parse(b.lastSeen) : 0) ||
        a.login.localeCompare(b.login),
    );
}

/** The tracking issue's body; an empty list says so, so a stale list never lingers. */
export function renderInactive(list: InactiveMaintainer[], days: number, seen: number): string {
  const head = `${markers.inactiveMaintainers}
C4 2.7.4: administrators SHOULD remove maintainers who are inactive for an extended period. c4bot lists the maintainers (write access or more) who opened, merged or reviewed none of the last ${seen} pull requests in the past ${days} days. It removes no one: that is the administrators' decision, and a maintainer may be active elsewhere (direct discussion, other repositories).`;
  if (list.length === 0) return `${head}\n\nNobody is inactive at the moment.\n`;
  const rows = list.map(
    (m) =>
      `| @${m.login} | ${m.permission} | ${m.lastSeen ? m.lastSeen.slice(0, 10) : "not seen"} |`,
  );
  return `${head}\n\n| maintainer | permission | last seen |\n| --- | --- | --- |\n${rows.join("\n")}\n`;
}

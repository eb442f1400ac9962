import type { Permission } from "./snapshot.ts";

const rank: Record<Permission, number> = {
  none: 0,
  read: 1,
  triage: 2,
  write: 3,
  maintain: 4,
  admin: 5,
};

/** Whether `permission` is at least `minimum` in GitHub's order read < triage < write < maintain < admin. */
export function hasPermission(permission: Permission, minimum: Permission): boolean {
  return rank[permission] >= rank[minimum];
}

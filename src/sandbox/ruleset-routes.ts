import { fail, notFound, ok, type RestKit } from "./rest-kit.ts";

/**
 * Branch rules: the rules that apply to a branch (rulesets, Metadata read
 * permission), and classic branch protection, which needs Administration: the
 * app asks for none, so an installation is refused as GitHub refuses it.
 */
export function addRulesetRoutes(kit: RestKit): void {
  const { store, route, repoOf } = kit;
  route("get /repos/{owner}/{repo}/rules/branches/{branch}", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const rules = store.rulesetsFor(repo, request.params.branch ?? "").flatMap((ruleset) => {
      const source = {
        ruleset_source_type: "Repository",
        ruleset_source: `${repo.owner}/${repo.name}`,
        ruleset_id: ruleset.id,
      };
      return [
        ...(ruleset.requiredChecks.length > 0
          ? [
              {
                type: "required_status_checks",
                parameters: {
                  required_status_checks: ruleset.requiredChecks.map((context) => ({ context })),
                  strict_required_status_checks_policy: false,
                },
                ...source,
              },
            ]
          : []),
        ...(ruleset.mergeQueue
          ? [
              {
                type: "merge_queue",
                parameters: {
                  check_response_timeout_minutes: 60,
                  grouping_strategy: "ALLGREEN",
                  max_entries_to_build: 5,
                  max_entries_to_merge: 5,
                  merge_method: "MERGE",
                  min_entries_to_merge: 1,
                  min_entries_to_merge_wait_minutes: 5,
                },
                ...source,
              },
            ]
          : []),
      ];
    });
    return kit.paged(rules, request);
  });

  route(
    "get /repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks",
    (request) => {
      const repo = repoOf(request);
      if (!repo) return notFound();
      if (request.installationId !== null)
        return fail(403, "Resource not accessible by integration");
      return ok({ strict: false, contexts: [], checks: [] });
    },
  );
}

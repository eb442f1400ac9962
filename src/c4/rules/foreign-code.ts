import type { Rule } from "../result.ts";
import { plural } from "../text.ts";
import { declaredLicences, licenceFamily, vendoredFolderOf } from "./licence-headers.ts";

/** Files named in the message; the rest are counted. */
const SHOWN = 5;

/**
 * C4 2.3.5: "A patch SHALL NOT include non-trivial code from other projects
 * unless the Contributor is the original author of that code." The bot cannot
 * know who wrote a file, so it warns where foreign code shows: a new file
 * whose header declares a licence other than the project's, or new files in a
 * vendored folder (`vendor/`, `third_party/`, `external/`). A person decides.
 */
export const foreignCode: Rule = {
  id: "foreign-code",
  clause: "2.3.5",
  scope: "pull",
  evaluate(snapshot) {
    const added = snapshot.addedFiles;
    if (added === undefined) {
      return { outcome: "skip", message: "The added files were not read." };
    }
    if (added.length === 0) {
      return { outcome: "pass", message: "The patch adds no file." };
    }
    const project = snapshot.licence ? licenceFamily(snapshot.licence) : null;
    const foreign = project
      ? added.flatMap((file) =>
          declaredLicences(file.head)
            .filter((declared) => !declared.families.includes(project))
            .map((declared) => `${file.path} (${declared.label})`),
        )
      : [];
    const folders = [...new Set(added.flatMap((file) => vendoredFolderOf(file.path) ?? []))].map(
      (folder) => `${folder} (a vendored folder)`,
    );
    const found = [...foreign, ...folders];
    if (found.length === 0) {
      return {
        outcome: "pass",
        message: project
          ? `No added file declares a licence other than the project's ${snapshot.licence}.`
          : "The project's licence is unknown to GitHub, so only vendored folders were looked for; none.",
      };
    }
    const shown = found.slice(0, SHOWN).join(", ");
    const more = found.length > SHOWN ? `, and ${found.length - SHOWN} more` : "";
    return {
      outcome: "fail",
      message: `${plural(found.length, "addition")} may be code from another project: ${shown}${more}.`,
      fix: [
        "C4 2.3.5: a patch brings in no non-trivial code from other projects unless you wrote it.",
        `If you wrote it, give it the project's licence header${snapshot.licence ? ` (${snapshot.licence})` : ""} and say so in the pull request.`,
        "If you did not, take it out and depend on the other project instead.",
      ].join("\n"),
    };
  },
};

/** Where C4 (RFC 42, "42/C4") lives, and its sections' anchors. */
export const SPEC_URL = "https://rfc.zeromq.org/spec/42/";

const sections: Record<string, string> = {
  "2.1": "21-preliminaries",
  "2.2": "22-licensing-and-ownership",
  "2.3": "23-patch-requirements",
  "2.4": "24-development-process",
  "2.5": "25-branches-and-releases",
  "2.6": "26-evolution-of-public-contracts",
  "2.7": "27-project-administration",
};

/** A link to the section of the spec that holds `clause` ("2.3.7" → section 2.3). */
export function clauseUrl(clause: string): string {
  const section = clause.split(".").slice(0, 2).join(".");
  const anchor = sections[section];
  return anchor ? `${SPEC_URL}#${anchor}` : SPEC_URL;
}

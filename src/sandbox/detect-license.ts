import type { Node } from "./graphql-nodes.ts";
import { nodeId } from "./rest-shapes.ts";

/**
 * GitHub names a repository's licence (`licenseInfo`) from the licence file
 * on its default branch; this recognises a few texts the way it does, and
 * says `NOASSERTION` ("Other") for a licence file it cannot name.
 */
const files = /^(LICEN[CS]E|COPYING)(\.(md|txt))?$/i;
const texts: [RegExp, string, string][] = [
  [/Mozilla Public License,? (Version|v\.) 2\.0/i, "MPL-2.0", "Mozilla Public License 2.0"],
  [/GNU LESSER GENERAL PUBLIC LICENSE/i, "LGPL-3.0", "GNU Lesser General Public License v3.0"],
  [/GNU GENERAL PUBLIC LICENSE/i, "GPL-3.0", "GNU General Public License v3.0"],
  [/Apache License/i, "Apache-2.0", "Apache License 2.0"],
  [/Permission is hereby granted, free of charge/i, "MIT", "MIT License"],
];

export function licenseInfo(tree: Record<string, string>): Node | null {
  const path = Object.keys(tree).find((name) => files.test(name));
  if (path === undefined) return null;
  const text = tree[path] ?? "";
  const [, spdxId, name] = texts.find(([pattern]) => pattern.test(text)) ?? [
    null,
    "NOASSERTION",
    "Other",
  ];
  return {
    __typename: "License",
    id: nodeId("License", spdxId.length),
    key: spdxId === "NOASSERTION" ? "other" : spdxId.toLowerCase(),
    name,
    spdxId,
    nickname: null,
    url: null,
    pseudoLicense: spdxId === "NOASSERTION",
  };
}

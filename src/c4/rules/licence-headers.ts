/**
 * Reading licence headers for C4 2.3.5. A header names its licence with an
 * SPDX tag (`SPDX-License-Identifier: MPL-2.0`) or with the licence's own
 * words; both are reduced to a family ("mpl", "lgpl", "mit"), because a
 * project's files carry many spellings of one licence.
 */

/** The opening words of well-known licence texts, most specific first. */
const licenceTexts: [RegExp, string][] = [
  [/Mozilla Public License/i, "mpl"],
  [/GNU Lesser General Public License|GNU Library General Public License/i, "lgpl"],
  [/GNU Affero General Public License/i, "agpl"],
  [/GNU General Public License/i, "gpl"],
  [/Apache License/i, "apache"],
  [/Permission is hereby granted, free of charge/i, "mit"],
  [/Redistribution and use in source and binary forms/i, "bsd"],
  [/Boost Software License/i, "bsl"],
  [/released into the public domain/i, "unlicense"],
];

const spdxTag = /SPDX-License-Identifier:\s*([^\r\n]+)/i;

/** The family of an SPDX id: "MPL-2.0" → "mpl", "LGPL-3.0-or-later" → "lgpl", "MIT" → "mit". */
export function licenceFamily(spdxId: string): string {
  return spdxId.trim().toLowerCase().replace(/\+$/, "").split("-")[0] ?? "";
}

/**
 * The licences a file's head declares: the SPDX tag's ids if it has one
 * (`MIT OR Apache-2.0` gives both), else the licence texts it quotes.
 * Empty when it declares none.
 */
export function declaredLicences(head: string): { families: string[]; label: string }[] {
  const tag = spdxTag.exec(head)?.[1];
  if (tag) {
    // Comment closers and trailing punctuation are not part of the expression.
    const expression = tag.replace(/\*\/|-->|\s+$/g, "").trim();
    const ids = expression
      .split(/\s+(?:AND|OR|WITH)\s+|[()]/i)
      .map((id) => id.trim())
      .filter((id) => id.length > 0);
    return [{ families: ids.map(licenceFamily), label: expression }];
  }
  for (const [text, family] of licenceTexts) {
    if (text.test(head)) return [{ families: [family], label: `${family.toUpperCase()} text` }];
  }
  return [];
}

const vendoredFolder = /(?:^|\/)(vendor|vendored|third[_-]?party|3rd[_-]?party|external)\//i;

/** The vendored folder a path lies in ("third_party/"), or null. */
export function vendoredFolderOf(path: string): string | null {
  const match = vendoredFolder.exec(path);
  return match ? path.slice(0, match.index + match[0].length) : null;
}

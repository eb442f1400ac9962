/**
 * A principal check's name as `.github/c4.yml` gives it: an exact name, or a
 * glob where `*` stands for any run of characters and `?` for one, so a
 * matrix (`build (ubuntu-*)`) is named once.
 */
export function matchesCheckName(pattern: string, name: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === name;
  const source = pattern
    .split("")
    .map((char) =>
      char === "*" ? ".*" : char === "?" ? "." : char.replace(/[\\^$.|+()[\]{}]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${source}$`, "su").test(name);
}

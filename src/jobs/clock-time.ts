/** `14:03:07 UTC`: check runs and logs say when, in a zone nobody must guess (issue 21). */
export function clockTime(at: Date): string {
  return `${at.toISOString().slice(11, 19)} UTC`;
}

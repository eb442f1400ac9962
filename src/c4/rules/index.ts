import type { Rule } from "../result.ts";
import { authorAccount } from "./author-account.ts";
import { ciGreen } from "./ci-green.ts";
import { commitMessage } from "./commit-message.ts";
import { defaultBranchGreen } from "./default-branch-green.ts";
import { foreignCode } from "./foreign-code.ts";
import { fromFork } from "./from-fork.ts";
import { noValueJudgement } from "./no-value-judgement.ts";
import { problemStatement } from "./problem-statement.ts";
import { publicContract } from "./public-contract.ts";
import { selfContained } from "./self-contained.ts";
import { selfMerge } from "./self-merge.ts";
import { targetBranch } from "./target-branch.ts";

/** Every rule, in the order a verdict lists them. */
export const rules: readonly Rule[] = [
  problemStatement,
  commitMessage,
  selfContained,
  fromFork,
  targetBranch,
  ciGreen,
  selfMerge,
  noValueJudgement,
  authorAccount,
  foreignCode,
  defaultBranchGreen,
  publicContract,
];

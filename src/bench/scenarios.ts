import { budgetScenario } from "./budget-scenario.ts";
import { checkScenario } from "./check-scenario.ts";
import { contractScenario } from "./contract-scenario.ts";
import { coreScenario } from "./core-scenario.ts";
import { githubScenario } from "./github-scenario.ts";
import { ingestScenario } from "./ingest-scenario.ts";
import type { Scenario } from "./scenario.ts";
import { workerScenario } from "./worker-scenario.ts";

/** Every scenario `c4bot bench run` knows, in the order it runs them. */
export const scenarios: readonly Scenario[] = [
  checkScenario,
  // Issue 19: the public-contract guard on libzmq-sized inputs.
  contractScenario,
  coreScenario,
  // Issue 5: webhook ingest, GitHub requests per evaluation, the selfcheck's cheap scenario.
  ingestScenario,
  githubScenario,
  workerScenario,
  // GitHub's rate limits: what users feel (minutes, not seconds: run it with --scenario budget).
  budgetScenario,
];

import { checkScenario } from "./check-scenario.ts";
import { coreScenario } from "./core-scenario.ts";
import type { Scenario } from "./scenario.ts";

/** Every scenario `c4bot bench run` knows, in the order it runs them. */
export const scenarios: readonly Scenario[] = [checkScenario, coreScenario];

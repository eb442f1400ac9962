import type { World } from "../e2e/world.ts";
import { appJwt } from "../sandbox/sandbox-helpers.ts";

/** An installation token from the simulator, as a user's token would be. */
export async function installationToken(world: World): Promise<string> {
  const { sim } = world;
  const response = await fetch(
    `${sim.apiUrl}/app/installations/${sim.installationId}/access_tokens`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${appJwt(sim.appId, sim.privateKey)}` },
    },
  );
  return ((await response.json()) as { token: string }).token;
}

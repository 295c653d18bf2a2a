/** Every stack file of a project, simulated, for the names each would take in its account. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../config/read";
import { PlanError } from "../components/shared/plan";
import { StackFootprint, uniqueNames } from "./collisions";
import { StackFileSimulation, simulateStackFile } from "./simulate";
import { pinnedAccounts, stackFileNames } from "./stackFile";

/**
 * What a simulated stack file would take in its account.
 *
 * @param stack - the stack's name
 * @param simulation - its simulation with the stack file's own account and region
 */
export function footprintOf(stack: string, simulation: StackFileSimulation): StackFootprint {
  return {
    file: `Pulumi.${stack}.yaml`,
    namePrefix: simulation.settings.namePrefix,
    accounts: pinnedAccounts(simulation.raw["aws:allowedAccountIds"]).ids,
    names: uniqueNames(simulation.registered, simulation.context.region),
  };
}

/**
 * Footprints by stack file and content: a plan checks every other stack file, and one process (the
 * tests) plans the same files many times over.
 */
const footprints = new Map<string, Promise<StackFootprint | undefined>>();

/** The stack files checked together with the planned one, and those that could not be. */
export interface ProjectFootprints {
  readonly footprints: readonly StackFootprint[];
  /** Stack files that do not plan (their own plan says why), so were not checked. */
  readonly unchecked: readonly string[];
}

/**
 * Every stack file's footprint, each simulated with its own account and region, once per content.
 *
 * @param directory - the project directory
 * @param known - footprints already at hand by stack (the planned stack's, from its own simulation)
 */
export async function projectFootprints(
  directory: string,
  known: ReadonlyMap<string, StackFootprint> = new Map(),
): Promise<ProjectFootprints> {
  const found: StackFootprint[] = [];
  const unchecked: string[] = [];
  // One after another: each simulation installs the process's Pulumi mocks.
  for (const stack of stackFileNames(directory)) {
    const footprint = await memoizedFootprint(directory, stack, known.get(stack));
    if (footprint) found.push(footprint);
    else unchecked.push(`Pulumi.${stack}.yaml`);
  }
  return { footprints: found, unchecked };
}

function memoizedFootprint(
  directory: string,
  stack: string,
  known: StackFootprint | undefined,
): Promise<StackFootprint | undefined> {
  const file = join(directory, `Pulumi.${stack}.yaml`);
  const key = `${file}\u0000${readFileSync(file, "utf8")}`;
  if (known) footprints.set(key, Promise.resolve(known));
  let footprint = footprints.get(key);
  if (!footprint) {
    footprint = simulateStackFile(directory, stack).then(
      (simulation) => footprintOf(stack, simulation),
      (error: unknown) => {
        if (error instanceof ConfigError || error instanceof PlanError) return undefined;
        throw error;
      },
    );
    footprints.set(key, footprint);
  }
  return footprint;
}

/**
 * The heavy half of the offline plan: Pulumi, the AWS provider and the components, loaded only once
 * the config is valid (so a broken stack file is reported in a fraction of a second).
 */
import * as pulumi from "@pulumi/pulumi";
import { buildStack, planStack, platformSettings, StackPlan } from "../components/stack";
import { PlatformSettings } from "../components/shared/plan";
import { StackConfig, projectName } from "../config/schema";
import { ArnContext, iamCatalog } from "../iam";
import { RecordingMocks, RegisteredResource, registrationsSettled } from "./mocks";

export interface Simulation {
  readonly plan: StackPlan;
  readonly settings: PlatformSettings;
  readonly registered: readonly RegisteredResource[];
  /** The stack outputs, resolved (the mocks answer every value, so none stays unknown). */
  readonly outputs: Record<string, unknown>;
}

/**
 * Validates every document (throws PlanError), then runs the stack under mocks. `providerConfig`
 * holds the stack file's other namespaces (databricks:host, aws:region) as the engine passes them.
 */
export async function simulateStack(
  stack: string,
  config: StackConfig,
  context: ArnContext,
  providerConfig: Record<string, string>,
): Promise<Simulation> {
  pulumi.runtime.setAllConfig(providerConfig);
  const catalog = iamCatalog();
  const settings = platformSettings(config, context);
  const plan = planStack(config, settings, catalog);
  const mocks = new RecordingMocks(context);
  // Not a preview: the mocks answer every value, so every output resolves and can be shown.
  await pulumi.runtime.setMocks(mocks, projectName, stack, false);
  const outputs = await resolved(buildStack(config, context, catalog));
  await registrationsSettled();
  return { plan, settings, registered: mocks.registered, outputs };
}

/** Nested outputs as plain values. */
function resolved(outputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    pulumi.output(outputs).apply((plain) => resolve(plain as Record<string, unknown>)),
  );
}

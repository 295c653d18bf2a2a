/** The offline plan's run of the stack: the real program under Pulumi's mock runtime. */
import * as pulumi from "@pulumi/pulumi";
import { planStack, registerStack, StackConfig, StackPlan } from "../components/stack";
import { PlatformSettings } from "../components/shared/plan";
import { projectName } from "../config/read";
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
 * Plans and validates every document (throws PlanError), then registers the same plan under mocks.
 * `providerConfig` holds the stack file's other namespaces (databricks:host, aws:region) as the
 * engine passes them.
 */
export async function simulateStack(
  stack: string,
  config: StackConfig,
  context: ArnContext,
  providerConfig: Record<string, string>,
): Promise<Simulation> {
  pulumi.runtime.setAllConfig(providerConfig);
  const planned = planStack(config, context, iamCatalog());
  const mocks = new RecordingMocks(context);
  // Not a preview: the mocks answer every value, so every output resolves and can be shown.
  await pulumi.runtime.setMocks(mocks, projectName, stack, false);
  const outputs = await resolved(registerStack(planned));
  await registrationsSettled();
  return { plan: planned.plan, settings: planned.settings, registered: mocks.registered, outputs };
}

/** Nested outputs as plain values. */
function resolved(outputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    pulumi.output(outputs).apply((plain) => resolve(plain as Record<string, unknown>)),
  );
}

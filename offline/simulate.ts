/** The offline plan's run of the stack: the real program under Pulumi's mock runtime. */
import * as pulumi from "@pulumi/pulumi";
import { planStack, readStack, registerStack, StackConfig, StackPlan } from "../components/stack";
import { PlatformSettings } from "../components/shared/plan";
import { projectName } from "../config/read";
import { ArnContext, iamCatalog } from "../iam";
import { RecordingMocks, RegisteredResource, registrationsSettled } from "./mocks";
import { ContextOverrides, offlineContext, readStackFile } from "./stackFile";

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

/** A stack file's simulation, with what it was read from. */
export interface StackFileSimulation extends Simulation {
  /** The stack file's config block (see `readStackFile`). */
  readonly raw: Record<string, unknown>;
  readonly context: ArnContext;
}

/**
 * Reads, validates and simulates `Pulumi.<stack>.yaml` (throws ConfigError/PlanError).
 *
 * @param directory - the project directory
 * @param stack - the stack's name
 * @param overrides - account, region and partition to render instead of the stack file's
 * @param warn - what to do with the file's warnings (an unknown namespace); default: nothing
 */
export async function simulateStackFile(
  directory: string,
  stack: string,
  overrides: ContextOverrides = {},
  warn: (warning: string) => void = () => undefined,
): Promise<StackFileSimulation> {
  const raw = readStackFile(directory, stack);
  // Every problem of the file at once: aws:* keys, the schema, and the sections' plans (readStack).
  const { config, arn: context } = await readStack(raw, {
    arnContext: () => offlineContext(overrides, raw),
    warn,
  });
  // Providers' own keys (databricks:host, aws:region) reach the program as the engine would pass them.
  const providerConfig = Object.fromEntries(
    Object.entries(raw)
      .filter(([key]) => !key.startsWith(`${projectName}:`))
      .map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
  );
  return { ...(await simulateStack(stack, config, context, providerConfig)), raw, context };
}

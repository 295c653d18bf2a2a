/**
 * The stack, assembled from the list of sections: its config schema, its plan and its resources.
 * Tests call {@link buildStack} with any config; `index.ts` calls it with the stack's own.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "../config/zod";
import { ConfigError, ReadOptions, parseConfig, readConfig } from "../config/read";
import { ArnContext, IamCatalog, iamCatalog } from "../iam";
import { sections } from "./sections";
import { platformSettings, settingsProblems, settingsShape } from "./settings";
import { ComponentSpec, Registered } from "./shared/component";
import { DeployerPolicies, deployerPolicies, iamDeployerStatements } from "./shared/deployer";
import { PlanError, PlatformSettings, PolicyPlan, RolePlan, planProblems } from "./shared/plan";
import { Section, SectionComponents } from "./shared/section";

type Sections = (typeof sections)[number];
type SectionKey = Sections["key"];

/** `mlops-iam:<section key>` for every section, each optional. */
type SectionsShape = { [S in Sections as S["key"]]: z.ZodOptional<S["schema"]> };

/**
 * The whole stack config (`mlops-iam:*` in `Pulumi.<stack>.yaml`) as one schema, so it is validated
 * in one pass and every problem is reported at once. Unknown keys are errors at every level: a typo
 * must not silently fall back to a default.
 */
export const stackConfigSchema = z.strictObject({
  ...settingsShape,
  ...(Object.fromEntries(
    sections.map((section) => [section.key, section.schema.optional()]),
  ) as SectionsShape),
});

/** The validated config, with defaults applied: what {@link buildStack} takes. */
export type StackConfig = z.output<typeof stackConfigSchema>;

/** The config as a user writes it (defaults may be omitted), for tests and examples. */
export type StackConfigInput = z.input<typeof stackConfigSchema>;

/** Validates a stack's raw `mlops-iam:*` config (see {@link parseConfig}); throws a ConfigError. */
export function parseStackConfig(
  raw: Readonly<Record<string, unknown>>,
  options: ReadOptions = {},
): StackConfig {
  return parseConfig(stackConfigSchema, raw, options);
}

/** How {@link readStack} learns where the stack deploys, and what it tells besides errors. */
export interface ReadStackOptions extends ReadOptions {
  /** The stack's ARN context; a {@link ConfigError} it throws joins the config's problems. */
  readonly arnContext: () => ArnContext | Promise<ArnContext>;
  /** Receives each warning (a namespace nobody reads); default `pulumi.log.warn`. */
  readonly warn?: (message: string) => void;
  readonly catalog?: IamCatalog;
}

/**
 * Reads a stack's raw config and where it deploys, in one pass: the providers' keys, the schema,
 * the ARN context, and, when any of those has a problem, the plan of every section that parsed on
 * its own (catalog and quota problems), all in one {@link ConfigError}, so that fixing one round
 * of problems never reveals the next. A valid config is returned unplanned: {@link planStack}
 * plans it once.
 */
export async function readStack(
  raw: Readonly<Record<string, unknown>>,
  options: ReadStackOptions,
): Promise<{ readonly config: StackConfig; readonly arn: ArnContext }> {
  const reading = readConfig(stackConfigSchema, raw, options);
  const warn = options.warn ?? ((message: string) => void pulumi.log.warn(message));
  reading.warnings.forEach((warning) => warn(warning));
  const problems = [...reading.problems];
  let arn: ArnContext | undefined;
  try {
    arn = await options.arnContext();
  } catch (error) {
    if (error instanceof ConfigError) problems.push(...error.problems);
    // Without a config problem to report, the failure to learn the context is the error itself.
    else if (problems.length === 0) throw error;
  }
  if (problems.length === 0 && reading.value !== undefined && arn) return { config: reading.value, arn };
  // Sections are planned with the settings (names, path, quotas): only when those parsed.
  if (arn && Object.keys(settingsShape).every((key) => key in reading.parsed)) {
    problems.push(...stackPlan(reading.parsed as StackConfig, arn, options.catalog ?? iamCatalog()).problems);
  }
  throw new ConfigError(problems);
}

/** What one section registers in IAM. */
export interface SectionPlan {
  readonly roles: readonly RolePlan[];
  readonly policies: readonly PolicyPlan[];
}

/** Each configured section's plan, keyed by section. */
export type StackPlan = Partial<Record<SectionKey, SectionPlan>>;

/** The stack's components, planned and validated, ready to register. */
export interface PlannedStack {
  readonly settings: PlatformSettings;
  readonly plan: StackPlan;
  /** The policies of the roles that preview and deploy the stack (components/shared/deployer.ts). */
  readonly deployer: DeployerPolicies;
  readonly sections: readonly { readonly key: SectionKey; readonly components: SectionComponents }[];
}

/** A section's roles and policies, for a config of it (tests and tools; the stack plans all at once). */
export function planSection<K extends string, S extends z.ZodType>(
  section: Section<K, S>,
  config: z.output<S>,
  settings: PlatformSettings,
  catalog: IamCatalog,
): SectionPlan & { readonly problems: readonly string[] } {
  const components = section.components(config, settings, catalog);
  return { ...sectionPlan(components), problems: components.problems ?? [] };
}

function sectionPlan(components: SectionComponents): SectionPlan {
  return {
    roles: components.components.flatMap((spec) => spec.plans.roles),
    policies: components.components.flatMap((spec) => spec.plans.policies),
  };
}

/**
 * Plans every configured section once and validates every document against the catalog and the
 * quotas. Throws a {@link PlanError} with all problems together; registers nothing.
 */
export function planStack(
  config: StackConfig,
  arn: ArnContext,
  catalog: IamCatalog = iamCatalog(),
): PlannedStack {
  const { stack, problems, configRefused } = stackPlan(config, arn, catalog);
  // A section that refused config the schema cannot check (a provider's key) makes it a config error.
  if (problems.length > 0) throw configRefused ? new ConfigError(problems) : new PlanError(problems);
  return stack;
}

/**
 * The plan of every section the config holds and every problem of it: a section that refuses its
 * config (a component's PlanError, a missing provider key's ConfigError) adds its problems and is
 * left out, so the other sections are still validated.
 */
function stackPlan(
  config: StackConfig,
  arn: ArnContext,
  catalog: IamCatalog,
): { stack: PlannedStack; problems: string[]; configRefused: boolean } {
  const settings = platformSettings(config, arn);
  const planned: { key: SectionKey; components: SectionComponents }[] = [];
  const refused: string[] = [];
  let configRefused = false;
  for (const section of sections as readonly Section<SectionKey>[]) {
    const sectionConfig = config[section.key];
    if (sectionConfig === undefined) continue;
    try {
      planned.push({ key: section.key, components: section.components(sectionConfig, settings, catalog) });
    } catch (error) {
      if (!(error instanceof PlanError || error instanceof ConfigError)) throw error;
      refused.push(...error.problems);
      configRefused ||= error instanceof ConfigError;
    }
  }
  const plan: StackPlan = Object.fromEntries(
    planned.map(({ key, components }) => [key, sectionPlan(components)]),
  );
  const all = Object.values(plan) as SectionPlan[];
  const problems = [
    ...settingsProblems(config, arn),
    ...refused,
    ...planned.flatMap(({ components }) => components.problems ?? []),
    ...planProblems(
      {
        roles: all.flatMap((section) => section.roles),
        policies: all.flatMap((section) => section.policies),
      },
      settings,
      catalog,
    ),
  ];
  const deployer = deployerPolicies(
    [
      ...iamDeployerStatements(settings, {
        roles: all.flatMap((section) => section.roles),
        policies: all.flatMap((section) => section.policies),
      }),
      ...planned.flatMap(({ components }) => components.deployer ?? []),
    ],
    catalog,
  );
  return { stack: { settings, plan, sections: planned, deployer }, problems, configRefused };
}

/** Registers a planned stack's components, in order; returns the stack outputs by section. */
export function registerStack(planned: PlannedStack): Record<string, unknown> {
  const registered = new Map<ComponentSpec<unknown>, unknown>();
  const lookup: Registered = <R>(spec: ComponentSpec<R>) => {
    if (!registered.has(spec)) throw new Error(`component ${spec.name} is used before it is registered`);
    return registered.get(spec) as R;
  };
  const outputs: Record<string, unknown> = {};
  for (const { key, components } of planned.sections) {
    for (const spec of components.components) registered.set(spec, spec.register(lookup));
    outputs[key] = pulumi.output(components.outputs(lookup));
  }
  outputs.deployer = {
    policy: JSON.stringify(planned.deployer.deploy, undefined, 2),
    previewPolicy: JSON.stringify(planned.deployer.preview, undefined, 2),
  };
  return outputs;
}

/** Plans and validates the whole stack, then registers it; returns the stack outputs. */
export function buildStack(
  config: StackConfig,
  arn: ArnContext,
  catalog: IamCatalog = iamCatalog(),
): Record<string, unknown> {
  return registerStack(planStack(config, arn, catalog));
}

/**
 * The stack, assembled from the list of sections: its config schema, its plan and its resources.
 * Tests call {@link buildStack} with any config; `index.ts` calls it with the stack's own.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseConfig } from "../config/read";
import { ArnContext, IamCatalog, iamCatalog } from "../iam";
import { sections } from "./sections";
import { platformSettings, settingsProblems, settingsShape } from "./settings";
import { ComponentSpec, Registered } from "./shared/component";
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
export function parseStackConfig(raw: Readonly<Record<string, unknown>>): StackConfig {
  return parseConfig(stackConfigSchema, raw);
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
  const settings = platformSettings(config, arn);
  const planned: { key: SectionKey; components: SectionComponents }[] = [];
  for (const section of sections as readonly Section<SectionKey>[]) {
    const sectionConfig = config[section.key];
    if (sectionConfig !== undefined) {
      planned.push({ key: section.key, components: section.components(sectionConfig, settings, catalog) });
    }
  }
  const plan: StackPlan = Object.fromEntries(
    planned.map(({ key, components }) => [key, sectionPlan(components)]),
  );
  const all = Object.values(plan) as SectionPlan[];
  const problems = [
    ...settingsProblems(config, arn),
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
  if (problems.length > 0) throw new PlanError(problems);
  return { settings, plan, sections: planned };
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

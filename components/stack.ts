/**
 * Builds the whole stack from a validated config. Tests call {@link buildStack} with any config;
 * `index.ts` calls it with the stack's own.
 */
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config/schema";
import { ArnContext, IamCatalog, defaultQuotas, iamCatalog } from "../iam";
import { databricksSection } from "./databricks";
import { mlflowSection } from "./mlflow";
import { pipelinesSection } from "./pipelines";
import {
  PlanError,
  PlatformSettings,
  policyPlanProblems,
  quotaSettingsProblems,
  rolePlanProblems,
} from "./shared/plan";
import { SectionPlan, StackSection } from "./shared/section";

type SectionKey = "mlflow" | "pipelines" | "databricks";

const sections: { [K in SectionKey]: StackSection<NonNullable<StackConfig[K]>> } = {
  mlflow: mlflowSection,
  pipelines: pipelinesSection,
  databricks: databricksSection,
};

/** The settings every component shares, from the config and where the stack deploys. */
export function platformSettings(config: StackConfig, arn: ArnContext): PlatformSettings {
  return {
    namePrefix: config.namePrefix,
    tags: config.tags,
    permissionsBoundaryArn: config.permissionsBoundaryArn,
    rolePath: config.rolePath,
    protect: config.protect,
    quotas: {
      ...defaultQuotas,
      trustPolicySize: config.quotas.trustPolicySize,
      managedPoliciesPerRole: config.quotas.managedPoliciesPerRole,
    },
    arn,
  };
}

/** Each configured section's plan, keyed by section. */
export type StackPlan = Partial<Record<SectionKey, SectionPlan>>;

/**
 * Plans every configured section and validates every document against the catalog and the quotas.
 * Throws a {@link PlanError} with all problems together; registers nothing.
 */
export function planStack(config: StackConfig, settings: PlatformSettings, catalog: IamCatalog): StackPlan {
  const plan: StackPlan = {};
  for (const key of configuredSections(config)) {
    plan[key] = sections[key].plan(config[key] as never, settings, catalog);
  }
  const all = Object.values(plan);
  const roles = all.flatMap((section) => section.roles);
  const policies = all.flatMap((section) => section.policies);
  const problems = [
    ...quotaSettingsProblems(settings.quotas),
    ...all.flatMap((section) => section.problems ?? []),
    ...duplicates(roles.map((role) => role.name)).map((name) => `two roles would be named ${name}`),
    ...duplicates(policies.map((policy) => policy.name)).map((name) => `two policies would be named ${name}`),
    ...roles.flatMap((role) => rolePlanProblems(role, settings, catalog)),
    ...policies.flatMap((policy) => policyPlanProblems(policy, settings, catalog)),
  ];
  if (problems.length > 0) throw new PlanError(problems);
  return plan;
}

/** Validates the whole plan, then registers every configured section; returns the stack outputs. */
export function buildStack(
  config: StackConfig,
  arn: ArnContext,
  catalog: IamCatalog = iamCatalog(),
): Record<string, unknown> {
  const settings = platformSettings(config, arn);
  planStack(config, settings, catalog);
  const outputs: Record<string, unknown> = {};
  for (const key of configuredSections(config)) {
    outputs[key] = pulumi.output(sections[key].deploy(config[key] as never, settings, catalog));
  }
  return outputs;
}

function configuredSections(config: StackConfig): SectionKey[] {
  return (Object.keys(sections) as SectionKey[]).filter((key) => config[key] !== undefined);
}

function duplicates(names: string[]): string[] {
  return [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
}

/** Stack config for tests: keys as a user writes them in a stack file, without `mlops-iam:`. */
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { ConfigError } from "../../config/read";
import { parseStackConfig } from "../../components/stack";
import { StackConfig } from "../../components/stack";
import { readStackFile } from "../../offline/plan";

/** Validates config keyed without the `mlops-iam:` prefix. */
export function parseConfig(config: Record<string, unknown>): StackConfig {
  return parseStackConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`mlops-iam:${k}`, v])));
}

/** The problems a config is rejected with; fails the test when it is accepted. */
export function configProblems(config: Record<string, unknown>): readonly string[] {
  try {
    parseConfig(config);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail(`config was accepted: ${JSON.stringify(config)}`);
}

/** The `mlops-iam:*` config of `Pulumi.<stack>.yaml`, keyed without the prefix. */
export function stackFileConfig(stack = "dev"): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(readStackFile(join(__dirname, "..", ".."), stack))
      .filter(([key]) => key.startsWith("mlops-iam:"))
      .map(([key, value]) => [key.slice("mlops-iam:".length), value]),
  );
}

/**
 * A `pipelines.teams` entry for the team whose members build and upsert pipeline `churn-train` from
 * notebooks, attached to the existing role `roleName`.
 */
export function pipelineDevelopersTeam(roleName: string): Record<string, unknown> {
  return {
    name: "ops",
    prefix: "ops",
    stepTypes: ["training"],
    pipelineNames: ["churn-train"],
    passPipelineRoles: true,
    managePipelines: true,
    attachToRoles: [roleName],
  };
}

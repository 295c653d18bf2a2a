import { strict as assert } from "node:assert";
import { ConfigError } from "../config/read";
import { mocks } from "./support/setup";
import { stackFileConfig } from "./support/config";
import { buildTestStack, sharedTestStack } from "./support/stack";

/** The same config with every list in reverse order, at every depth. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed).reverse();
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, reversed(inner)]));
  }
  return value;
}

describe("the whole stack", () => {
  it("registers the components of every configured section", async () => {
    const stack = await sharedTestStack(stackFileConfig());
    const components = new Set(
      stack.resources.filter((r) => r.type.startsWith("mlops-iam:index:")).map((r) => r.type),
    );
    for (const type of [
      "MlflowTrackingServerRole",
      "MlflowServiceRole",
      "MlflowAccessPolicy",
      "PipelineExecutionRole",
      "PipelineStepRole",
      "PipelineTeamPolicy",
      "DatabricksDeploymentRole",
      "DatabricksWorkspacePassRole",
    ]) {
      assert.ok(components.has(`mlops-iam:index:${type}`), `the dev stack registers a ${type}`);
    }
    assert.deepEqual(Object.keys(stack.outputs).sort(), ["databricks", "mlflow", "pipelines"]);
  });

  it("puts the stack's tags and path on every role and policy", async () => {
    const stack = await sharedTestStack(stackFileConfig());
    const iam = stack.resources.filter(
      (r) => r.type === "aws:iam/role:Role" || r.type === "aws:iam/policy:Policy",
    );
    assert.ok(iam.length > 5);
    for (const resource of iam) {
      assert.equal(resource.inputs.path, "/ml-platform/", `${resource.name} path`);
      assert.equal(
        (resource.inputs.tags as Record<string, string>).team,
        "ml-platform",
        `${resource.name} tags`,
      );
      assert.match(resource.inputs.name as string, /^acme-dev-/, `${resource.name} name`);
    }
  });

  it("renames and rewrites nothing when every config list is reordered", async () => {
    const identity = (stack: Awaited<ReturnType<typeof buildTestStack>>) =>
      stack.resources
        .map(
          (r) =>
            `${r.type} ${r.name} ${r.inputs.name ?? ""} ${r.inputs.policy ?? r.inputs.assumeRolePolicy ?? ""}`,
        )
        .sort();
    const original = identity(await sharedTestStack(stackFileConfig()));
    const reordered = identity(await buildTestStack(reversed(stackFileConfig()) as Record<string, unknown>));
    assert.ok(original.length > 20);
    assert.deepEqual(reordered, original);
  });

  it("registers nothing when any section's config is invalid, and names every bad key", async () => {
    const config = stackFileConfig();
    const broken = {
      ...config,
      mlflow: { ...(config.mlflow as object), trackingServers: ["bad_name"] },
      databricks: { ...(config.databricks as object), sagemakerAccess: "everything" },
    };
    mocks.reset();
    await assert.rejects(buildTestStack(broken), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.ok(error.problems.some((p) => p.startsWith("mlops-iam:mlflow.trackingServers[0]:")));
      assert.ok(error.problems.some((p) => p.startsWith("mlops-iam:databricks.sagemakerAccess:")));
      return true;
    });
    assert.deepEqual(mocks.registered, []);
  });
});

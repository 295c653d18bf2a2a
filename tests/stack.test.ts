import { strict as assert } from "node:assert";
import { planningLog } from "../components/shared/plan";
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
    assert.deepEqual(Object.keys(stack.outputs).sort(), ["databricks", "deployer", "mlflow", "pipelines"]);
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

describe("one planning pass", () => {
  /** The names planned or validated other than exactly once. */
  const notOnce = (counts: ReadonlyMap<string, number>) =>
    [...counts.entries()].filter(([, n]) => n !== 1).map(([name, n]) => `${name}: ${n}`);

  it("plans and validates every role and policy of the dev stack exactly once", async () => {
    planningLog.reset();
    const stack = await buildTestStack(stackFileConfig());
    const iamNames = [...stack.ofType("aws:iam/role:Role"), ...stack.ofType("aws:iam/policy:Policy")].map(
      (resource) => resource.inputs.name as string,
    );
    const roles = stack.ofType("aws:iam/role:Role").map((r) => r.inputs.name as string);
    assert.ok(roles.length >= 6, "the dev stack has its roles");
    assert.ok(planningLog.planned.size >= roles.length, "the log saw the stack's plans");
    assert.deepEqual(notOnce(planningLog.planned), []);
    assert.deepEqual(notOnce(planningLog.validated), []);
    assert.deepEqual([...planningLog.planned.keys()].sort(), [...planningLog.validated.keys()].sort());
    // Every role and every stand-alone policy registered was planned (a role's own policies carry its name).
    for (const name of iamNames) {
      const planned = [...planningLog.planned.keys()].some(
        (plan) => name === plan || name.startsWith(`${plan}-`),
      );
      assert.ok(planned, `${name} was planned`);
    }
  });
});

describe("IAM names taken twice", () => {
  it("rejects names equal but for case, which IAM refuses as taken", async () => {
    await assert.rejects(
      buildTestStack({
        namePrefix: "acme-dev",
        pipelines: {
          stepTypes: ["training"],
          teams: [
            { name: "fraud", prefix: "fraud", stepTypes: ["training"] },
            { name: "Fraud", prefix: "risk", stepTypes: ["training"] },
          ],
        },
      }),
      /two policies would be named acme-dev-pipelines-team-fraud and acme-dev-pipelines-team-Fraud: IAM names are unique regardless of case/,
    );
  });

  it("rejects a packed part's generated name that a configured policy already has", async () => {
    const servers = Array.from({ length: 150 }, (_, i) => `mlflow-${String(i).padStart(3, "0")}`);
    await assert.rejects(
      buildTestStack({
        namePrefix: "acme-dev",
        mlflow: {
          trackingServers: servers,
          artifactBuckets: ["acme-mlflow-artifacts-dev"],
          serviceRole: { enabled: false },
          accessPolicies: [
            { name: "readers", level: "read" },
            { name: "readers-2", level: "read", trackingServers: ["mlflow-000"] },
          ],
        },
      }),
      /two policies would be named acme-dev-mlflow-access-readers-2/,
    );
  });
});

import { strict as assert } from "node:assert";
import { MlflowAccessPolicy, mlflowSection } from "../components/mlflow";
import { MlflowConfigInput, mlflowConfigSchema } from "../components/mlflow/config";
import { mlflowActionsForLevel } from "../components/mlflow/documents";
import {
  PlanError,
  policyPlanProblems,
  quotasOf,
  rolePlanProblems,
  rolePolicies,
} from "../components/shared/plan";
import { platformSettings } from "../components/settings";
import { ConfigError } from "../config/read";
import { parseStackConfig, planSection } from "../components/stack";
import { actionsOf, iamCatalog } from "../iam";
import { registrationsSettled } from "../offline/mocks";
import { mocks, testContext } from "./support/setup";
import { buildTestStack } from "./support/stack";

const catalogActions = () => iamCatalog().actionsWhere({ service: "sagemaker-mlflow" });

const base: MlflowConfigInput = {
  trackingServers: ["mlflow-dev"],
  artifactBuckets: ["acme-mlflow-artifacts-dev"],
};

function parse(mlflow: unknown) {
  return parseStackConfig({ "mlops-iam:namePrefix": "acme-dev", "mlops-iam:mlflow": mlflow });
}

/** The problems a config is rejected with, at config parsing or at planning. */
async function problemsOf(mlflow: unknown): Promise<readonly string[]> {
  try {
    await buildTestStack({ namePrefix: "acme-dev", mlflow });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof PlanError) return error.problems;
    throw error;
  }
  assert.fail(`config was accepted: ${JSON.stringify(mlflow)}`);
}

describe("mlflow: config", () => {
  it("applies defaults: both roles on, registry sync on, no policies", () => {
    const config = parse(base).mlflow!;
    assert.equal(config.trackingServerRole.enabled, true);
    assert.equal(config.trackingServerRole.trustSourceAccountOnly, false);
    // manageTrackingServers is true where it applies (an enabled service role), and unset here.
    assert.deepEqual(config.serviceRole, { enabled: true, trustedPrincipals: [] });
    assert.equal(config.modelRegistrySync, true);
    assert.equal(config.allowAllTrackingServers, false);
    assert.deepEqual(config.accessPolicies, []);
    assert.deepEqual(config.apps.ids, []);
  });

  it("decodes the section as the Pulumi engine passes it (JSON text)", () => {
    assert.deepEqual(parse(JSON.stringify(base)).mlflow?.trackingServers, ["mlflow-dev"]);
  });

  const invalid: [string, unknown, RegExp][] = [
    [
      "an unknown access level",
      { ...base, accessPolicies: [{ name: "readers", level: "reader" }] },
      /^mlops-iam:mlflow\.accessPolicies\[0\]\.level: expected one of read, write, admin, got "reader"$/,
    ],
    [
      "a policy with both level and actions",
      { ...base, accessPolicies: [{ name: "x", level: "read", actions: ["sagemaker-mlflow:GetRun"] }] },
      /^mlops-iam:mlflow\.accessPolicies\[0\]\.level: expected either level .* or actions/,
    ],
    [
      "an action of another service",
      { ...base, accessPolicies: [{ name: "x", actions: ["sagemaker-mlflow:GetRun", "s3:GetObject"] }] },
      /^mlops-iam:mlflow\.accessPolicies\[0\]\.actions\[1\]: expected a sagemaker-mlflow action .*got "s3:GetObject"$/,
    ],
    [
      "a misspelt action, with the nearest real one",
      { ...base, accessPolicies: [{ name: "x", actions: ["sagemaker-mlflow:GetRuns"] }] },
      /^mlops-iam:mlflow\.accessPolicies\[0\]\.actions\[0\]: expected a sagemaker-mlflow action that exists, got "sagemaker-mlflow:GetRuns"; did you mean sagemaker-mlflow:GetRun\?$/,
    ],
    [
      "a wildcard that matches nothing",
      { ...base, accessPolicies: [{ name: "x", actions: ["sagemaker-mlflow:Frobnicate*"] }] },
      /^mlops-iam:mlflow\.accessPolicies\[0\]\.actions\[0\]: expected a pattern that matches/,
    ],
    [
      "a tracking-server name with an underscore",
      { ...base, trackingServers: ["mlflow_dev"] },
      /^mlops-iam:mlflow\.trackingServers\[0\]: expected a tracking-server name: 1-256 .*got "mlflow_dev"$/,
    ],
    [
      "a tracking-server name ending in a hyphen",
      { ...base, trackingServers: ["mlflow-"] },
      /^mlops-iam:mlflow\.trackingServers\[0\]: expected a tracking-server name/,
    ],
    [
      "a tracking-server name of 257 characters",
      { ...base, trackingServers: ["a".repeat(257)] },
      /^mlops-iam:mlflow\.trackingServers\[0\]: expected a tracking-server name/,
    ],
    [
      "an empty bucket list while the tracking-server role is enabled",
      { trackingServers: ["mlflow-dev"] },
      /^mlops-iam:mlflow\.artifactBuckets: expected at least one artifact bucket while trackingServerRole\.enabled is true/,
    ],
    [
      '"*" as a server name without the opt-in',
      { ...base, trackingServers: ["*"] },
      /^mlops-iam:mlflow\.trackingServers: expected .*"\*" \(every server of the account\) only with allowAllTrackingServers: true/,
    ],
    [
      "two access policies with the same name",
      {
        ...base,
        accessPolicies: [
          { name: "readers", level: "read" },
          { name: "readers", level: "write" },
        ],
      },
      /^mlops-iam:mlflow\.accessPolicies\[1\]\.name: expected a policy name not used by another access policy, got "readers"$/,
    ],
    [
      "an access policy naming a server not in trackingServers",
      { ...base, accessPolicies: [{ name: "r", level: "read", trackingServers: ["mlflow-prod"] }] },
      /^mlops-iam:mlflow\.accessPolicies\[0\]\.trackingServers: expected names listed in mlflow\.trackingServers \(mlflow-dev\), got "mlflow-prod"$/,
    ],
    [
      "an invalid bucket name",
      { ...base, artifactBuckets: ["Acme_Artifacts"] },
      /^mlops-iam:mlflow\.artifactBuckets\[0\]: expected an S3 bucket name/,
    ],
    [
      "a KMS alias instead of a key ARN",
      { ...base, artifactKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/mlflow" },
      /^mlops-iam:mlflow\.artifactKmsKeyArn: expected the ARN of a KMS key .*not an alias/,
    ],
    [
      "a trusted principal that is not an ARN",
      { ...base, serviceRole: { trustedPrincipals: ["DataScientist"] } },
      /^mlops-iam:mlflow\.serviceRole\.trustedPrincipals\[0\]: expected the ARN of an IAM role, user or account root/,
    ],
    [
      "managing servers without a role to pass",
      { ...base, trackingServerRole: { enabled: false } },
      /^mlops-iam:mlflow\.trackingServerRole\.enabled: expected true while servers or apps are managed here/,
    ],
    [
      "an unknown ML activity",
      { ...base, domainRoles: [{ name: "Exec", activities: ["useMLflow"] }] },
      /^mlops-iam:mlflow\.domainRoles\[0\]\.activities\[0\]: expected one of useMlflow, manageTrackingServers, awsServices/,
    ],
    [
      "managing apps without the service role",
      { ...base, serviceRole: { enabled: false }, apps: { manage: true } },
      /^mlops-iam:mlflow\.apps\.manage: expected false while serviceRole\.enabled is false/,
    ],
    [
      "a domain role listed twice",
      { ...base, domainRoles: [{ name: "Exec" }, { name: "Exec", activities: ["useMlflow"] }] },
      /^mlops-iam:mlflow\.domainRoles\[1\]\.name: expected a role name not listed twice, got "Exec"$/,
    ],
    [
      "a misspelt key",
      { ...base, artifactBucket: ["x"] },
      /^mlops-iam:mlflow\.artifactBucket: unknown key .*did you mean artifactBuckets\?$/,
    ],
    [
      "app users without app ids",
      { ...base, apps: { attachToRoles: ["DataScientist"] } },
      /^mlops-iam:mlflow\.apps\.ids: expected the ids of the apps to grant access to \(or apps\.create\), got \[\]$/,
    ],
  ];
  for (const [what, mlflow, message] of invalid) {
    it(`rejects ${what}, naming the key, before registering anything`, async () => {
      mocks.reset();
      const problems = await problemsOf(mlflow);
      assert.ok(
        problems.some((problem) => message.test(problem)),
        `no problem matches ${message}:\n${problems.join("\n")}`,
      );
      assert.deepEqual(mocks.registered, [], "nothing registered");
    });
  }

  it('accepts "*" with allowAllTrackingServers, scoping to every server of the account and region only', async () => {
    const stack = await buildTestStack({
      namePrefix: "acme-dev",
      mlflow: { ...base, trackingServers: ["*"], allowAllTrackingServers: true },
    });
    const documents = stack.rolePolicies("acme-dev-mlflow-service");
    const api = documents.flatMap((d) => d.Statement).find((statement) => statement.Sid === "MlflowApi");
    assert.deepEqual(api?.Resource, ["arn:aws:sagemaker:us-east-1:123456789012:mlflow-tracking-server/*"]);
    assert.deepEqual((stack.outputs.mlflow as Record<string, unknown>).createTrackingServerCommands, {});
  });

  it("accepts an explicit action list, wildcards included, and grants exactly those actions", async () => {
    const stack = await buildTestStack({
      namePrefix: "acme-dev",
      mlflow: {
        ...base,
        accessPolicies: [
          {
            name: "loggers",
            actions: ["sagemaker-mlflow:Log*", "sagemaker-mlflow:GetRun"],
            presignedUrls: false,
          },
        ],
      },
    });
    const policy = JSON.parse(
      stack.named("aws:iam/policy:Policy", "acme-dev-mlflow-access-loggers").inputs.policy as string,
    );
    // Patterns are expanded from the catalog: the document says exactly what it grants.
    assert.deepEqual(actionsOf(policy), [
      "sagemaker-mlflow:GetRun",
      ...catalogActions().filter((action) => action.startsWith("sagemaker-mlflow:Log")),
    ]);
    assert.ok(actionsOf(policy).includes("sagemaker-mlflow:LogOutputs"));
  });

  it("adds the confused-deputy condition only when asked", async () => {
    const stack = await buildTestStack({
      namePrefix: "acme-dev",
      mlflow: { ...base, trackingServerRole: { trustSourceAccountOnly: true } },
    });
    assert.deepEqual(stack.trustOf("acme-dev-mlflow-tracking").Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": "123456789012" },
    });
  });

  it("deploys access policies alone when both roles are off", async () => {
    const stack = await buildTestStack({
      namePrefix: "acme-dev",
      mlflow: {
        trackingServers: ["mlflow-dev"],
        trackingServerRole: { enabled: false },
        serviceRole: { enabled: false },
        accessPolicies: [{ name: "readers", level: "read", attachToRoles: ["DataAnalyst"] }],
      },
    });
    assert.deepEqual(stack.ofType("aws:iam/role:Role"), []);
    assert.deepEqual(
      stack.ofType("aws:iam/policy:Policy").map((policy) => policy.inputs.name),
      ["acme-dev-mlflow-access-readers"],
    );
    const outputs = stack.outputs.mlflow as Record<string, unknown>;
    assert.equal(outputs.createTrackingServerCommands, undefined);
    assert.equal(outputs.trackingServerRoleArn, undefined);
  });

  it("leaves the model registry out when modelRegistrySync is false", async () => {
    const stack = await buildTestStack({
      namePrefix: "acme-dev",
      mlflow: { ...base, modelRegistrySync: false },
    });
    const actions = stack.rolePolicies("acme-dev-mlflow-tracking").flatMap(actionsOf);
    assert.ok(
      actions.every((action) => action.startsWith("s3:")),
      actions.join(", "),
    );
  });
});

describe("mlflow: the pure model", () => {
  const catalog = iamCatalog();

  it("derives access levels from the catalog by rule", () => {
    const read = mlflowActionsForLevel(catalog, "read");
    const write = mlflowActionsForLevel(catalog, "write");
    const admin = mlflowActionsForLevel(catalog, "admin");
    assert.equal(read.length, 20, "Read 17 + List 3");
    assert.ok(read.includes("sagemaker-mlflow:AccessUI"));
    assert.ok(write.includes("sagemaker-mlflow:LogOutputs"), "an action 002 does not list");
    // Writers remove tags and aliases (labels), never experiments, runs, models, versions or traces.
    const deletions = write.filter((action) => action.includes(":Delete"));
    assert.ok(
      deletions.length > 0 && deletions.every((action) => /(Tag|Alias)$/.test(action)),
      deletions.join(),
    );
    for (const data of [
      "DeleteExperiment",
      "DeleteRun",
      "DeleteRegisteredModel",
      "DeleteModelVersion",
      "DeleteTraces",
    ]) {
      assert.ok(!write.includes(`sagemaker-mlflow:${data}`), data);
    }
    assert.ok(read.every((action) => write.includes(action)));
    assert.equal(admin.length, 61);
    assert.deepEqual(admin, catalog.actionsWhere({ service: "sagemaker-mlflow" }));
  });

  it("plans documents that pass catalog validation and quotas, even for many servers", () => {
    // 150 servers do not fit one statement: server statements split, and the role's policy packs in parts.
    const servers = Array.from({ length: 150 }, (_, index) => `mlflow-team-${index}`);
    const config = parse({
      ...base,
      trackingServers: servers,
      artifactBuckets: ["acme-mlflow-artifacts-dev", "acme-mlflow-artifacts-shared"],
      artifactKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abcd",
      apps: { ids: ["app-1"], manage: true, attachToGroups: ["ds"] },
      accessPolicies: [
        { name: "r", level: "read", attachToRoles: ["A"] },
        { name: "w", level: "write", attachToRoles: ["A"] },
        { name: "a", level: "admin", attachToRoles: ["A"] },
      ],
      domainRoles: [{ name: "Exec", path: "/service-role/" }],
    });
    const settings = platformSettings(config, testContext);
    const plan = planSection(mlflowSection, config.mlflow!, settings, catalog);
    assert.deepEqual(plan.problems, []);
    assert.equal(plan.roles.length, 2);
    assert.equal(plan.policies.length, 3 + 3 + 1);
    const problems = [
      ...plan.roles.flatMap((role) => rolePlanProblems(role, settings, catalog)),
      ...plan.policies.flatMap((policy) => policyPlanProblems(policy, settings, catalog)),
    ];
    assert.deepEqual(problems, []);
    const serviceRole = plan.roles.find((role) => role.name === "acme-dev-mlflow-service")!;
    const apiStatements = serviceRole.managedStatements.filter((statement) =>
      statement.Sid?.startsWith("MlflowApi"),
    );
    assert.ok(apiStatements.length > 1, "MlflowApi is split");
    assert.deepEqual(
      apiStatements.flatMap((statement) => statement.Resource).length,
      servers.length,
      "every server exactly once",
    );
    assert.ok(
      rolePolicies(serviceRole, quotasOf(settings)).length > 1,
      "packed into several managed policies",
    );
  });

  it("a component given an invalid action list throws before registering any IAM resource", async () => {
    mocks.reset();
    const settings = platformSettings(parse(base), testContext);
    assert.throws(
      () =>
        new MlflowAccessPolicy("bad", {
          settings,
          policyName: "bad",
          actions: ["sagemaker:CreateMlflowTrackingServer"],
          trackingServers: ["mlflow-dev"],
        }),
      (error: unknown) =>
        error instanceof PlanError && /expected a sagemaker-mlflow action/.test(error.message),
    );
    await registrationsSettled();
    assert.deepEqual(
      mocks.registered.filter((resource) => resource.type.startsWith("aws:")),
      [],
    );
  });

  it("keeps the schema strict at every level", () => {
    const result = mlflowConfigSchema.safeParse({ ...base, serviceRole: { enable: true } });
    assert.equal(result.success, false);
  });
});

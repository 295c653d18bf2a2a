import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { MlflowConfigInput } from "../components/mlflow/config";
import { iamCatalog, PolicyDocument } from "../iam";
import { isAllowed, mayAssume } from "./support/evaluate";
import { buildTestStack, TestStack } from "./support/stack";

const account = "123456789012";
const server = (name: string) => `arn:aws:sagemaker:us-east-1:${account}:mlflow-tracking-server/${name}`;
const app = (id: string) => `arn:aws:sagemaker:us-east-1:${account}:mlflow-app/${id}`;
const role = (path: string, name: string) => `arn:aws:iam::${account}:role${path}${name}`;
const trackingRoleArn = role("/ml-platform/", "acme-dev-mlflow-tracking");
const serviceRoleArn = role("/ml-platform/", "acme-dev-mlflow-service");
const kmsKey = `arn:aws:kms:us-east-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const toSageMaker = { "iam:PassedToService": "sagemaker.amazonaws.com" };

/** Like the dev stack's Pulumi.dev.yaml block. */
export const devMlflow: MlflowConfigInput = {
  trackingServers: ["mlflow-dev", "mlflow-shared"],
  artifactBuckets: ["acme-mlflow-artifacts-dev"],
  artifactKmsKeyArn: kmsKey,
  serviceRole: {
    trustedPrincipals: [role("/aws-reserved/sso.amazonaws.com/", "AWSReservedSSO_MLAdmin_0123")],
  },
  apps: { ids: ["app-7x2k9q"], manage: true, attachToRoles: ["DataScientist"] },
  accessPolicies: [
    { name: "readers", level: "read", trackingServers: ["mlflow-dev"], attachToRoles: ["DataAnalyst"] },
    { name: "scientists", level: "write", attachToGroups: ["ds-team"], attachToRoles: ["DataScientist"] },
    { name: "admins", level: "admin", attachToUsers: ["mlflow-admin"] },
  ],
  domainRoles: [
    { name: "AmazonSageMaker-ExecutionRole-dev", path: "/service-role/" },
    { name: "LegacyNotebookRole", activities: ["useMlflow"] },
  ],
};

function stackWith(mlflow: MlflowConfigInput): Promise<TestStack> {
  return buildTestStack({ namePrefix: "acme-dev", rolePath: "/ml-platform/", mlflow });
}

const mlflowActions = () => iamCatalog().actionsWhere({ service: "sagemaker-mlflow" });
const scopedMlflowActions = () =>
  iamCatalog().actionsWhere({ service: "sagemaker-mlflow", resourceType: "mlflow-tracking-server" });

describe("mlflow: the dev stack", () => {
  let stack: TestStack;
  before(async () => {
    stack = await stackWith(devMlflow);
  });

  it("registers one component of each kind under the mlops-iam:index token", () => {
    const components = stack.resources
      .filter((resource) => resource.type.startsWith("mlops-iam:index:Mlflow"))
      .map((resource) => `${resource.type} ${resource.name}`)
      .sort();
    assert.deepEqual(components, [
      "mlops-iam:index:MlflowAccessPolicy mlflow-access-admins",
      "mlops-iam:index:MlflowAccessPolicy mlflow-access-readers",
      "mlops-iam:index:MlflowAccessPolicy mlflow-access-scientists",
      "mlops-iam:index:MlflowAppAccess mlflow-app-access",
      "mlops-iam:index:MlflowDomainRoleActivities mlflow-domain-activities",
      "mlops-iam:index:MlflowServiceRole mlflow-service",
      "mlops-iam:index:MlflowTrackingServerRole mlflow-tracking-server",
    ]);
  });

  it("lets only SageMaker assume the tracking-server role, without a confused-deputy condition", async () => {
    const trust = stack.trustOf("acme-dev-mlflow-tracking");
    assert.deepEqual(trust.Statement, [
      {
        Sid: "SageMakerAssumesRole",
        Effect: "Allow",
        Principal: { Service: ["sagemaker.amazonaws.com"] },
        Action: ["sts:AssumeRole"],
      },
    ]);
    assert.ok(await mayAssume(trust, trackingRoleArn, "sagemaker.amazonaws.com"));
    assert.ok(!(await mayAssume(trust, trackingRoleArn, "ec2.amazonaws.com")));
    assert.ok(!(await mayAssume(trust, trackingRoleArn, role("/", "someone"))));
  });

  it("lets SageMaker and the configured SSO role assume the service role", async () => {
    const trust = stack.trustOf("acme-dev-mlflow-service");
    const sso = role("/aws-reserved/sso.amazonaws.com/", "AWSReservedSSO_MLAdmin_0123");
    assert.ok(await mayAssume(trust, serviceRoleArn, "sagemaker.amazonaws.com"));
    assert.ok(await mayAssume(trust, serviceRoleArn, sso));
    assert.ok(!(await mayAssume(trust, serviceRoleArn, role("/", "DataAnalyst"))));
  });

  it("scopes the tracking-server role to the artifact bucket, its key and the model registry", async () => {
    const policies = stack.rolePolicies("acme-dev-mlflow-tracking");
    const may = (action: string, resource: string) => isAllowed(policies, { action, resource });
    assert.ok(await may("s3:PutObject", "arn:aws:s3:::acme-mlflow-artifacts-dev/1/run/artifacts/model.pkl"));
    assert.ok(await may("s3:GetObject", "arn:aws:s3:::acme-mlflow-artifacts-dev/1/run/artifacts/model.pkl"));
    assert.ok(await may("s3:ListBucket", "arn:aws:s3:::acme-mlflow-artifacts-dev"));
    assert.ok(!(await may("s3:PutBucketPolicy", "arn:aws:s3:::acme-mlflow-artifacts-dev")));
    assert.ok(!(await may("s3:PutObjectAcl", "arn:aws:s3:::acme-mlflow-artifacts-dev/x")));
    assert.ok(!(await may("s3:GetObject", "arn:aws:s3:::another-bucket/secret.csv")));
    assert.ok(!(await may("s3:ListBucket", "arn:aws:s3:::another-bucket")));
    // KMS also requires the key policy to allow IAM policies of the account (the default key policy
    // does); the evaluator has no key policy, so this checks the identity side as a statement.
    const keyStatements = policies.flatMap((p) => p.Statement).filter((s) => s.Resource?.includes(kmsKey));
    assert.deepEqual(
      keyStatements.map((s) => [s.Action, s.Resource]),
      [[["kms:Decrypt", "kms:GenerateDataKey"], [kmsKey]]],
    );
    const group = `arn:aws:sagemaker:us-east-1:${account}:model-package-group/churn`;
    assert.ok(await may("sagemaker:CreateModelPackageGroup", group));
    assert.ok(
      await may(
        "sagemaker:CreateModelPackage",
        `arn:aws:sagemaker:us-east-1:${account}:model-package/churn/1`,
      ),
    );
    assert.ok(await may("sagemaker:AddTags", group));
    assert.ok(!(await may("sagemaker:DeleteModelPackageGroup", group)));
    assert.ok(!(await may("sagemaker:CreateModelPackageGroup", group.replace("us-east-1", "eu-west-1"))));
  });

  it("lets the service role create a configured tracking server, passing only the tracking-server role", async () => {
    const policies = stack.rolePolicies("acme-dev-mlflow-service");
    const may = (action: string, resource: string, context = {}) =>
      isAllowed(policies, { action, resource, context });
    assert.ok(await may("sagemaker:CreateMlflowTrackingServer", server("mlflow-dev")));
    assert.ok(await may("sagemaker:AddTags", server("mlflow-dev")));
    assert.ok(await may("iam:PassRole", trackingRoleArn, toSageMaker));
    assert.ok(!(await may("iam:PassRole", trackingRoleArn, { "iam:PassedToService": "ec2.amazonaws.com" })));
    assert.ok(!(await may("iam:PassRole", trackingRoleArn)), "PassRole without iam:PassedToService");
    assert.ok(!(await may("iam:PassRole", serviceRoleArn, toSageMaker)));
    assert.ok(!(await may("iam:PassRole", role("/", "Admin"), toSageMaker)));
    assert.ok(!(await may("sagemaker:CreateMlflowTrackingServer", server("mlflow-prod"))));
    for (const action of ["Start", "Stop", "Update", "Delete", "Describe"]) {
      assert.ok(await may(`sagemaker:${action}MlflowTrackingServer`, server("mlflow-shared")), action);
    }
    assert.ok(await may("sagemaker:CreatePresignedMlflowTrackingServerUrl", server("mlflow-dev")));
    assert.ok(await may("sagemaker:ListMlflowTrackingServers", "*"));
    for (const action of mlflowActions()) {
      const resource = action === "sagemaker-mlflow:AccessUI" ? "*" : server("mlflow-dev");
      assert.ok(await may(action, resource), action);
    }
  });

  it("passes domain roles with awsServices as tracking-server roles too", async () => {
    const policies = stack.rolePolicies("acme-dev-mlflow-service");
    const domainRole = role("/service-role/", "AmazonSageMaker-ExecutionRole-dev");
    assert.ok(
      await isAllowed(policies, { action: "iam:PassRole", resource: domainRole, context: toSageMaker }),
    );
  });

  it("gives a read principal the read actions of its server only", async () => {
    const policies = stack.rolePolicies("DataAnalyst");
    const may = (action: string, resource: string) => isAllowed(policies, { action, resource });
    assert.ok(await may("sagemaker-mlflow:GetRun", server("mlflow-dev")));
    assert.ok(
      await may("sagemaker-mlflow:SearchTraces", server("mlflow-dev")),
      "an action 002 does not list",
    );
    assert.ok(await may("sagemaker-mlflow:AccessUI", "*"));
    assert.ok(await may("sagemaker:CreatePresignedMlflowTrackingServerUrl", server("mlflow-dev")));
    assert.ok(!(await may("sagemaker-mlflow:DeleteExperiment", server("mlflow-dev"))));
    assert.ok(!(await may("sagemaker-mlflow:LogMetric", server("mlflow-dev"))));
    // readers name only mlflow-dev: mlflow-shared is as foreign to them as an unconfigured server.
    for (const other of ["mlflow-prod", "mlflow-shared"]) {
      for (const action of scopedMlflowActions()) {
        assert.ok(!(await may(action, server(other))), `${action} on ${other}`);
      }
      assert.ok(!(await may("sagemaker:CreatePresignedMlflowTrackingServerUrl", server(other))));
    }
  });

  it("lets writers log and register but not delete", async () => {
    const policies = stack.rolePolicies("DataScientist");
    const may = (action: string) => isAllowed(policies, { action, resource: server("mlflow-shared") });
    assert.ok(await may("sagemaker-mlflow:LogMetric"));
    assert.ok(await may("sagemaker-mlflow:CreateRegisteredModel"));
    assert.ok(await may("sagemaker-mlflow:GetRun"));
    for (const action of scopedMlflowActions().filter((name) => name.includes(":Delete"))) {
      assert.ok(!(await may(action)), action);
    }
    assert.ok(!(await may("sagemaker:DeleteMlflowTrackingServer")));
  });

  it("attaches each access policy to exactly the configured principals", () => {
    const attachments = stack.resources
      .filter(
        (resource) => resource.type.endsWith("PolicyAttachment") && resource.name.startsWith("mlflow-access"),
      )
      .map((resource) => resource.name)
      .sort();
    assert.deepEqual(attachments, [
      "mlflow-access-admins-policy-user-mlflow-admin",
      "mlflow-access-readers-policy-role-DataAnalyst",
      "mlflow-access-scientists-policy-group-ds-team",
      "mlflow-access-scientists-policy-role-DataScientist",
    ]);
  });

  it("lets app users call the configured MLflow App only, and the service role manage apps", async () => {
    const users = stack.rolePolicies("DataScientist");
    assert.ok(await isAllowed(users, { action: "sagemaker:CallMlflowAppApi", resource: app("app-7x2k9q") }));
    assert.ok(
      await isAllowed(users, {
        action: "sagemaker:CreatePresignedMlflowAppUrl",
        resource: app("app-7x2k9q"),
      }),
    );
    assert.ok(await isAllowed(users, { action: "sagemaker:ListMlflowApps", resource: "*" }));
    assert.ok(
      !(await isAllowed(users, { action: "sagemaker:CallMlflowAppApi", resource: app("app-other") })),
    );
    assert.ok(
      !(await isAllowed(users, { action: "sagemaker:DeleteMlflowApp", resource: app("app-7x2k9q") })),
    );

    const service = stack.rolePolicies("acme-dev-mlflow-service");
    const may = (action: string, resource: string, context = {}) =>
      isAllowed(service, { action, resource, context });
    // SageMaker assigns the id on creation, so creation can only name mlflow-app/* of this account and region.
    assert.ok(await may("sagemaker:CreateMlflowApp", app("app-new")));
    assert.ok(!(await may("sagemaker:CreateMlflowApp", app("app-new").replace("us-east-1", "eu-west-1"))));
    assert.ok(await may("sagemaker:DeleteMlflowApp", app("app-7x2k9q")));
    assert.ok(!(await may("sagemaker:DeleteMlflowApp", app("app-other"))));
    assert.ok(await may("sagemaker:CallMlflowAppApi", app("app-7x2k9q")));
    assert.ok(await may("iam:PassRole", trackingRoleArn, toSageMaker));
  });

  it("gives the domain role the three Role Manager activities", async () => {
    const policies = stack.rolePolicies("AmazonSageMaker-ExecutionRole-dev");
    assert.equal(policies.length, 3);
    const may = (action: string, resource: string, context = {}) =>
      isAllowed(policies, { action, resource, context });
    assert.ok(await may("sagemaker-mlflow:DeleteRun", server("mlflow-dev")), "Use MLflow");
    assert.ok(
      await may("sagemaker:StopMlflowTrackingServer", server("mlflow-dev")),
      "Manage MLflow Tracking Servers",
    );
    assert.ok(
      await may("iam:PassRole", role("/service-role/", "AmazonSageMaker-ExecutionRole-dev"), toSageMaker),
    );
    assert.ok(
      await may("s3:PutObject", "arn:aws:s3:::acme-mlflow-artifacts-dev/a"),
      "AWS services for MLflow",
    );
    assert.ok(!(await may("s3:PutObject", "arn:aws:s3:::another-bucket/a")));
    assert.ok(!(await may("sagemaker-mlflow:GetRun", server("mlflow-prod"))));

    const legacy = stack.rolePolicies("LegacyNotebookRole");
    assert.equal(legacy.length, 1, "only the activity it asked for");
    assert.ok(
      await isAllowed(legacy, { action: "sagemaker-mlflow:LogMetric", resource: server("mlflow-dev") }),
    );
    assert.ok(
      !(await isAllowed(legacy, {
        action: "sagemaker:CreateMlflowTrackingServer",
        resource: server("mlflow-dev"),
      })),
    );
    assert.ok(
      !(await isAllowed(legacy, {
        action: "iam:PassRole",
        resource: role("/", "LegacyNotebookRole"),
        context: toSageMaker,
      })),
    );
  });

  it("outputs role ARNs, policy ARNs and the exact create-mlflow-tracking-server command per server", () => {
    const outputs = stack.outputs.mlflow as Record<string, unknown>;
    assert.equal(outputs.trackingServerRoleArn, trackingRoleArn);
    assert.equal(outputs.serviceRoleArn, serviceRoleArn);
    assert.deepEqual(outputs.createTrackingServerCommands, {
      "mlflow-dev":
        "aws sagemaker create-mlflow-tracking-server --tracking-server-name mlflow-dev " +
        `--artifact-store-uri s3://acme-mlflow-artifacts-dev --role-arn ${trackingRoleArn}`,
      "mlflow-shared":
        "aws sagemaker create-mlflow-tracking-server --tracking-server-name mlflow-shared " +
        `--artifact-store-uri s3://acme-mlflow-artifacts-dev --role-arn ${trackingRoleArn}`,
    });
    const policyArns = outputs.policyArns as Record<string, unknown>;
    const policy = (name: string) => [`arn:aws:iam::${account}:policy/ml-platform/acme-dev-${name}`];
    assert.deepEqual(policyArns.trackingServerRole, policy("mlflow-tracking-permissions"));
    assert.deepEqual(policyArns.serviceRole, policy("mlflow-service-permissions"));
    assert.deepEqual(policyArns.accessPolicies, {
      readers: policy("mlflow-access-readers"),
      scientists: policy("mlflow-access-scientists"),
      admins: policy("mlflow-access-admins"),
    });
    assert.deepEqual(policyArns.appAccess, policy("mlflow-apps"));
    assert.deepEqual(Object.keys(policyArns.domainRoleActivities as object).sort(), [
      "aws-services",
      "manage-servers",
      "use",
    ]);
  });

  it("grants no unscoped statement except the actions IAM cannot scope", () => {
    const documents = stack
      .ofType("aws:iam/policy:Policy")
      .map((policy) => JSON.parse(policy.inputs.policy as string) as PolicyDocument);
    const onStar = documents
      .flatMap((document) => document.Statement)
      .filter((statement) => statement.Resource?.includes("*"))
      .flatMap((statement) => statement.Action);
    assert.deepEqual([...new Set(onStar)].sort(), [
      "sagemaker-mlflow:AccessUI",
      "sagemaker:ListMlflowApps",
      "sagemaker:ListMlflowTrackingServers",
    ]);
    for (const action of new Set(onStar)) {
      assert.equal(iamCatalog().action(action)?.resourceTypes.length, 0, action);
    }
  });
});

describe("mlflow: stable resource names", () => {
  it("keeps every registered resource name when config lists are reordered", async () => {
    const reordered: MlflowConfigInput = {
      ...devMlflow,
      trackingServers: ["mlflow-shared", "mlflow-dev"],
      accessPolicies: [...(devMlflow.accessPolicies ?? [])].reverse().map((policy) => ({
        ...policy,
        attachToRoles: [...(policy.attachToRoles ?? [])].reverse(),
      })),
      domainRoles: [...(devMlflow.domainRoles ?? [])].reverse(),
    };
    const snapshot = (stack: TestStack) =>
      stack.resources
        .map((resource) => `${resource.type} ${resource.name} ${JSON.stringify(resource.inputs)}`)
        .sort();
    const [before, after] = [await stackWith(devMlflow), await stackWith(reordered)];
    const names = (stack: TestStack) =>
      stack.resources.map((resource) => `${resource.type} ${resource.name}`).sort();
    assert.deepEqual(names(after), names(before));
    // The documents stay the same too (statements sort their actions and resources): no update at all.
    const changed = snapshot(after).filter((entry) => !snapshot(before).includes(entry));
    assert.deepEqual(
      changed.map((entry) => entry.slice(0, 120)),
      [],
    );
  });
});

describe("mlflow: Pulumi.dev.yaml", () => {
  it("the dev stack's mlflow block deploys the documented roles, policies and command", async () => {
    const file = parseYaml(readFileSync(join(__dirname, "..", "Pulumi.dev.yaml"), "utf8")) as {
      config: Record<string, unknown>;
    };
    const config = file.config;
    // Only the common keys and this section: the other sections are tested in their own files.
    const stack = await buildTestStack({
      namePrefix: config["mlops-iam:namePrefix"],
      rolePath: config["mlops-iam:rolePath"],
      mlflow: config["mlops-iam:mlflow"],
    });
    const prefix = config["mlops-iam:namePrefix"] as string;
    stack.named("aws:iam/role:Role", `${prefix}-mlflow-tracking`);
    stack.named("aws:iam/role:Role", `${prefix}-mlflow-service`);
    const readers = stack.rolePolicies("DataAnalyst");
    const devServer = server("mlflow-dev");
    assert.ok(await isAllowed(readers, { action: "sagemaker-mlflow:GetRun", resource: devServer }));
    assert.ok(
      !(await isAllowed(readers, { action: "sagemaker-mlflow:DeleteExperiment", resource: devServer })),
    );
    const commands = (stack.outputs.mlflow as Record<string, Record<string, string>>)
      .createTrackingServerCommands;
    assert.match(
      commands["mlflow-dev"],
      /--tracking-server-name mlflow-dev --artifact-store-uri s3:\/\/\S+ --role-arn arn:aws:iam::/,
    );
  });
});

import { createHash } from "node:crypto";
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { MlflowConfigInput } from "../components/mlflow/config";
import { iamCatalog, PolicyDocument } from "../iam";
import { assertDecisions, mayAssume, request } from "./support/evaluate";
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
    const artifact = "arn:aws:s3:::acme-mlflow-artifacts-dev/1/run/artifacts/model.pkl";
    // Registry sync names a server's groups <model>-<first six hex of SHA-256 of the server name>.
    const suffix = createHash("sha256").update("mlflow-dev").digest("hex").slice(0, 6);
    const group = `arn:aws:sagemaker:us-east-1:${account}:model-package-group/churn-${suffix}`;
    const modelPackage = `arn:aws:sagemaker:us-east-1:${account}:model-package/churn-${suffix}/1`;
    const pipelinesGroup = `arn:aws:sagemaker:us-east-1:${account}:model-package-group/churn-models`;
    await assertDecisions(policies, {
      allowed: [
        request("s3:PutObject", artifact),
        request("s3:GetObject", artifact),
        request("s3:ListBucket", "arn:aws:s3:::acme-mlflow-artifacts-dev"),
        request("sagemaker:CreateModelPackageGroup", group),
        request("sagemaker:CreateModelPackage", modelPackage),
        request("sagemaker:AddTags", group),
      ],
      denied: [
        request("s3:PutBucketPolicy", "arn:aws:s3:::acme-mlflow-artifacts-dev"),
        request("s3:PutObjectAcl", "arn:aws:s3:::acme-mlflow-artifacts-dev/x"),
        request("s3:GetObject", "arn:aws:s3:::another-bucket/secret.csv"),
        request("s3:ListBucket", "arn:aws:s3:::another-bucket"),
        request("sagemaker:DeleteModelPackageGroup", group),
        request("sagemaker:CreateModelPackageGroup", group.replace("us-east-1", "eu-west-1")),
        // Not the pipelines' own group, nor its versions.
        request("sagemaker:CreateModelPackageGroup", pipelinesGroup),
        request("sagemaker:CreateModelPackage", `${pipelinesGroup.replace("-group", "")}/3`),
        request("sagemaker:UpdateModelPackage", `${pipelinesGroup.replace("-group", "")}/3`),
        // Artifacts are never deleted by the server (MLflow's deletes make no S3 calls).
        request("s3:DeleteObject", artifact),
      ],
    });
    // The key only through S3 (the evaluator gives KMS requests the key's default key policy).
    const viaS3 = { "kms:ViaService": "s3.us-east-1.amazonaws.com" };
    await assertDecisions(policies, {
      allowed: [request("kms:Decrypt", kmsKey, viaS3), request("kms:GenerateDataKey", kmsKey, viaS3)],
      denied: [
        request("kms:Decrypt", kmsKey),
        request("kms:Decrypt", kmsKey, { "kms:ViaService": "ec2.us-east-1.amazonaws.com" }),
      ],
    });
  });

  it("lets the service role create a configured tracking server, passing only the tracking-server role", async () => {
    await assertDecisions(stack.rolePolicies("acme-dev-mlflow-service"), {
      allowed: [
        request("sagemaker:CreateMlflowTrackingServer", server("mlflow-dev")),
        request("sagemaker:AddTags", server("mlflow-dev")),
        request("iam:PassRole", trackingRoleArn, toSageMaker),
        ...["Start", "Stop", "Update", "Delete", "Describe"].map((verb) =>
          request(`sagemaker:${verb}MlflowTrackingServer`, server("mlflow-shared")),
        ),
        request("sagemaker:CreatePresignedMlflowTrackingServerUrl", server("mlflow-dev")),
        request("sagemaker:ListMlflowTrackingServers", "*"),
        ...mlflowActions().map((action) =>
          request(action, action === "sagemaker-mlflow:AccessUI" ? "*" : server("mlflow-dev")),
        ),
      ],
      denied: [
        request("iam:PassRole", trackingRoleArn, { "iam:PassedToService": "ec2.amazonaws.com" }),
        request("iam:PassRole", trackingRoleArn), // without iam:PassedToService
        request("iam:PassRole", serviceRoleArn, toSageMaker),
        request("iam:PassRole", role("/", "Admin"), toSageMaker),
        request("sagemaker:CreateMlflowTrackingServer", server("mlflow-prod")),
      ],
    });
  });

  it("passes domain roles with awsServices as tracking-server roles too", async () => {
    const policies = stack.rolePolicies("acme-dev-mlflow-service");
    const domainRole = role("/service-role/", "AmazonSageMaker-ExecutionRole-dev");
    await assertDecisions(policies, { allowed: [request("iam:PassRole", domainRole, toSageMaker)] });
  });

  it("gives a read principal the read actions of its server only", async () => {
    await assertDecisions(stack.rolePolicies("DataAnalyst"), {
      allowed: [
        request("sagemaker-mlflow:GetRun", server("mlflow-dev")),
        request("sagemaker-mlflow:SearchTraces", server("mlflow-dev")), // an action 002 does not list
        request("sagemaker-mlflow:AccessUI", "*"),
        request("sagemaker:CreatePresignedMlflowTrackingServerUrl", server("mlflow-dev")),
      ],
      denied: [
        request("sagemaker-mlflow:DeleteExperiment", server("mlflow-dev")),
        request("sagemaker-mlflow:LogMetric", server("mlflow-dev")),
        // readers name only mlflow-dev: mlflow-shared is as foreign to them as an unconfigured server.
        ...["mlflow-prod", "mlflow-shared"].flatMap((other) => [
          ...scopedMlflowActions().map((action) => request(action, server(other))),
          request("sagemaker:CreatePresignedMlflowTrackingServerUrl", server(other)),
        ]),
      ],
    });
  });

  it("lets writers log and register but not delete data", async () => {
    const on = (action: string) => request(action, server("mlflow-shared"));
    await assertDecisions(stack.rolePolicies("DataScientist"), {
      allowed: [
        on("sagemaker-mlflow:LogMetric"),
        on("sagemaker-mlflow:CreateRegisteredModel"),
        on("sagemaker-mlflow:GetRun"),
      ],
      denied: [
        ...scopedMlflowActions()
          .filter((name) => name.includes(":Delete") && !/(Tag|Alias)$/.test(name))
          .map(on),
        on("sagemaker:DeleteMlflowTrackingServer"),
      ],
    });
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
    await assertDecisions(stack.rolePolicies("DataScientist"), {
      allowed: [
        request("sagemaker:CallMlflowAppApi", app("app-7x2k9q")),
        request("sagemaker:CreatePresignedMlflowAppUrl", app("app-7x2k9q")),
        request("sagemaker:ListMlflowApps", "*"),
      ],
      denied: [
        request("sagemaker:CallMlflowAppApi", app("app-other")),
        request("sagemaker:DeleteMlflowApp", app("app-7x2k9q")),
      ],
    });

    // SageMaker assigns the id on creation, so creation can only name mlflow-app/* of this account and region.
    await assertDecisions(stack.rolePolicies("acme-dev-mlflow-service"), {
      allowed: [
        request("sagemaker:CreateMlflowApp", app("app-new")),
        request("sagemaker:DeleteMlflowApp", app("app-7x2k9q")),
        request("sagemaker:CallMlflowAppApi", app("app-7x2k9q")),
        request("iam:PassRole", trackingRoleArn, toSageMaker),
      ],
      denied: [
        request("sagemaker:CreateMlflowApp", app("app-new").replace("us-east-1", "eu-west-1")),
        request("sagemaker:DeleteMlflowApp", app("app-other")),
      ],
    });
  });

  it("gives the domain role the three Role Manager activities", async () => {
    const policies = stack.rolePolicies("AmazonSageMaker-ExecutionRole-dev");
    assert.equal(policies.length, 3);
    await assertDecisions(policies, {
      allowed: [
        request("sagemaker-mlflow:DeleteRun", server("mlflow-dev")), // Use MLflow
        request("sagemaker:StopMlflowTrackingServer", server("mlflow-dev")), // Manage MLflow Tracking Servers
        request("iam:PassRole", role("/service-role/", "AmazonSageMaker-ExecutionRole-dev"), toSageMaker),
        request("s3:PutObject", "arn:aws:s3:::acme-mlflow-artifacts-dev/a"), // AWS services for MLflow
      ],
      denied: [
        request("s3:PutObject", "arn:aws:s3:::another-bucket/a"),
        request("sagemaker-mlflow:GetRun", server("mlflow-prod")),
      ],
    });

    const legacy = stack.rolePolicies("LegacyNotebookRole");
    assert.equal(legacy.length, 1, "only the activity it asked for");
    await assertDecisions(legacy, {
      allowed: [request("sagemaker-mlflow:LogMetric", server("mlflow-dev"))],
      denied: [
        request("sagemaker:CreateMlflowTrackingServer", server("mlflow-dev")),
        request("iam:PassRole", role("/", "LegacyNotebookRole"), toSageMaker),
      ],
    });
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
    const devServer = server("mlflow-dev");
    await assertDecisions(stack.rolePolicies("DataAnalyst"), {
      allowed: [request("sagemaker-mlflow:GetRun", devServer)],
      denied: [request("sagemaker-mlflow:DeleteExperiment", devServer)],
    });
    const commands = (stack.outputs.mlflow as Record<string, Record<string, string>>)
      .createTrackingServerCommands;
    assert.match(
      commands["mlflow-dev"],
      /--tracking-server-name mlflow-dev --artifact-store-uri s3:\/\/\S+ --role-arn arn:aws:iam::/,
    );
  });
});

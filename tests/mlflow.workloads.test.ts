/**
 * Every persona the MLflow section creates, evaluated against the workloads of the real clients it
 * serves (`components/mlflow/workloads.ts`: all allowed) and against the requests it must be denied.
 */
import { createHash } from "node:crypto";
import { MlflowConfigInput } from "../components/mlflow/config";
import { mlflowDenials, Persona, WorkloadContext, workloadRequests } from "../components/mlflow/workloads";
import { asRequest, assertDecisions, Request, request } from "./support/evaluate";
import { stackFileConfig } from "./support/config";
import { testContext } from "./support/setup";
import { buildTestStack, TestStack } from "./support/stack";

const { accountId, region, partition } = testContext;
const kmsKey = `arn:aws:kms:${region}:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const trackingRoleArn = `arn:aws:iam::${accountId}:role/ml-platform/acme-dev-mlflow-tracking`;
const sixHex = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 6);

/** One server, one app, every access level and every domain-role activity. */
const mlflow: MlflowConfigInput = {
  trackingServers: ["mlflow-dev"],
  artifactBuckets: ["acme-mlflow-artifacts-dev"],
  artifactKmsKeyArn: kmsKey,
  apps: { ids: ["app-7x2k9q"], manage: true, attachToRoles: ["AppUser"] },
  accessPolicies: [
    { name: "readers", level: "read", attachToRoles: ["DataAnalyst"] },
    { name: "scientists", level: "write", attachToRoles: ["DataScientist"] },
    { name: "admins", level: "admin", attachToRoles: ["MlflowAdmin"] },
  ],
  domainRoles: [
    { name: "AmazonSageMaker-ExecutionRole-dev", path: "/service-role/" },
    { name: "NotebookRole", activities: ["useMlflow"] },
  ],
};

/** Where the workloads run: the names of the config above. */
function workloadContext(kmsKeyArn: string | undefined): WorkloadContext {
  return {
    partition,
    region,
    accountId,
    trackingServer: "mlflow-dev",
    artifactBucket: "acme-mlflow-artifacts-dev",
    kmsKeyArn,
    trackingServerRoleArn: trackingRoleArn,
    registrySuffix: sixHex("mlflow-dev"),
    appId: "app-7x2k9q",
    appRoleArn: trackingRoleArn,
    appRegistrySuffix: sixHex("app-7x2k9q"),
  };
}

/** A principal of the stack: whose workloads it must pass and whose denials it must hold. */
interface Principal {
  readonly role: string;
  readonly serves: readonly Persona[];
  readonly denies: readonly Persona[];
}

const principals: readonly Principal[] = [
  { role: "DataAnalyst", serves: ["read"], denies: ["read"] },
  { role: "DataScientist", serves: ["write"], denies: ["write"] },
  { role: "MlflowAdmin", serves: ["admin"], denies: ["admin"] },
  {
    role: "acme-dev-mlflow-tracking",
    serves: ["trackingServer", "appRole"],
    denies: ["trackingServer", "appRole"],
  },
  // AWS's page: clients use the service role too, so it is an admin client as well as the lifecycle role.
  {
    role: "acme-dev-mlflow-service",
    serves: ["admin", "serviceRole", "appAdmin"],
    denies: ["serviceRole", "appAdmin"],
  },
  { role: "AppUser", serves: ["appUser"], denies: ["appUser"] },
  // Role Manager's three activities: Use MLflow (a client), Manage Tracking Servers, AWS services.
  {
    role: "AmazonSageMaker-ExecutionRole-dev",
    serves: ["admin", "serviceRole", "trackingServer"],
    denies: ["serviceRole"],
  },
  { role: "NotebookRole", serves: ["admin"], denies: ["admin"] },
];

/** The requests of these personas' workloads. */
function served(ctx: WorkloadContext, personas: readonly Persona[]): Request[] {
  return personas.flatMap((persona) => workloadRequests(ctx, persona)).map(asRequest);
}

function rows(ctx: WorkloadContext, principal: Principal): { allowed: Request[]; denied: Request[] } {
  const denied = mlflowDenials(ctx).filter((denial) => principal.denies.includes(denial.persona));
  return { allowed: served(ctx, principal.serves), denied: denied.map(asRequest) };
}

for (const [encryption, kmsKeyArn] of [
  ["SSE-S3", undefined],
  ["SSE-KMS", kmsKey],
] as const) {
  describe(`mlflow workloads, artifact store with ${encryption}`, () => {
    let stack: TestStack;
    before(async () => {
      stack = await buildTestStack({
        namePrefix: "acme-dev",
        rolePath: "/ml-platform/",
        mlflow: { ...mlflow, artifactKmsKeyArn: kmsKeyArn },
      });
    });

    for (const principal of principals) {
      it(`${principal.role} passes the ${principal.serves.join(", ")} workloads and nothing else`, async () => {
        await assertDecisions(
          stack.rolePolicies(principal.role),
          rows(workloadContext(kmsKeyArn), principal),
        );
      });
    }
  });
}

describe("mlflow workloads, the dev stack as shipped (Pulumi.dev.yaml)", () => {
  let stack: TestStack;
  const ctx = workloadContext(undefined);
  before(async () => {
    stack = await buildTestStack(stackFileConfig("dev"));
  });

  it("lets a scientist (write) log a model, read it back and register it, and touch no other bucket", async () => {
    await assertDecisions(stack.groupPolicies("ds-team"), {
      allowed: served(ctx, ["write"]),
      denied: [
        request("s3:PutObject", "arn:aws:s3:::acme-pipelines-dev/7/run/artifacts/model.pkl"),
        request("s3:GetObject", "arn:aws:s3:::acme-features-dev/train.csv"),
        request("s3:ListBucket", "arn:aws:s3:::acme-features-dev"),
        request("s3:DeleteObject", "arn:aws:s3:::acme-mlflow-artifacts-dev/7/run/artifacts/model.pkl"),
      ],
    });
  });

  it("keeps the tracking-server role out of the pipelines' model package group", async () => {
    const group = `arn:aws:sagemaker:${region}:${accountId}:model-package-group/churn-models`;
    const version = `arn:aws:sagemaker:${region}:${accountId}:model-package/churn-models/1`;
    await assertDecisions(stack.rolePolicies("acme-dev-mlflow-tracking"), {
      allowed: served(ctx, ["trackingServer"]),
      denied: [
        request("sagemaker:CreateModelPackage", version),
        request("sagemaker:UpdateModelPackage", version),
        request("sagemaker:AddTags", group),
        request("sagemaker:CreateModelPackageGroup", group),
      ],
    });
  });
});

describe("mlflow workloads, a server whose artifact store is a prefix", () => {
  const store = "s3://acme-mlflow-artifacts-dev/team-a";
  let stack: TestStack;
  before(async () => {
    stack = await buildTestStack({
      namePrefix: "acme-dev",
      rolePath: "/ml-platform/",
      mlflow: {
        trackingServers: [{ name: "mlflow-dev", artifactStore: store }],
        accessPolicies: [
          { name: "readers", level: "read", attachToRoles: ["DataAnalyst"] },
          { name: "scientists", level: "write", attachToRoles: ["DataScientist"] },
        ],
        serviceRole: { enabled: false },
      },
    });
  });
  const ctx = { ...workloadContext(undefined), artifactPrefix: "team-a", appId: undefined };

  for (const [role, persona] of [
    ["DataAnalyst", "read"],
    ["DataScientist", "write"],
    ["acme-dev-mlflow-tracking", "trackingServer"],
  ] as const) {
    it(`${role} passes the ${persona} workloads inside the prefix and nothing outside it`, async () => {
      await assertDecisions(
        stack.rolePolicies(role),
        rows(ctx, { role, serves: [persona], denies: [persona] }),
      );
      await assertDecisions(stack.rolePolicies(role), {
        denied: [
          request("s3:GetObject", "arn:aws:s3:::acme-mlflow-artifacts-dev/team-b/7/run/artifacts/model.pkl"),
          request("s3:ListBucket", "arn:aws:s3:::acme-mlflow-artifacts-dev", { "s3:prefix": "team-b/" }),
          request("s3:ListBucket", "arn:aws:s3:::acme-mlflow-artifacts-dev", { "s3:prefix": "" }),
        ],
      });
    });
  }
});

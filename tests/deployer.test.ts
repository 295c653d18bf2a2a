// The policies of the roles that deploy and preview a stack (components/shared/deployer.ts, the
// stack output `deployer`), against what the stack registers: every call the AWS provider makes for
// it (components/shared/deployerWorkloads.ts) must be allowed, and nothing outside the stack.
import { strict as assert } from "node:assert";
import { DeployerRequest, deployerRequests } from "../components/shared/deployerWorkloads";
import { IamCatalog, PolicyDocument, validateDocument } from "../iam";
import { Request, asRequest, assertDecisions, request } from "./support/evaluate";
import { stackFileConfig } from "./support/config";
import { testContext } from "./support/setup";
import { buildTestStack, TestStack } from "./support/stack";

const account = "123456789012";
const iam = (path: string) => `arn:aws:iam::${account}:${path}`;

/** The stack output `deployer` as documents. */
function deployerOf(stack: TestStack): { policy: PolicyDocument; previewPolicy: PolicyDocument } {
  const output = stack.outputs.deployer as { policy: string; previewPolicy: string };
  return { policy: JSON.parse(output.policy), previewPolicy: JSON.parse(output.previewPolicy) };
}

/** The AWS provider's calls for what a stack registers (components/shared/deployerWorkloads.ts). */
function providerCalls(stack: TestStack, permissionsBoundaryArn?: string): DeployerRequest[] {
  const rows = deployerRequests({ arn: testContext, permissionsBoundaryArn }, stack.resources);
  assert.ok(rows.length > 0, "no provider calls for the stack");
  return rows;
}

/** The calls that create each registered resource (the workload's create rows). */
function createCalls(stack: TestStack): Request[] {
  return providerCalls(stack)
    .filter((call) => call.phase === "create")
    .map(asRequest);
}

/** Whether an action changes anything (its catalog access level is neither Read nor List). */
function writes(catalog: IamCatalog, action: string): boolean {
  const level = catalog.action(action)?.accessLevel;
  assert.ok(level, `${action} is in the catalog`);
  return level !== "Read" && level !== "List";
}

describe("the deployer's policies against the AWS provider's calls", () => {
  const catalog = new IamCatalog();
  const cases: [string, () => Promise<[TestStack, string | undefined]>][] = [
    ["the dev stack", async () => [await buildTestStack(stackFileConfig("dev")), undefined]],
    [
      "the dev stack with a permissions boundary and Databricks' full access",
      async () => {
        const config = stackFileConfig("dev");
        const boundary = iam("policy/ml-platform-boundary");
        const bounded = await buildTestStack({
          ...config,
          permissionsBoundaryArn: boundary,
          databricks: { ...(config.databricks as Record<string, unknown>), sagemakerAccess: "full" },
        });
        return [bounded, boundary];
      },
    ],
    [
      "the dev stack with an MLflow server and app it creates",
      async () => {
        const config = stackFileConfig("dev");
        const mlflow = config.mlflow as Record<string, unknown>;
        const created = await buildTestStack({
          ...config,
          mlflow: {
            ...mlflow,
            trackingServers: [{ name: "mlflow-dev", create: true }],
            apps: {
              ...(mlflow.apps as Record<string, unknown>),
              create: [{ name: "team-app", artifactStore: "s3://acme-mlflow-artifacts-dev/apps" }],
            },
          },
        });
        return [created, undefined];
      },
    ],
  ];
  for (const [name, build] of cases) {
    it(`let ${name} be deployed and refreshed: every call for the deploy role, the reads alone for the preview role`, async () => {
      const [stack, boundary] = await build();
      const output = stack.outputs.deployer as { policy: string; previewPolicy: string };
      const calls = providerCalls(stack, boundary);
      await assertDecisions([JSON.parse(output.policy)], { allowed: calls.map(asRequest) });
      await assertDecisions([JSON.parse(output.previewPolicy)], {
        allowed: calls.filter((call) => call.phase === "read").map(asRequest),
        denied: calls.filter((call) => writes(catalog, call.action)).map(asRequest),
      });
    });
  }
});

describe("the deployer's policies", () => {
  let stack: TestStack;
  before(async () => {
    stack = await buildTestStack(stackFileConfig("dev"));
  });

  it("pass the IAM catalog's checks, like every document the stack deploys", () => {
    const catalog = new IamCatalog();
    const { policy, previewPolicy } = deployerOf(stack);
    assert.deepEqual(validateDocument(policy, "identity", catalog, "deployer"), []);
    assert.deepEqual(validateDocument(previewPolicy, "identity", catalog, "deployer preview"), []);
  });

  it("let the deploy role create what the dev stack registers, and nothing of another stack or principal", async () => {
    const calls = createCalls(stack);
    assert.ok(calls.length >= 20, `${calls.length} create calls`);
    await assertDecisions([deployerOf(stack).policy], {
      allowed: calls,
      denied: [
        request("iam:CreateRole", iam("role/ml-platform/acme-prod-pipeline-exec")),
        request("iam:CreateRole", iam("role/acme-dev-pipeline-exec")),
        request("iam:DeleteRole", iam("role/DataAnalyst")),
        request("iam:AttachRolePolicy", iam("role/DataAnalyst"), {
          "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess",
        }),
        request("iam:AttachRolePolicy", iam("role/SomeoneElse"), {
          "iam:PolicyARN": iam("policy/ml-platform/acme-dev-mlflow-access-readers"),
        }),
        // The stack's roles get the stack's policies only.
        request("iam:AttachRolePolicy", iam("role/ml-platform/acme-dev-pipeline-exec"), {
          "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess",
        }),
        request("iam:ListAttachedRolePolicies", iam("role/SomeoneElse")),
        request("iam:PassRole", iam("role/ml-platform/acme-dev-pipeline-exec"), {
          "iam:PassedToService": "ec2.amazonaws.com",
        }),
        request("ecr:CreateRepository", `arn:aws:ecr:us-east-1:${account}:repository/other`),
        // Not called (terraform-provider-aws policy.go reads and deletes without it).
        request("iam:ListEntitiesForPolicy", iam("policy/ml-platform/acme-dev-mlflow-access-readers")),
        // Deliberately not granted: the deployer does not lift a role's boundary.
        request("iam:DeleteRolePermissionsBoundary", iam("role/ml-platform/acme-dev-pipeline-exec")),
      ],
    });
  });

  it("let the preview role read what the stack registers, and change nothing", async () => {
    const { previewPolicy } = deployerOf(stack);
    assert.ok(previewPolicy.Statement.every((statement) => statement.Condition === undefined));
    await assertDecisions([previewPolicy], {
      allowed: [
        request("iam:GetRole", iam("role/ml-platform/acme-dev-pipeline-exec")),
        request("iam:GetPolicyVersion", iam("policy/ml-platform/acme-dev-mlflow-access-readers")),
        request("ecr:DescribeRepositories", `arn:aws:ecr:us-east-1:${account}:repository/mlflow-pyfunc`),
        // Refreshing an attachment to an existing principal lists its attached policies.
        request("iam:ListAttachedRolePolicies", iam("role/DataAnalyst")),
        request("iam:ListAttachedGroupPolicies", iam("group/ds-team")),
      ],
      denied: [...createCalls(stack), request("iam:ListAttachedRolePolicies", iam("role/SomeoneElse"))],
    });
  });

  it("let the deploy role attach the AWS-managed policies the stack's roles use, and no other", async () => {
    const config = stackFileConfig("dev");
    const full = await buildTestStack({
      ...config,
      databricks: { ...(config.databricks as Record<string, unknown>), sagemakerAccess: "full" },
    });
    const deployRole = iam("role/ml-platform/acme-dev-databricks-deploy");
    const attach = (policyArn: string) =>
      request("iam:AttachRolePolicy", deployRole, { "iam:PolicyARN": policyArn });
    await assertDecisions([deployerOf(full).policy], {
      allowed: [...createCalls(full), attach("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess")],
      denied: [attach("arn:aws:iam::aws:policy/AdministratorAccess")],
    });
    await assertDecisions([deployerOf(stack).policy], {
      denied: [attach("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess")],
    });
  });

  it("create roles only with the stack's permissions boundary when it has one", async () => {
    const boundary = iam("policy/ml-platform-boundary");
    const bounded = await buildTestStack({ ...stackFileConfig("dev"), permissionsBoundaryArn: boundary });
    const create = (context?: Record<string, string>) =>
      request("iam:CreateRole", iam("role/ml-platform/acme-dev-pipeline-exec"), context);
    await assertDecisions([deployerOf(bounded).policy], {
      allowed: [create({ "iam:PermissionsBoundary": boundary })],
      denied: [create(), create({ "iam:PermissionsBoundary": iam("policy/other") })],
    });
  });

  it("let the deploy role create the MLflow servers the stack creates, passing them their role", async () => {
    const config = stackFileConfig("dev");
    const mlflow = config.mlflow as Record<string, unknown>;
    const created = await buildTestStack({
      ...config,
      mlflow: { ...mlflow, trackingServers: [{ name: "mlflow-dev", create: true }] },
    });
    const server = `arn:aws:sagemaker:us-east-1:${account}:mlflow-tracking-server/mlflow-dev`;
    await assertDecisions([deployerOf(created).policy], {
      allowed: [
        request("sagemaker:CreateMlflowTrackingServer", server),
        request("iam:PassRole", iam("role/ml-platform/acme-dev-mlflow-tracking"), {
          "iam:PassedToService": "sagemaker.amazonaws.com",
        }),
      ],
      denied: [request("sagemaker:CreateMlflowTrackingServer", server.replace("mlflow-dev", "other"))],
    });
    await assertDecisions([deployerOf(stack).policy], {
      denied: [request("sagemaker:CreateMlflowTrackingServer", server)],
    });
  });
});

import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { databricksSection } from "../components/databricks";
import { DatabricksConfig } from "../components/databricks/config";
import { platformSettings } from "../components/settings";
import { ConfigError } from "../config/read";
import { parseStackConfig, planSection } from "../components/stack";
import { actionsOf, iamCatalog, PolicyDocument, validateDocument } from "../iam";
import { rolePlanProblems, policyPlanProblems } from "../components/shared/plan";
import { asRequest, assertDecisions, mayAssume, Request, request } from "./support/evaluate";
import { configProblems } from "./support/config";
import { previousChildAliases } from "../components/databricks/ecrRepository";
import {
  databricksDenials,
  Persona,
  WorkloadContext,
  workloadRequests,
} from "../components/databricks/workloads";
import { mocks, testContext } from "./support/setup";
import { DatabricksDeploymentRole } from "../components/databricks/deploymentRole";
import { buildTestStack, TestStack } from "./support/stack";
import { deployerRequests } from "../components/shared/deployerWorkloads";
import { readStackFile } from "../offline/plan";
import { registrationsSettled } from "../offline/mocks";

const account = testContext.accountId;
const workspaceRole = "databricks-workspace-role";
const roleName = "acme-dev-databricks-deploy";
const roleArn = `arn:aws:iam::${account}:role/ml-platform/${roleName}`;
const profileArn = `arn:aws:iam::${account}:instance-profile/ml-platform/${roleName}`;
const modelArchive = `arn:aws:s3:::mlflow-sagemaker-us-east-1-${account}/my-model-abc123/model.tar.gz`;
const servingRoleArn = `arn:aws:iam::${account}:role/ml-platform/acme-dev-databricks-serving`;

/** Where MLflow's deployer workloads run: the dev stack's roles, MLflow's defaults otherwise. */
function ctx(): WorkloadContext {
  return {
    partition: "aws",
    region: "us-east-1",
    accountId: account,
    deploymentRoleArn: roleArn,
    servingRoleArn,
    appName: "my-model",
  };
}

/** The personas' workloads (allowed) and their denials, as the evaluator takes them. */
function rows(context: WorkloadContext, ...personas: Persona[]): { allowed: Request[]; denied: Request[] } {
  return {
    allowed: personas.flatMap((persona) => workloadRequests(context, persona)).map(asRequest),
    denied: databricksDenials(context)
      .filter((denial) => personas.includes(denial.persona))
      .map(asRequest),
  };
}

/** Like Pulumi.dev.yaml, with a databricks section. */
function devConfig(databricks: Record<string, unknown> = {}) {
  return {
    namePrefix: "acme-dev",
    rolePath: "/ml-platform/",
    tags: { team: "ml-platform", environment: "dev" },
    databricks: { workspaceRoleName: workspaceRole, ...databricks },
  };
}

/** The problems a stack is rejected with. */
async function stackProblems(config: Record<string, unknown>): Promise<readonly string[]> {
  try {
    await buildTestStack(config);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail("the stack was accepted");
}

/** Runs `body` with extra keys in the engine's config (e.g. `databricks:host`), then restores it. */
async function withEngineConfig<T>(extra: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const before = pulumi.runtime.allConfig();
  pulumi.runtime.setAllConfig({ ...before, ...extra }, Object.keys(extra));
  try {
    return await body();
  } finally {
    pulumi.runtime.setAllConfig(before);
  }
}

describe("databricks: the default config (full SageMaker access, as Databricks documents)", () => {
  let stack: TestStack;
  before(async () => {
    stack = await buildTestStack(devConfig());
  });

  it("registers the deployment role, trusted by EC2 and SageMaker only", async () => {
    const trust = stack.trustOf(roleName);
    assert.equal(await mayAssume(trust, roleArn, "ec2.amazonaws.com"), true);
    assert.equal(await mayAssume(trust, roleArn, "sagemaker.amazonaws.com"), true);
    assert.equal(await mayAssume(trust, roleArn, "lambda.amazonaws.com"), false);
    assert.equal(await mayAssume(trust, roleArn, `arn:aws:iam::${account}:role/someone`), false);
    assert.equal(stack.named("aws:iam/role:Role", roleName).inputs.path, "/ml-platform/");
  });

  it("attaches AmazonSageMakerFullAccess by its partition's ARN", () => {
    const attached = stack
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .filter((attachment) => attachment.inputs.role === roleName)
      .map((attachment) => attachment.inputs.policyArn);
    assert.deepEqual(attached, ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"]);
  });

  it("registers an instance profile of the same name for the role, and outputs its ARN", () => {
    const profile = stack.named("aws:iam/instanceProfile:InstanceProfile", roleName);
    assert.equal(profile.inputs.role, roleName);
    assert.equal(profile.inputs.path, "/ml-platform/");
    assert.deepEqual(profile.inputs.tags, { team: "ml-platform", environment: "dev" });
    const outputs = stack.outputs.databricks as Record<string, unknown>;
    assert.equal(outputs.instanceProfileArn, profileArn);
    assert.equal(outputs.deploymentRoleArn, roleArn);
    assert.deepEqual(outputs.sagemakerPolicyArns, ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"]);
  });

  it("puts the page's inline policy on the role, with the real ECR action", () => {
    const inline = stack.named("aws:iam/rolePolicy:RolePolicy", "sagemaker-deployment");
    assert.equal(inline.inputs.role, roleName);
    const actions = actionsOf(JSON.parse(inline.inputs.policy as string));
    assert.ok(actions.includes("ecr:DescribeRepositories"));
    assert.ok(!actions.includes("ecr:DescribeGitRepositories"));
  });

  it("lets the role find the serving image and tag model archives in MLflow's bucket only", async () => {
    const repository = `arn:aws:ecr:us-east-1:${account}:repository/mlflow-pyfunc`;
    const tagging = ["s3:PutObjectAcl", "s3:PutObjectTagging"];
    const otherArchives = [
      "arn:aws:s3:::training-data/model.tar.gz",
      `arn:aws:s3:::mlflow-sagemaker-us-east-1-999999999999/model.tar.gz`,
      `arn:aws:s3:::mlflow-artifacts-${account}/model.tar.gz`,
    ];
    await assertDecisions(stack.rolePolicies(roleName), {
      allowed: [
        request("ecr:DescribeRepositories", repository),
        ...tagging.map((action) => request(action, modelArchive)),
        request("iam:GetRole", roleArn),
      ],
      denied: [
        request("ecr:DescribeRepositories", `arn:aws:ecr:us-east-1:999999999999:repository/mlflow-pyfunc`),
        ...tagging.flatMap((action) => otherArchives.map((other) => request(action, other))),
        request("iam:GetRole", `arn:aws:iam::${account}:role/admin`),
      ],
    });
  });

  it("attaches the PassRole policy to the named workspace role", () => {
    const policy = stack.named("aws:iam/policy:Policy", "acme-dev-databricks-workspace-passrole");
    const attachment = stack
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .find((candidate) => candidate.inputs.role === workspaceRole);
    assert.ok(attachment, `no policy attached to ${workspaceRole}`);
    assert.equal(
      attachment.inputs.policyArn,
      `arn:aws:iam::${account}:policy/ml-platform/${policy.inputs.name}`,
    );
  });

  it("lets the workspace role pass the deployment role to EC2, and no other role", async () => {
    const toEc2 = { "iam:PassedToService": "ec2.amazonaws.com" };
    const toLambda = { "iam:PassedToService": "lambda.amazonaws.com" };
    await assertDecisions(stack.rolePolicies(workspaceRole), {
      allowed: [request("iam:PassRole", roleArn, toEc2)],
      denied: [
        request("iam:PassRole", `arn:aws:iam::${account}:role/ml-platform/acme-dev-mlflow-tracking`, toEc2),
        request("iam:PassRole", `arn:aws:iam::${account}:role/admin`, toEc2),
        request("iam:PassRole", `arn:aws:iam::999999999999:role/ml-platform/${roleName}`, toEc2),
        request("iam:PassRole", roleArn, toLambda),
      ],
    });
  });

  it("registers nothing in Databricks and no ECR repository unless asked", () => {
    assert.equal(stack.ofType("databricks:index/instanceProfile:InstanceProfile").length, 0);
    assert.equal(stack.ofType("aws:ecr/repository:Repository").length, 0);
    const outputs = stack.outputs.databricks as Record<string, unknown>;
    assert.ok(!("registeredInstanceProfileId" in outputs));
    assert.ok(!("ecrRepositoryUrl" in outputs));
  });
});

describe("databricks: Pulumi.dev.yaml", () => {
  it("registers the role trusted by EC2 and SageMaker, its instance profile and policies, and PassRole", async () => {
    // The stack file's common keys and databricks section (the other sections have tests of their own).
    const raw = readStackFile(`${__dirname}/..`, "dev");
    const ours = Object.entries(raw)
      .filter(([key]) => key.startsWith("mlops-iam:") && !/^mlops-iam:(mlflow|pipelines)$/.test(key))
      .map(([key, value]) => [key.slice("mlops-iam:".length), value]);
    const stack = await buildTestStack(Object.fromEntries(ours));
    const trust = stack.trustOf(roleName);
    assert.equal(await mayAssume(trust, roleArn, "ec2.amazonaws.com"), true);
    assert.equal(await mayAssume(trust, roleArn, "sagemaker.amazonaws.com"), true);
    assert.equal(await mayAssume(trust, roleArn, "lambda.amazonaws.com"), false);
    stack.named("aws:iam/instanceProfile:InstanceProfile", roleName);
    // deploy-only: the page's inline policy is replaced by the role's own policy, models get a serving role.
    assert.equal(stack.ofType("aws:iam/rolePolicy:RolePolicy").length, 0);
    stack.named("aws:iam/role:Role", "acme-dev-databricks-serving");
    const toEc2 = { "iam:PassedToService": "ec2.amazonaws.com" };
    await assertDecisions(stack.rolePolicies(workspaceRole), {
      allowed: [request("iam:PassRole", roleArn, toEc2)],
    });
  });
});

describe("databricks: sagemakerAccess deploy-only", () => {
  let stack: TestStack;
  let policies: PolicyDocument[];
  before(async () => {
    stack = await buildTestStack(devConfig({ sagemakerAccess: "deploy-only" }));
    policies = stack.rolePolicies(roleName);
  });
  const sagemaker = (type: string, name: string) => `arn:aws:sagemaker:us-east-1:${account}:${type}/${name}`;

  it("attaches no AWS managed policy, and outputs its own policy's ARN", () => {
    const attached = stack
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .filter((attachment) => attachment.inputs.role === roleName)
      .map((attachment) => attachment.inputs.policyArn);
    const policyArn = `arn:aws:iam::${account}:policy/ml-platform/${roleName}-permissions`;
    assert.deepEqual(attached, [policyArn]);
    assert.deepEqual((stack.outputs.databricks as Record<string, unknown>).sagemakerPolicyArns, [policyArn]);
  });

  it("passes MLflow's deployer workloads, and is denied what they do not call", async () => {
    await assertDecisions(policies, rows(ctx(), "deployer"));
  });

  it("is denied what a deployment does not need, and other regions and accounts", async () => {
    await assertDecisions(policies, {
      denied: [
        request("sagemaker:CreateDomain", sagemaker("domain", "d-abc123")),
        request("sagemaker:CreateTrainingJob", sagemaker("training-job", "train")),
        request("sagemaker:CreateEndpoint", `arn:aws:sagemaker:eu-west-1:${account}:endpoint/my-model`),
        request("sagemaker:CreateEndpoint", `arn:aws:sagemaker:us-east-1:999999999999:endpoint/my-model`),
        // Tagging only as part of creating: not retagging an existing endpoint.
        request("sagemaker:AddTags", sagemaker("endpoint", "my-model")),
        request("s3:PutObject", "arn:aws:s3:::training-data/model.tar.gz"),
        request("s3:CreateBucket", "arn:aws:s3:::another-bucket"),
        request("ecr:PutImage", `arn:aws:ecr:us-east-1:${account}:repository/mlflow-pyfunc`),
        // The deployer pulls no image and writes no logs: SageMaker does, with the serving role.
        request("ecr:BatchGetImage", `arn:aws:ecr:us-east-1:${account}:repository/mlflow-pyfunc`),
        request(
          "logs:PutLogEvents",
          `arn:aws:logs:us-east-1:${account}:log-group:/aws/lambda/other:log-stream:x`,
        ),
      ],
    });
  });

  it("may pass the serving role to SageMaker, and no other role, itself included", async () => {
    const toSageMaker = { "iam:PassedToService": "sagemaker.amazonaws.com" };
    const toEc2 = { "iam:PassedToService": "ec2.amazonaws.com" };
    await assertDecisions(policies, {
      allowed: [request("iam:PassRole", servingRoleArn, toSageMaker)],
      denied: [
        request("iam:PassRole", `arn:aws:iam::${account}:role/admin`, toSageMaker),
        request("iam:PassRole", roleArn, toSageMaker),
        request("iam:PassRole", servingRoleArn, toEc2),
      ],
    });
  });

  it("serves models with a role that SageMaker alone may assume and that may not deploy", async () => {
    const serving = stack.rolePolicies("acme-dev-databricks-serving");
    assert.equal(
      await mayAssume(stack.trustOf("acme-dev-databricks-serving"), servingRoleArn, "ec2.amazonaws.com"),
      false,
    );
    await assertDecisions(serving, {
      ...rows(ctx(), "serving"),
      denied: [
        ...rows(ctx(), "serving").denied,
        request("sagemaker:CreateEndpoint", sagemaker("endpoint", "my-model")),
        request("sagemaker:DeleteEndpoint", sagemaker("endpoint", "my-model")),
        request("sagemaker:UpdateEndpoint", sagemaker("endpoint", "my-model")),
      ],
    });
  });

  it("outputs the serving role and the exact target and command per region", () => {
    const outputs = stack.outputs.databricks as {
      servingRoleArn: string;
      deploymentTargets: Record<string, { targetUri: string; command: string }>;
    };
    assert.equal(outputs.servingRoleArn, servingRoleArn);
    assert.deepEqual(Object.keys(outputs.deploymentTargets), ["us-east-1"]);
    assert.equal(outputs.deploymentTargets["us-east-1"].targetUri, "sagemaker:/us-east-1");
    assert.match(
      outputs.deploymentTargets["us-east-1"].command,
      new RegExp(`-C execution_role_arn=${servingRoleArn}$`),
    );
  });
});

describe("databricks: deploy-only in several regions, names scoped, transform jobs", () => {
  let stack: TestStack;
  const regions = ["us-east-1", "us-west-2"];
  before(async () => {
    stack = await buildTestStack(
      devConfig({
        sagemakerAccess: "deploy-only",
        regions,
        appNamePrefix: "churn",
        transformJobs: { enabled: true, dataStores: [`s3://mlflow-sagemaker-us-east-1-${account}/batch`] },
        ecrRepository: { create: true },
      }),
    );
  });
  const scoped = (region: string) => ({
    ...ctx(),
    region,
    regions,
    appName: "churn-scoring",
    appNamePrefix: "churn",
  });

  for (const region of regions) {
    it(`passes every deployer, transform and serving workload in ${region}, and denies other apps and regions`, async () => {
      await assertDecisions(stack.rolePolicies(roleName), rows(scoped(region), "deployer", "transform"));
      await assertDecisions(
        stack.rolePolicies("acme-dev-databricks-serving"),
        rows(scoped(region), "serving"),
      );
    });
  }

  it("serves transform jobs from the data stores, with their logs", async () => {
    const transformCtx = {
      ...scoped("us-east-1"),
      transformInputUri: `s3://mlflow-sagemaker-us-east-1-${account}/batch/input/`,
      transformOutputUri: `s3://mlflow-sagemaker-us-east-1-${account}/batch/output/`,
    };
    await assertDecisions(
      stack.rolePolicies("acme-dev-databricks-serving"),
      rows(transformCtx, "transformServing"),
    );
  });

  it("creates the serving-image repository in each region, the stack's own under the name it always had", () => {
    const repositories = stack.ofType("awsx:ecr:Repository");
    assert.deepEqual(
      repositories.map((repository) => [repository.name, repository.inputs.region ?? "(stack)"]).sort(),
      [
        ["databricks-serving-image-repository", "(stack)"],
        ["databricks-serving-image-us-west-2-repository", "us-west-2"],
      ],
    );
    const outputs = stack.outputs.databricks as { ecrRepositoryUrls: Record<string, string> };
    assert.equal(
      outputs.ecrRepositoryUrls["us-west-2"],
      `${account}.dkr.ecr.us-west-2.amazonaws.com/mlflow-pyfunc`,
    );
  });

  it("rejects deploy-only options with full, a region of another partition and a prefix too long", async () => {
    const problems = configProblems({
      namePrefix: "acme-dev",
      databricks: {
        workspaceRoleName: workspaceRole,
        sagemakerAccess: "full",
        appNamePrefix: "a-very-long-application-prefix",
        servingRole: true,
      },
    });
    assert.deepEqual(problems, [
      'mlops-iam:databricks.appNamePrefix: expected at most 16 characters: MLflow keeps only the first 16 of a long application name in its model and config names, got "a-very-long-application-prefix"',
      'mlops-iam:databricks.appNamePrefix: expected appNamePrefix only with sagemakerAccess: deploy-only (full attaches AmazonSageMakerFullAccess, which it cannot narrow), got "a-very-long-application-prefix"',
      "mlops-iam:databricks.servingRole: expected servingRole only with sagemakerAccess: deploy-only (full attaches AmazonSageMakerFullAccess, which it cannot narrow), got true",
    ]);
    assert.deepEqual(
      configProblems({
        namePrefix: "acme-dev",
        databricks: { workspaceRoleName: workspaceRole, sagemakerAccess: "full", servingRole: true },
      }),
      [
        "mlops-iam:databricks.servingRole: expected servingRole only with sagemakerAccess: deploy-only (full attaches AmazonSageMakerFullAccess, which it cannot narrow), got true",
      ],
    );
    await assert.rejects(
      buildTestStack(devConfig({ sagemakerAccess: "deploy-only", regions: ["us-east-1", "cn-north-1"] })),
      /mlops-iam:databricks\.regions\[1\]: expected a region of the stack's partition aws, got "cn-north-1" \(partition aws-cn\)/,
    );
  });
});

describe("databricks: the plan", () => {
  const catalog = iamCatalog();
  const settings = (rolePath = "/") =>
    platformSettings(
      parseStackConfig({ "mlops-iam:namePrefix": "acme-dev", "mlops-iam:rolePath": rolePath }),
      testContext,
    );
  const config = (sagemakerAccess: "full" | "deploy-only"): DatabricksConfig => ({
    workspaceRoleName: workspaceRole,
    sagemakerAccess,
    registerInWorkspace: false,
    skipValidation: false,
    ecrRepository: { create: false, name: "mlflow-pyfunc" },
  });

  for (const mode of ["full", "deploy-only"] as const) {
    it(`passes catalog and quota validation in ${mode} mode`, () => {
      const plan = planSection(databricksSection, config(mode), settings(), catalog);
      // deploy-only adds the serving role.
      assert.equal(plan.roles.length, mode === "full" ? 1 : 2);
      assert.equal(plan.policies.length, 1);
      for (const role of plan.roles) assert.deepEqual(rolePlanProblems(role, settings(), catalog), []);
      assert.deepEqual(policyPlanProblems(plan.policies[0], settings(), catalog), []);
    });
  }

  it("names everything from the config, so the section's plan is what it deploys", () => {
    const plan = planSection(databricksSection, config("full"), settings("/ml/"), catalog);
    const [deploymentRole] = plan.roles;
    const [workspacePassRole] = plan.policies;
    assert.equal(deploymentRole.name, roleName);
    assert.deepEqual(workspacePassRole.attachTo.roles, [workspaceRole]);
    assert.deepEqual(workspacePassRole.statements[0].Resource, [
      `arn:aws:iam::${account}:role/ml/${roleName}`,
    ]);
  });

  it("would have caught the page's ECR typo (ecr:DescribeGitRepositories)", () => {
    // Step 2 of Databricks' page, literally, with the placeholders filled in.
    const page = JSON.parse(`{
      "Version": "2012-10-17",
      "Statement": [
        { "Action": ["s3:PutObjectAcl", "s3:PutObjectTagging"],
          "Resource": ["arn:aws:s3:::mlflow-sagemaker-*-${account}", "arn:aws:s3:::mlflow-sagemaker-*-${account}/*"],
          "Effect": "Allow" },
        { "Action": ["iam:GetRole"], "Resource": ["${roleArn}"], "Effect": "Allow" },
        { "Action": ["ecr:DescribeGitRepositories"], "Resource": ["arn:aws:ecr:*:${account}:repository/*"], "Effect": "Allow" }
      ]
    }`) as PolicyDocument;
    const problems = validateDocument(page, "identity", catalog, "page");
    assert.ok(
      problems.some((problem) =>
        /action ecr:DescribeGitRepositories does not exist; did you mean ecr:DescribeRepositories\?/.test(
          problem,
        ),
      ),
      problems.join("\n"),
    );
    // The bucket ARN fits neither S3 action (both take objects only), so we leave it out.
    assert.ok(
      problems.some((problem) =>
        problem.includes(`resource arn:aws:s3:::mlflow-sagemaker-*-${account} fits none`),
      ),
      problems.join("\n"),
    );
  });
});

describe("databricks: registration in the workspace", () => {
  const host = "https://dbc-1234.cloud.databricks.com";

  it("is a config error naming databricks:host and databricks:token when they are missing", async () => {
    const problems = await stackProblems(devConfig({ registerInWorkspace: true }));
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.match(
      problems[0],
      /^databricks:host: expected the workspace URL .*registerInWorkspace is true, got nothing$/,
    );
    assert.match(problems[1], /^databricks:token: expected .*--secret databricks:token.*got nothing$/);
  });

  it("rejects a host that is not the workspace URL", async () => {
    const problems = await withEngineConfig(
      { "databricks:host": "dbc-1234", "databricks:token": "dapi-x" },
      () => stackProblems(devConfig({ registerInWorkspace: true })),
    );
    assert.deepEqual(problems, [
      'databricks:host: expected the workspace URL, https://<workspace>.cloud.databricks.com, got "dbc-1234"',
    ]);
  });

  it("registers the instance profile through an explicit provider for the workspace", async () => {
    const stack = await withEngineConfig({ "databricks:host": host, "databricks:token": "dapi-secret" }, () =>
      buildTestStack(devConfig({ registerInWorkspace: true, skipValidation: true })),
    );
    const providers = stack.ofType("pulumi:providers:databricks");
    assert.equal(providers.length, 1);
    assert.equal(providers[0].inputs.host, host);
    const [registered] = stack.ofType("databricks:index/instanceProfile:InstanceProfile");
    assert.ok(registered, "no databricks instance profile registered");
    assert.equal(registered.inputs.instanceProfileArn, profileArn);
    assert.equal(registered.inputs.skipValidation, true);
    assert.ok("registeredInstanceProfileId" in (stack.outputs.databricks as Record<string, unknown>));
    // The registration calls the workspace with its token, not AWS: the deployer's workload has no
    // rows for it, and still lists the AWS resources' calls.
    const workspace = stack.resources.filter((resource) => !resource.type.startsWith("aws:"));
    assert.deepEqual(deployerRequests({ arn: testContext }, workspace), []);
    assert.ok(
      deployerRequests({ arn: testContext }, stack.resources).some((row) => row.action === "iam:CreateRole"),
    );
  });
});

describe("databricks: the serving image repository", () => {
  it("is an awsx.ecr.Repository that expires untagged images only, scans on push and keeps tags mutable", async () => {
    const stack = await buildTestStack(devConfig({ ecrRepository: { create: true } }));
    const [repository] = stack.ofType("awsx:ecr:Repository");
    assert.equal(repository.inputs.name, "mlflow-pyfunc");
    assert.equal(repository.inputs.imageTagMutability, "MUTABLE");
    assert.deepEqual(repository.inputs.imageScanningConfiguration, { scanOnPush: true });
    assert.deepEqual(repository.inputs.lifecyclePolicy, {
      rules: [
        { tagStatus: "untagged", maximumAgeLimit: 14, description: "Expire untagged images after 14 days" },
      ],
    });
    assert.equal(
      (stack.outputs.databricks as Record<string, unknown>).ecrRepositoryUrl,
      `${account}.dkr.ecr.us-east-1.amazonaws.com/mlflow-pyfunc`,
    );
  });

  it("takes the repository name from the config", async () => {
    const stack = await buildTestStack(devConfig({ ecrRepository: { create: true, name: "ml/serving" } }));
    assert.equal(stack.ofType("awsx:ecr:Repository")[0].inputs.name, "ml/serving");
  });

  it("moves the repository and its lifecycle policy of earlier versions under awsx without replacing them", () => {
    const component = { urn: "component" } as unknown as pulumi.Resource;
    const transform = previousChildAliases(component, "databricks-serving-image");
    const child = (type: string) =>
      transform({ type, name: "databricks-serving-image-repository", props: {}, opts: {}, custom: true });
    assert.deepEqual(
      (child("aws:ecr/repository:Repository") as { opts: pulumi.ResourceOptions }).opts.aliases,
      [{ name: "databricks-serving-image-repository", parent: component }],
    );
    assert.deepEqual(
      (child("aws:ecr/lifecyclePolicy:LifecyclePolicy") as { opts: pulumi.ResourceOptions }).opts.aliases,
      [{ name: "databricks-serving-image-lifecycle", parent: component }],
    );
    assert.equal(child("aws:iam/role:Role"), undefined);
  });
});

describe("databricks: the deployment role as a stand-alone component", () => {
  it("rejects an unknown sagemakerAccess before registering anything", async () => {
    const settings = platformSettings(parseStackConfig({ "mlops-iam:namePrefix": "acme" }), testContext);
    mocks.reset();
    assert.throws(
      () => new DatabricksDeploymentRole("standalone", { settings, sagemakerAccess: "everything" }),
      /standalone: sagemakerAccess: expected one of full, deploy-only, got "everything"/,
    );
    await registrationsSettled();
    assert.deepEqual(mocks.registered, []);
  });
});

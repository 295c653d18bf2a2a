import { strict as assert } from "node:assert";
import { ConfigError } from "../config/read";
import {
  PipelineExecutionRole,
  PipelineStepRole,
  PipelineTeamPolicy,
  pipelinesSection,
} from "../components/pipelines";
import { planExecutionRole } from "../components/pipelines/executionRole";
import { planStepRole } from "../components/pipelines/stepRoles";
import { pipelinesConfigSchema } from "../components/pipelines/config";
import {
  isStepType,
  modelPackageGroupGrants,
  stepTypeNames,
  stepTypes,
} from "../components/pipelines/stepTypes";
import { platformSettings } from "../components/settings";
import { PlanError, policyPlanProblems, rolePlanProblems } from "../components/shared/plan";
import { parseStackConfig, planSection } from "../components/stack";
import { PolicyDocument, iamCatalog } from "../iam";
import { registrationsSettled } from "../offline/mocks";
import { assertDecisions, mayAssume, request } from "./support/evaluate";
import { mocks, testContext } from "./support/setup";
import { TestStack, buildTestStack, sharedTestStack } from "./support/stack";

const account = testContext.accountId;
const sm = (path: string) => `arn:aws:sagemaker:us-east-1:${account}:${path}`;
const role = (name: string) => `arn:aws:iam::${account}:role/${name}`;
const toSageMaker = { "iam:PassedToService": "sagemaker.amazonaws.com" };

const allStepTypes = [...stepTypeNames];

/** The issue's example config. */
const example = {
  namePrefix: "acme-dev",
  pipelines: {
    stepTypes: allStepTypes,
    jobPrefix: "churn",
    pipelineNames: ["churn-train"],
    jsonGetBuckets: ["acme-pipelines-dev"],
    stepRoles: { training: { s3Buckets: ["acme-features-dev"] } },
    teams: [
      { name: "fraud", prefix: "fraud", stepTypes: ["training", "processing"], attachToRoles: ["FraudDS"] },
      { name: "team-b", prefix: "team-b", stepTypes: ["transform"], attachToGroups: ["TeamB"] },
    ],
    principalTag: { key: "mlops:pipeline-executor", value: "true" },
    sourceConditions: true,
  },
};

const execRole = "acme-dev-pipeline-exec";

describe("pipelines: execution role", () => {
  let stack: TestStack;
  let policies: PolicyDocument[];
  before(async () => {
    stack = await sharedTestStack(example);
    policies = stack.rolePolicies(execRole);
  });

  it("may create training jobs named with the prefix, and no others", async () => {
    const create = (name: string) => request("sagemaker:CreateTrainingJob", sm(`training-job/${name}`));
    await assertDecisions(policies, {
      allowed: [create("churn-4f8a9c2d1b-abcdef-0")],
      denied: [
        create("other-4f8a9c2d1b-abcdef-0"),
        create("churnx-1"),
        create("pipelines-4f8a9c2d1b-train-abcdef-0"),
      ],
    });
  });

  it("scopes each step type to its own resource type, not every SageMaker resource", async () => {
    await assertDecisions(policies, {
      allowed: [
        request("sagemaker:CreateProcessingJob", sm("processing-job/churn-1")),
        request("sagemaker:StopProcessingJob", sm("processing-job/churn-1")),
        request("sagemaker:CreateTransformJob", sm("transform-job/churn-1")),
        request("sagemaker:CreateHyperParameterTuningJob", sm("hyper-parameter-tuning-job/churn-1")),
        request("sagemaker:CreateAutoMLJob", sm("automl-job/churn-1")),
        request("sagemaker:CreateModel", sm("model/churn-1")),
        request("sagemaker:CreateModelPackage", sm("model-package/churn-1")),
        request("sagemaker:AddTags", sm("training-job/churn-1"), {
          "sagemaker:TaggingAction": "CreateTrainingJob",
        }),
        // A versioned package in a prefixed group.
        request("sagemaker:CreateModelPackage", sm("model-package/churn-models/3")),
      ],
      denied: [
        // Tagging only as part of creating the job: an existing job cannot be retagged.
        request("sagemaker:AddTags", sm("training-job/churn-1")),
        request("sagemaker:AddTags", sm("endpoint/churn-1")),
        // No step creates notebooks (endpoints it may: AutoML, which runs with this role, manages its
        // candidates' endpoints `endpoint/churn-*`).
        request("sagemaker:CreateNotebookInstance", sm("notebook-instance/churn-1")),
      ],
    });
  });

  it("may pass the step roles, and itself while steps run with it, only to SageMaker", async () => {
    const pass = (name: string, context: Record<string, string> = toSageMaker) =>
      request("iam:PassRole", role(name), context);
    await assertDecisions(policies, {
      allowed: [pass("acme-dev-step-training"), pass(execRole)],
      denied: [
        pass("acme-dev-mlflow-tracking"),
        pass("Admin"),
        pass("acme-dev-step-training", { "iam:PassedToService": "ec2.amazonaws.com" }),
        pass("acme-dev-step-training", {}),
      ],
    });
  });

  it("reads JsonGet objects of the configured buckets only", async () => {
    await assertDecisions(policies, {
      allowed: [request("s3:GetObject", "arn:aws:s3:::acme-pipelines-dev/evaluation/metrics.json")],
      denied: [
        request("s3:GetObject", "arn:aws:s3:::acme-features-dev/x.json"),
        request("s3:PutObject", "arn:aws:s3:::acme-pipelines-dev/x"),
      ],
    });
  });

  it("can run the jobs of steps without a role of their own: logs and images", async () => {
    const logStream = `arn:aws:logs:us-east-1:${account}:log-group:/aws/sagemaker/ProcessingJobs:log-stream:churn-1/algo-1`;
    const putMetrics = (namespace: string) =>
      request("cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": namespace });
    await assertDecisions(policies, {
      allowed: [
        request("logs:PutLogEvents", logStream),
        request("ecr:BatchGetImage", `arn:aws:ecr:us-east-1:${account}:repository/churn-image`),
        putMetrics("/aws/sagemaker/TrainingJobs"),
      ],
      denied: [
        request(
          "logs:PutLogEvents",
          `arn:aws:logs:us-east-1:${account}:log-group:/aws/lambda/x:log-stream:y`,
        ),
        putMetrics("Billing"),
      ],
    });
  });

  it("carries the principal tag the SCP exception keys on", () => {
    const registered = stack.named("aws:iam/role:Role", execRole);
    assert.deepEqual(registered.inputs.tags, { "mlops:pipeline-executor": "true" });
  });

  it("is trusted by SageMaker of this account only (confused-deputy conditions)", async () => {
    const trust = stack.trustOf(execRole);
    const arn = role(execRole);
    const from = (sourceAccount: string, sourceArn: string) =>
      mayAssume(trust, arn, "sagemaker.amazonaws.com", {
        "aws:SourceAccount": sourceAccount,
        "aws:SourceArn": sourceArn,
      });
    assert.equal(await from(account, sm("pipeline/churn-train/execution/abc123")), true);
    // A processing step runs with the pipeline role, so its job assumes it too.
    assert.equal(await from(account, sm("processing-job/churn-1")), true);
    assert.equal(await from("210987654321", sm("pipeline/churn-train/execution/abc123")), false);
    assert.equal(
      await from(account, "arn:aws:sagemaker:us-east-1:210987654321:pipeline/churn-train/execution/abc"),
      false,
    );
    assert.equal(await mayAssume(trust, arn, "sagemaker.amazonaws.com"), false);
    assert.equal(await mayAssume(trust, arn, "ec2.amazonaws.com", { "aws:SourceAccount": account }), false);
  });

  it("outputs the role ARNs, the policy ARNs and what a data scientist must set", () => {
    const out = stack.outputs.pipelines as Record<string, unknown>;
    assert.equal(out.executionRoleArn, role(execRole));
    assert.deepEqual(out.stepRoleArns, { training: role("acme-dev-step-training") });
    assert.deepEqual(out.teamPolicyArns, {
      fraud: [`arn:aws:iam::${account}:policy/acme-dev-pipelines-team-fraud`],
      "team-b": [`arn:aws:iam::${account}:policy/acme-dev-pipelines-team-team-b`],
    });
    const sdk = out.sdkArguments as Record<string, string>;
    assert.deepEqual(Object.keys(sdk), allStepTypes);
    assert.equal(sdk.training, 'Estimator(base_job_name="churn")');
    assert.equal(sdk.tuning, 'HyperparameterTuner(base_tuning_job_name="churn")');
    assert.equal(sdk.transform, 'Transformer(base_transform_job_name="churn")');
    assert.equal(sdk.qualityCheck, 'CheckJobConfig(base_job_name="churn")');
    assert.equal(
      sdk.model,
      'Model(name="churn"); with entry_point also ModelStep(repack_model_step_settings={"base_job_name": "churn"})',
    );
    assert.equal(
      sdk.registerModel,
      'Model.register(model_package_name="churn"); with entry_point also ModelStep(repack_model_step_settings={"base_job_name": "churn"})',
    );
    assert.equal(out.pipelineDefinitionConfig, "PipelineDefinitionConfig(use_custom_job_prefix=True)");
    assert.deepEqual(out.teamSdkArguments, {
      fraud: { training: 'Estimator(base_job_name="fraud")', processing: 'Processor(base_job_name="fraud")' },
      "team-b": { transform: 'Transformer(base_transform_job_name="team-b")' },
    });
  });

  it("outputs an SCP statement that exempts only the tagged executor from the JsonGet deny", () => {
    const out = stack.outputs.pipelines as Record<string, unknown>;
    const statement = JSON.parse(out.scpStatement as string);
    assert.deepEqual(statement, {
      Sid: "DenyS3OutsideVpcExceptPipelineExecutor",
      Effect: "Deny",
      Action: ["s3:GetObject"],
      Resource: ["arn:aws:s3:::acme-pipelines-dev/*"],
      Condition: { StringNotEquals: { "aws:PrincipalTag/mlops:pipeline-executor": "true" } },
    });
  });
});

describe("pipelines: prefixing off, no source conditions, no step roles", () => {
  let stack: TestStack;
  before(async () => {
    stack = await buildTestStack({
      namePrefix: "acme-dev",
      pipelines: {
        stepTypes: ["training", "registerModel"],
        sourceConditions: false,
        scpSourceVpcIds: ["vpc-0abc1234def567890"],
        jsonGetBuckets: ["acme-pipelines-dev"],
        teams: [{ name: "default-names", stepTypes: ["training"] }],
      },
    });
  });

  it("matches the default pipelines-... job names", async () => {
    const create = (name: string) => request("sagemaker:CreateTrainingJob", sm(`training-job/${name}`));
    await assertDecisions(stack.rolePolicies(execRole), {
      allowed: [create("pipelines-4f8a9c2d1b-TrainStep-abcdef-0")],
      denied: [
        create("churn-4f8a9c2d1b-abcdef-0"),
        request("sagemaker:CreateProcessingJob", sm("processing-job/pipelines-1")), // processing is not enabled
      ],
    });
    const team = [
      JSON.parse(
        stack.named("aws:iam/policy:Policy", "acme-dev-pipelines-team-default-names").inputs.policy as string,
      ),
    ];
    await assertDecisions(team, { allowed: [create("pipelines-1-step-x-0")] });
    const out = stack.outputs.pipelines as Record<string, unknown>;
    assert.match((out.sdkArguments as Record<string, string>).training, /not needed: prefixing is off/);
    assert.match(out.pipelineDefinitionConfig as string, /use_custom_job_prefix=False/);
  });

  it("passes only itself, while steps run with it", async () => {
    await assertDecisions(stack.rolePolicies(execRole), {
      allowed: [request("iam:PassRole", role(execRole), toSageMaker)],
      denied: [request("iam:PassRole", role("acme-dev-step-training"), toSageMaker)],
    });
  });

  it("trusts SageMaker without source conditions when switched off", async () => {
    const trust = stack.trustOf(execRole);
    assert.equal(trust.Statement[0].Condition, undefined);
    assert.equal(
      await mayAssume(trust, role(execRole), "sagemaker.amazonaws.com", {
        "aws:SourceAccount": "210987654321",
      }),
      true,
    );
    assert.equal(await mayAssume(trust, role(execRole), "ec2.amazonaws.com"), false);
  });

  it("adds the VPC condition to the SCP statement", () => {
    const statement = JSON.parse((stack.outputs.pipelines as Record<string, string>).scpStatement);
    assert.deepEqual(statement.Condition, {
      StringNotEquals: { "aws:PrincipalTag/mlops-iam:pipeline-executor": "true" },
      StringNotEqualsIfExists: { "aws:SourceVpc": ["vpc-0abc1234def567890"] },
    });
  });
});

describe("pipelines: trust limited to the configured pipelines", () => {
  /** Whether SageMaker, acting for `sourceArn` of `sourceAccount`, may assume a role of the stack. */
  const sageMakerMayAssume = (
    stack: TestStack,
    roleName: string,
    sourceArn: string,
    sourceAccount: string = account,
  ) =>
    mayAssume(stack.trustOf(roleName), role(roleName), "sagemaker.amazonaws.com", {
      "aws:SourceAccount": sourceAccount,
      "aws:SourceArn": sourceArn,
    });

  it("trusts SageMaker inference of the account and region when a model runs with the execution role", async () => {
    const stack = await buildTestStack({
      namePrefix: "acme-dev",
      pipelines: { stepTypes: ["training", "model"], jobPrefix: "churn", pipelineNames: ["churn-train"] },
    });
    const from = (sourceArn: string, sourceAccount?: string) =>
      sageMakerMayAssume(stack, execRole, sourceArn, sourceAccount);
    // The model's endpoints present the account's ARN as it stands (AWS's confused-deputy page).
    assert.equal(await from(sm("*")), true);
    assert.equal(await from(sm("pipeline/churn-train/execution/abc")), true);
    assert.equal(await from(`arn:aws:sagemaker:eu-west-1:${account}:*`), false);
    assert.equal(await from("arn:aws:sagemaker:us-east-1:210987654321:*", "210987654321"), false);
  });

  it("names only the pipelines when every step runs with a step role", async () => {
    const stack = await buildTestStack({
      namePrefix: "acme-dev",
      pipelines: {
        stepTypes: ["processing", "registerModel"],
        jobPrefix: "churn",
        pipelineNames: ["churn-train"],
        stepRoles: { processing: {} },
      },
    });
    const from = (sourceArn: string) => sageMakerMayAssume(stack, execRole, sourceArn);
    assert.equal(await from(sm("pipeline/churn-train/execution/abc")), true);
    assert.equal(await from(sm("pipeline/other/execution/abc")), false);
    assert.equal(await from(sm("processing-job/churn-1")), false);
    // The step role is assumed by its jobs.
    const step = "acme-dev-step-processing";
    assert.equal(await sageMakerMayAssume(stack, step, sm("processing-job/churn-1")), true);
    assert.equal(await sageMakerMayAssume(stack, step, sm("processing-job/churn-1"), "210987654321"), false);
    // No job runs with the execution role, so it passes only the step role.
    await assertDecisions(stack.rolePolicies(execRole), {
      denied: [
        request("iam:PassRole", role(execRole), toSageMaker),
        request(
          "logs:PutLogEvents",
          `arn:aws:logs:us-east-1:${account}:log-group:/aws/sagemaker/x:log-stream:y`,
        ),
      ],
    });
  });
});

describe("pipelines: step roles", () => {
  let stack: TestStack;
  before(async () => {
    stack = await buildTestStack({
      namePrefix: "acme-dev",
      pipelines: {
        stepTypes: ["training", "processing", "automl"],
        jobPrefix: "churn",
        stepRoles: {
          training: { s3Buckets: ["acme-features-dev"] },
          processing: { s3Buckets: ["acme-raw-dev"] },
          automl: {},
        },
      },
    });
  });

  it("reach their own data and not another step's", async () => {
    await assertDecisions(stack.rolePolicies("acme-dev-step-training"), {
      allowed: [
        request("s3:GetObject", "arn:aws:s3:::acme-features-dev/train.csv"),
        request("s3:PutObject", "arn:aws:s3:::acme-features-dev/model.tar.gz"),
        request("s3:ListBucket", "arn:aws:s3:::acme-features-dev"),
      ],
      denied: [
        request("s3:GetObject", "arn:aws:s3:::acme-raw-dev/raw.csv"),
        // A job role creates no jobs and passes no roles.
        request("sagemaker:CreateTrainingJob", sm("training-job/churn-1")),
        request("iam:PassRole", role("acme-dev-step-training"), toSageMaker),
      ],
    });
    await assertDecisions(stack.rolePolicies("acme-dev-step-processing"), {
      allowed: [request("s3:GetObject", "arn:aws:s3:::acme-raw-dev/raw.csv")],
      denied: [request("s3:GetObject", "arn:aws:s3:::acme-features-dev/train.csv")],
    });
  });

  it("let AutoML's role manage its candidates' models and endpoints and pass itself, as AWS's minimum policy says", async () => {
    await assertDecisions(stack.rolePolicies("acme-dev-step-automl"), {
      allowed: [
        request("sagemaker:CreateModel", sm("model/churn-1-candidate-1")),
        request("sagemaker:InvokeEndpoint", sm("endpoint/churn-1-candidate-1")),
        request("sagemaker:DeleteEndpointConfig", sm("endpoint-config/churn-1-candidate-1")),
        request("iam:PassRole", role("acme-dev-step-automl"), toSageMaker),
      ],
      denied: [
        // The child jobs are the AutoML service's: the policy AWS gives the role creates none.
        request("sagemaker:CreateTrainingJob", sm("training-job/churn-1-dpp0-1")),
        request("sagemaker:CreateModel", sm("model/other-1")),
        request("iam:PassRole", role("acme-dev-step-training"), toSageMaker),
      ],
    });
  });

  it("are all the execution role passes; it passes no role of its own when every step has one", async () => {
    const pass = (name: string) => request("iam:PassRole", role(name), toSageMaker);
    await assertDecisions(stack.rolePolicies(execRole), {
      allowed: [
        pass("acme-dev-step-training"),
        pass("acme-dev-step-processing"),
        pass("acme-dev-step-automl"),
      ],
      denied: [pass(execRole)],
    });
  });
});

describe("pipelines: team policies", () => {
  let stack: TestStack;
  let fraud: PolicyDocument[];
  before(async () => {
    stack = await buildTestStack({
      ...example,
      pipelines: {
        ...example.pipelines,
        teams: [
          {
            name: "fraud",
            prefix: "fraud",
            stepTypes: ["training", "processing"],
            pipelineNames: ["fraud-train"],
            passPipelineRoles: true,
            attachToRoles: ["FraudDS"],
            attachToUsers: ["alice"],
          },
          { name: "team-b", prefix: "team-b", stepTypes: ["transform"], attachToGroups: ["TeamB"] },
        ],
      },
    });
    fraud = [
      JSON.parse(
        stack.named("aws:iam/policy:Policy", "acme-dev-pipelines-team-fraud").inputs.policy as string,
      ),
    ];
  });

  it("let team fraud create processing jobs named fraud-..., not team-b-... nor ungranted step types", async () => {
    await assertDecisions(fraud, {
      allowed: [
        request("sagemaker:CreateProcessingJob", sm("processing-job/fraud-7f3e-abc-0")),
        request("sagemaker:DescribeProcessingJob", sm("processing-job/fraud-7f3e-abc-0")),
        request("sagemaker:CreateTrainingJob", sm("training-job/fraud-7f3e-abc-0")),
      ],
      denied: [
        request("sagemaker:CreateProcessingJob", sm("processing-job/team-b-7f3e-abc-0")),
        request("sagemaker:CreateProcessingJob", sm("processing-job/churn-7f3e-abc-0")),
        request("sagemaker:CreateTransformJob", sm("transform-job/fraud-7f3e-abc-0")),
        request("sagemaker:CreateHyperParameterTuningJob", sm("hyper-parameter-tuning-job/fraud-1")),
      ],
    });
  });

  it("let the team run its pipelines and pass the pipeline roles to SageMaker only", async () => {
    await assertDecisions(fraud, {
      allowed: [
        request("sagemaker:StartPipelineExecution", sm("pipeline/fraud-train")),
        request("sagemaker:DescribePipelineExecution", sm("pipeline/fraud-train/execution/x1")),
        request("iam:PassRole", role(execRole), toSageMaker),
      ],
      denied: [
        request("sagemaker:StartPipelineExecution", sm("pipeline/churn-train")),
        request("iam:PassRole", role(execRole), { "iam:PassedToService": "lambda.amazonaws.com" }),
      ],
    });
    const teamB = [
      JSON.parse(
        stack.named("aws:iam/policy:Policy", "acme-dev-pipelines-team-team-b").inputs.policy as string,
      ),
    ];
    await assertDecisions(teamB, { denied: [request("iam:PassRole", role(execRole), toSageMaker)] });
  });

  it("are attached to the team's existing principals, named after them", () => {
    const attachments = stack.resources
      .filter(
        (resource) => /PolicyAttachment$/.test(resource.type) && resource.name.startsWith("pipelines-team-"),
      )
      .map((resource) => `${resource.type.split(":").pop()} ${resource.name}`)
      .sort();
    assert.deepEqual(attachments, [
      "GroupPolicyAttachment pipelines-team-team-b-policy-group-TeamB",
      "RolePolicyAttachment pipelines-team-fraud-policy-role-FraudDS",
      "UserPolicyAttachment pipelines-team-fraud-policy-user-alice",
    ]);
  });
});

describe("pipelines: plan", () => {
  const settings = platformSettings(parseStackConfig({ "mlops-iam:namePrefix": "acme-dev" }), testContext);

  it("knows every action of the step-type table in the catalog, on the resource type it names", () => {
    const catalog = iamCatalog();
    for (const type of stepTypeNames) {
      const { grants, childJobs, runtimeGrants } = stepTypes[type];
      for (const grant of [
        ...grants,
        ...childJobs,
        ...runtimeGrants,
        ...Object.values(modelPackageGroupGrants),
      ]) {
        assert.ok(catalog.resourceType("sagemaker", grant.resourceType), grant.resourceType);
        for (const name of grant.actions) {
          const action = catalog.action(name);
          assert.ok(action, `${name} is not in the catalog`);
          assert.ok(
            action.resourceTypes.some((resourceType) => resourceType.name === grant.resourceType),
            `${name} does not take ${grant.resourceType}`,
          );
        }
      }
    }
  });

  it("emits only documents that pass catalog validation and quotas, for every step type", () => {
    const config = pipelinesConfigSchema.parse({
      stepTypes: allStepTypes,
      jobPrefix: "churn",
      pipelineNames: ["churn-train", "ChurnEval"],
      jsonGetBuckets: ["acme-pipelines-dev"],
      s3Buckets: ["acme-data-dev"],
      modelPackageGroups: ["churn-models", "ChurnModels"],
      stepRoles: Object.fromEntries(
        allStepTypes
          .filter((type) => stepTypes[type].passesRole)
          .map((type) => [type, { s3Buckets: [`acme-${type.toLowerCase()}-dev`] }]),
      ),
      teams: [
        {
          name: "fraud",
          prefix: "fraud",
          stepTypes: allStepTypes,
          pipelineNames: ["fraud-train"],
          passPipelineRoles: true,
        },
      ],
    });
    const plan = planSection(pipelinesSection, config, settings, iamCatalog());
    // The execution role and a step role per step type that passes a role (not transform nor register).
    assert.equal(plan.roles.length, 8);
    const problems = [
      ...plan.roles.flatMap((rolePlan) => rolePlanProblems(rolePlan, settings, iamCatalog())),
      ...plan.policies.flatMap((policyPlan) => policyPlanProblems(policyPlan, settings, iamCatalog())),
    ];
    assert.deepEqual(problems, []);
  });

  it("renames nothing when teams, step types and step roles are listed in another order", async () => {
    const snapshot = (stack: TestStack) =>
      stack.resources
        .map((resource) => `${resource.type} ${resource.name} ${JSON.stringify(resource.inputs)}`)
        .sort();
    const forward = await buildTestStack({
      ...example,
      pipelines: {
        ...example.pipelines,
        stepRoles: { training: {}, processing: { s3Buckets: ["a-bucket", "b-bucket"] } },
      },
    });
    const reversed = await buildTestStack({
      ...example,
      pipelines: {
        ...example.pipelines,
        stepTypes: [...allStepTypes].reverse(),
        stepRoles: { processing: { s3Buckets: ["b-bucket", "a-bucket"] }, training: {} },
        teams: [...example.pipelines.teams]
          .reverse()
          .map((team) => ({ ...team, stepTypes: [...team.stepTypes].reverse() })),
      },
    });
    assert.deepEqual(snapshot(reversed), snapshot(forward));
  });

  it("registers one component per role and team, typed mlops-iam:index:<Name>, named from config", async () => {
    const stack = await sharedTestStack(example);
    const components = stack.resources
      .filter((resource) => resource.type.startsWith("mlops-iam:index:Pipeline"))
      .map((resource) => `${resource.type} ${resource.name}`)
      .sort();
    assert.deepEqual(components, [
      "mlops-iam:index:PipelineExecutionRole pipeline-exec",
      "mlops-iam:index:PipelineStepRole pipeline-step-training",
      "mlops-iam:index:PipelineTeamPolicy pipelines-team-fraud",
      "mlops-iam:index:PipelineTeamPolicy pipelines-team-team-b",
    ]);
  });

  it("refuses a step role for a step type that passes no role, before registering anything", async () => {
    mocks.reset();
    assert.throws(
      () => new PipelineStepRole("step", { settings, stepType: "registerModel" }),
      /step type registerModel passes no role to SageMaker/,
    );
    await registrationsSettled();
    assert.deepEqual(mocks.registered, []);
  });

  it("registers nothing when the config is invalid", async () => {
    mocks.reset();
    await assert.rejects(
      buildTestStack({ namePrefix: "acme-dev", pipelines: { stepTypes: ["tuning"], jobPrefix: "toolong" } }),
      ConfigError,
    );
    assert.deepEqual(mocks.registered, []);
  });
});

describe("pipelines: component arguments for other languages", () => {
  const settings = platformSettings(parseStackConfig({ "mlops-iam:namePrefix": "acme-dev" }), testContext);
  const allowed = stepTypeNames.join(", ");

  /** Asserts construction throws a PlanError with these problems and registers nothing at all. */
  async function refuses(construct: () => unknown, problems: string[]): Promise<void> {
    mocks.reset();
    assert.throws(construct, (error: unknown) => {
      assert.ok(error instanceof PlanError, String(error));
      assert.deepEqual(error.problems, problems);
      return true;
    });
    await registrationsSettled();
    assert.deepEqual(mocks.registered, []);
  }

  it("narrows step types only to the table's names", () => {
    assert.equal(isStepType("registerModel"), true);
    for (const value of ["Training", "register-model", "", undefined, 1])
      assert.equal(isStepType(value), false);
  });

  it("PipelineExecutionRole refuses unknown stepTypes and stepRoleTypes, naming each, before registering", async () => {
    await refuses(
      () =>
        new PipelineExecutionRole("exec", {
          settings,
          stepTypes: ["training", "trainning"],
          stepRoleTypes: ["Processing"],
        }),
      [
        `exec: stepTypes[1]: expected one of ${allowed}, got "trainning"`,
        `exec: stepRoleTypes[0]: expected one of ${allowed}, got "Processing"`,
      ],
    );
  });

  it("PipelineStepRole refuses an unknown stepType, naming it, before registering", async () => {
    await refuses(
      () => new PipelineStepRole("step", { settings, stepType: "register-model" }),
      [`step: stepType: expected one of ${allowed}, got "register-model"`],
    );
  });

  it("PipelineTeamPolicy refuses unknown stepTypes, naming them, before registering", async () => {
    await refuses(
      () => new PipelineTeamPolicy("team", { settings, team: "fraud", stepTypes: ["quality-check"] }),
      [`team: stepTypes[0]: expected one of ${allowed}, got "quality-check"`],
    );
  });
});

describe("pipelines: transform jobs run with their model's role", () => {
  const settings = platformSettings(parseStackConfig({ "mlops-iam:namePrefix": "acme-dev" }), testContext);
  let stack: TestStack;
  before(async () => {
    stack = await buildTestStack({
      namePrefix: "acme-dev",
      pipelines: {
        stepTypes: ["training", "model", "transform"],
        jobPrefix: "churn",
        pipelineNames: ["churn-train"],
        stepRoles: {
          training: { s3Buckets: ["acme-features-dev"] },
          model: { s3Buckets: ["acme-features-dev", "acme-pipelines-dev"] },
        },
      },
    });
  });

  it("passes no transform step role: the execution role creates transform jobs and passes the model's role", async () => {
    const pass = (name: string) => request("iam:PassRole", role(name), toSageMaker);
    await assertDecisions(stack.rolePolicies(execRole), {
      allowed: [
        pass("acme-dev-step-model"),
        request("sagemaker:CreateTransformJob", sm("transform-job/churn-1-abc-0")),
        request("sagemaker:DescribeTransformJob", sm("transform-job/churn-1-abc-0")),
        request("sagemaker:StopTransformJob", sm("transform-job/churn-1-abc-0")),
      ],
      denied: [
        pass("acme-dev-step-transform"),
        // Transform runs with no role of its own, so with every other step on a step role, none runs
        // with the execution role: it passes neither itself nor needs runtime permissions.
        pass(execRole),
        request("sagemaker:CreateTransformJob", sm("transform-job/other-1")),
      ],
    });
    assert.throws(() => stack.named("aws:iam/role:Role", "acme-dev-step-transform"), /no aws:iam\/role:Role/);
  });

  it("PipelineExecutionRole refuses transform among stepRoleTypes instead of granting PassRole for it", () => {
    assert.throws(
      () =>
        planExecutionRole(
          "exec",
          { settings, stepTypes: ["model", "transform"], stepRoleTypes: ["model", "transform"] },
          iamCatalog(),
        ),
      (error: unknown) => {
        assert.ok(error instanceof PlanError, String(error));
        assert.deepEqual(error.problems, [
          "exec: stepRoleTypes[1]: transform passes no role to SageMaker, so it has no step role",
        ]);
        return true;
      },
    );
  });

  it("PipelineStepRole refuses transform, saying its data access belongs on the model's role", () => {
    assert.throws(
      () =>
        planStepRole(
          "step",
          { settings, stepType: "transform", s3Buckets: ["acme-pipelines-dev"] },
          iamCatalog(),
        ),
      /step type transform passes no role to SageMaker, so it cannot have a step role \(.*stepRoles\.model \(the model's role\)\)/,
    );
  });

  it("give the model's role its artifacts and the transform's data", async () => {
    await assertDecisions(stack.rolePolicies("acme-dev-step-model"), {
      allowed: [
        request("s3:GetObject", "arn:aws:s3:::acme-features-dev/churn-1/output/model.tar.gz"),
        request("s3:ListBucket", "arn:aws:s3:::acme-features-dev"),
        request("s3:GetObject", "arn:aws:s3:::acme-pipelines-dev/batch/input.csv"),
        request("s3:PutObject", "arn:aws:s3:::acme-pipelines-dev/batch/input.csv.out"),
      ],
      denied: [request("s3:GetObject", "arn:aws:s3:::acme-raw-dev/raw.csv")],
    });
  });

  it("PipelineStepRole refuses a model role without buckets", () => {
    assert.throws(
      () => planStepRole("step", { settings, stepType: "model" }, iamCatalog()),
      (error: unknown) => {
        assert.ok(error instanceof PlanError, String(error));
        assert.match(
          error.problems[0],
          /^step: s3Buckets: a model's role needs the buckets of its artifacts/,
        );
        return true;
      },
    );
  });
});

describe("pipelines: model package groups", () => {
  let policies: PolicyDocument[];
  before(async () => {
    const stack = await buildTestStack({
      ...example,
      pipelines: { ...example.pipelines, modelPackageGroups: ["customer-churn", "ChurnModels"] },
    });
    policies = stack.rolePolicies(execRole);
  });

  const on = (action: string, path: string) => request(action, sm(path));

  it("let registerModel register versioned packages into the configured groups, named without the prefix", async () => {
    await assertDecisions(policies, {
      allowed: [
        on("sagemaker:CreateModelPackage", "model-package/customer-churn/3"),
        on("sagemaker:DescribeModelPackage", "model-package/customer-churn/3"),
        on("sagemaker:AddTags", "model-package/customer-churn/3"),
        on("sagemaker:CreateModelPackageGroup", "model-package-group/customer-churn"),
        on("sagemaker:DescribeModelPackageGroup", "model-package-group/customer-churn"),
        on("sagemaker:AddTags", "model-package-group/customer-churn"),
        // SageMaker writes model package ARNs in lower case.
        on("sagemaker:CreateModelPackage", "model-package/churnmodels/1"),
        on("sagemaker:CreateModelPackageGroup", "model-package-group/ChurnModels"),
      ],
    });
  });

  it("keep unversioned packages to the prefix, and other groups out", async () => {
    await assertDecisions(policies, {
      allowed: [on("sagemaker:CreateModelPackage", "model-package/churn-xgb-1")],
      denied: [
        on("sagemaker:CreateModelPackage", "model-package/fraud-models/1"),
        on("sagemaker:CreateModelPackageGroup", "model-package-group/fraud-models"),
        on("sagemaker:DeleteModelPackageGroup", "model-package-group/customer-churn"),
      ],
    });
  });
});

describe("pipelines: team policies for pipelines with capital letters", () => {
  it("match the pipeline and its executions in both spellings SageMaker uses", async () => {
    const stack = await buildTestStack({
      ...example,
      pipelines: {
        ...example.pipelines,
        teams: [{ name: "fraud", prefix: "fraud", stepTypes: ["training"], pipelineNames: ["ChurnTrain"] }],
      },
    });
    const team = [
      JSON.parse(
        stack.named("aws:iam/policy:Policy", "acme-dev-pipelines-team-fraud").inputs.policy as string,
      ),
    ];
    await assertDecisions(team, {
      allowed: ["ChurnTrain", "churntrain"].flatMap((name) => [
        request("sagemaker:StartPipelineExecution", sm(`pipeline/${name}`)),
        request("sagemaker:DescribePipeline", sm(`pipeline/${name}`)),
        request("sagemaker:StopPipelineExecution", sm(`pipeline/${name}/execution/x1`)),
        request("sagemaker:ListPipelineExecutionSteps", sm(`pipeline/${name}/execution/x1`)),
      ]),
      denied: [request("sagemaker:StartPipelineExecution", sm("pipeline/churntrain2"))],
    });
  });
});

describe("pipelines: ClarifyCheckStep's shadow endpoint", () => {
  const shadow = (type: string) => sm(`${type}/sm-clarify-churn-model-1700000000-a1b2`);
  const clarifyRequests = [
    request("sagemaker:CreateEndpointConfig", shadow("endpoint-config")),
    request("sagemaker:DescribeEndpointConfig", shadow("endpoint-config")),
    request("sagemaker:DeleteEndpointConfig", shadow("endpoint-config")),
    request("sagemaker:CreateEndpoint", shadow("endpoint-config")),
    request("sagemaker:CreateEndpoint", shadow("endpoint")),
    request("sagemaker:DescribeEndpoint", shadow("endpoint")),
    request("sagemaker:InvokeEndpoint", shadow("endpoint")),
    request("sagemaker:DeleteEndpoint", shadow("endpoint")),
    request("sagemaker:AddTags", shadow("endpoint")),
    request("sagemaker:DescribeModel", sm("model/churn-4f8a9c2d1b-abc-0")),
  ];
  const otherEndpoints = [
    request("sagemaker:InvokeEndpoint", sm("endpoint/churn-prod")),
    request("sagemaker:DeleteEndpoint", sm("endpoint/churn-prod")),
    request("sagemaker:CreateEndpoint", sm("endpoint/prod-sm-clarify-1")),
    request("sagemaker:CreateEndpoint", `arn:aws:sagemaker:eu-west-1:${account}:endpoint/sm-clarify-churn-1`),
    request("sagemaker:DescribeModel", sm("model/other-1")),
  ];

  it("can be started by the execution role when clarify checks run with it", async () => {
    const stack = await sharedTestStack(example);
    // AutoML runs with the execution role too and manages its candidates' endpoints `endpoint/churn-*`.
    const notAutoMl = otherEndpoints.filter((other) => !other.resource.endsWith("endpoint/churn-prod"));
    await assertDecisions(stack.rolePolicies(execRole), { allowed: clarifyRequests, denied: notAutoMl });
  });

  it("can be started by the clarifyCheck step role, and then not by the execution role", async () => {
    const stack = await buildTestStack({
      namePrefix: "acme-dev",
      pipelines: {
        stepTypes: ["processing", "clarifyCheck"],
        jobPrefix: "churn",
        stepRoles: { clarifyCheck: { s3Buckets: ["acme-pipelines-dev"] } },
      },
    });
    await assertDecisions(stack.rolePolicies("acme-dev-step-clarify-check"), {
      allowed: clarifyRequests,
      denied: [
        ...otherEndpoints,
        // The step role itself creates no processing jobs (the execution role does).
        request("sagemaker:CreateProcessingJob", sm("processing-job/churn-1")),
      ],
    });
    await assertDecisions(stack.rolePolicies(execRole), { denied: clarifyRequests });
  });

  it("is not granted to stacks without clarify checks", async () => {
    const stack = await buildTestStack({
      namePrefix: "acme-dev",
      pipelines: { stepTypes: ["processing", "qualityCheck"], jobPrefix: "churn" },
    });
    await assertDecisions(stack.rolePolicies(execRole), { denied: clarifyRequests });
  });
});

describe("pipelines: child jobs of tuning and AutoML", () => {
  it("let the execution role watch and stop a tuning job's training jobs, not create them", async () => {
    const stack = await buildTestStack({
      namePrefix: "acme-dev",
      pipelines: {
        stepTypes: ["tuning"],
        jobPrefix: "churn",
        teams: [{ name: "fraud", prefix: "fraud", stepTypes: ["tuning"] }],
      },
    });
    const child = sm("training-job/churn-230101-1a2b-001-abcdef12");
    await assertDecisions(stack.rolePolicies(execRole), {
      allowed: [
        request("sagemaker:DescribeTrainingJob", child),
        request("sagemaker:StopTrainingJob", child),
        request("sagemaker:CreateHyperParameterTuningJob", sm("hyper-parameter-tuning-job/churn-1")),
      ],
      denied: [request("sagemaker:CreateTrainingJob", child), request("sagemaker:AddTags", child)],
    });
    const team = [
      JSON.parse(
        stack.named("aws:iam/policy:Policy", "acme-dev-pipelines-team-fraud").inputs.policy as string,
      ),
    ];
    const teamChild = sm("training-job/fraud-230101-1a2b-001-abcdef12");
    await assertDecisions(team, {
      allowed: [request("sagemaker:DescribeTrainingJob", teamChild)],
      denied: [request("sagemaker:CreateTrainingJob", teamChild)],
    });
  });

  it("grant AutoML only the V1 API, and leave its child jobs to the service", async () => {
    const own = await buildTestStack({
      namePrefix: "acme-dev",
      pipelines: { stepTypes: ["automl"], jobPrefix: "churn" },
    });
    const on = (action: string, path: string) => request(action, sm(path));
    await assertDecisions(own.rolePolicies(execRole), {
      allowed: [
        on("sagemaker:CreateAutoMLJob", "automl-job/churn-1"),
        on("sagemaker:DescribeAutoMLJob", "automl-job/churn-1"),
        // AutoML runs with the execution role here, so that role manages the candidates' endpoints.
        on("sagemaker:CreateEndpoint", "endpoint/churn-1-candidate-1"),
      ],
      denied: [
        on("sagemaker:CreateTrainingJob", "training-job/churn-1-dpp0-1"),
        on("sagemaker:CreateAutoMLJobV2", "automl-job/churn-1"),
        on("sagemaker:DescribeAutoMLJobV2", "automl-job/churn-1"),
      ],
    });

    const stepRole = await buildTestStack({
      namePrefix: "acme-dev",
      pipelines: { stepTypes: ["automl"], jobPrefix: "churn", stepRoles: { automl: {} } },
    });
    await assertDecisions(stepRole.rolePolicies(execRole), {
      allowed: [
        on("sagemaker:DescribeTrainingJob", "training-job/churn-1-dpp0-1"),
        on("sagemaker:StopTransformJob", "transform-job/churn-1-dpp0-1"),
      ],
      denied: [
        on("sagemaker:CreateTrainingJob", "training-job/churn-1-dpp0-1"),
        on("sagemaker:CreateProcessingJob", "processing-job/churn-1-db-1"),
      ],
    });
    await assertDecisions(stepRole.rolePolicies("acme-dev-step-automl"), {
      allowed: [on("sagemaker:CreateModel", "model/churn-1-candidate-1")],
      denied: [
        on("sagemaker:CreateTrainingJob", "training-job/churn-1-dpp0-1"),
        on("sagemaker:CreateTransformJob", "transform-job/churn-1-dpp0-rpb-1"),
      ],
    });
  });
});

// What the roles pipelines' jobs run with may do beyond the step table (components/pipelines/
// documents.ts, awsImages.ts): their log streams, images, the SDK's default bucket, Experiments, the
// baselines lookup, and who may assume a step role. Decided by the IAM evaluator on the registered
// documents.
import { strict as assert } from "node:assert";
import { assertDecisions, mayAssume, request } from "./support/evaluate";
import { configProblems, pipelineDevelopersTeam } from "./support/config";
import { buildTestStack, TestStack } from "./support/stack";

const account = "123456789012";
const role = (name: string) => `arn:aws:iam::${account}:role/${name}`;
const sm = (resource: string) => `arn:aws:sagemaker:us-east-1:${account}:${resource}`;
const stream = (group: string, name: string) =>
  `arn:aws:logs:us-east-1:${account}:log-group:/aws/sagemaker/${group}:log-stream:${name}`;
const repository = (owner: string, name: string) => `arn:aws:ecr:us-east-1:${owner}:repository/${name}`;
const pull = (arn: string) => request("ecr:BatchGetImage", arn);

const base = {
  namePrefix: "acme-dev",
  pipelines: {
    stepTypes: ["training", "processing", "model", "registerModel", "qualityCheck"],
    jobPrefix: "churn",
    pipelineNames: ["churn-train"],
    stepRoles: { training: { s3Buckets: ["acme-features"] }, model: { s3Buckets: ["acme-features"] } },
    teams: [
      {
        name: "fraud",
        prefix: "fraud",
        stepTypes: ["training"],
        passPipelineRoles: true,
        attachToRoles: ["FraudDS"],
      },
      { name: "risk", prefix: "risk", stepTypes: ["processing"], attachToRoles: ["RiskDS"] },
    ],
  },
};

function withPipelines(extra: Record<string, unknown>): Record<string, unknown> {
  return { ...base, pipelines: { ...base.pipelines, ...extra } };
}

describe("pipelines: what a job's role may do beyond its step", () => {
  let stack: TestStack;
  before(async () => {
    stack = await buildTestStack(withPipelines({}));
  });

  it("writes only its own jobs' log streams: the stack's prefix and the teams that pass the role", async () => {
    await assertDecisions(stack.rolePolicies("acme-dev-step-training"), {
      allowed: [
        request("logs:PutLogEvents", stream("TrainingJobs", "churn-abc-123/algo-1-1790000000")),
        request("logs:PutLogEvents", stream("TrainingJobs", "fraud-train-1/algo-1-1790000000")),
      ],
      denied: [
        request("logs:PutLogEvents", stream("TrainingJobs", "risk-train-1/algo-1-1790000000")),
        request("logs:PutLogEvents", stream("TrainingJobs", "pipelines-abc-TrainModel-1/algo-1-1790000000")),
      ],
    });
    // Team risk does not pass the pipeline roles: its jobs never run with the execution role.
    await assertDecisions(stack.rolePolicies("acme-dev-pipeline-exec"), {
      allowed: [request("logs:PutLogEvents", stream("ProcessingJobs", "churn-abc-123/algo-1-1790000000"))],
      denied: [request("logs:PutLogEvents", stream("ProcessingJobs", "risk-prep-1/algo-1-1790000000"))],
    });
  });

  it("pulls from this account and from AWS's image registries of the region, not from other accounts", async () => {
    await assertDecisions(stack.rolePolicies("acme-dev-step-training"), {
      allowed: [
        pull(repository(account, "ml-jobs")),
        pull(repository("763104351884", "pytorch-training")),
        pull(repository("683313688378", "sagemaker-scikit-learn")),
      ],
      denied: [
        pull(repository("210987654321", "pytorch-training")),
        pull("arn:aws:ecr:eu-west-1:763104351884:repository/pytorch-training"),
      ],
    });
  });

  it("pulls only the named repositories and registries when the stack names them", async () => {
    const named = await buildTestStack(
      withPipelines({ imageRepositories: ["ml-jobs"], awsImageAccounts: ["763104351884"] }),
    );
    await assertDecisions(named.rolePolicies("acme-dev-step-training"), {
      allowed: [pull(repository(account, "ml-jobs")), pull(repository("763104351884", "pytorch-training"))],
      denied: [
        pull(repository(account, "other")),
        pull(repository("683313688378", "sagemaker-scikit-learn")),
      ],
    });
  });

  it("uses the SDK's default bucket only when the stack opts in", async () => {
    const key = "arn:aws:s3:::sagemaker-us-east-1-123456789012/churn-train/code/abc/preprocess.py";
    await assertDecisions(stack.rolePolicies("acme-dev-step-training"), {
      denied: [request("s3:GetObject", key)],
    });
    const opted = await buildTestStack(withPipelines({ sdkDefaultBucket: true }));
    for (const name of ["acme-dev-step-training", "acme-dev-step-model", "acme-dev-pipeline-exec"]) {
      await assertDecisions(opted.rolePolicies(name), {
        allowed: [request("s3:GetObject", key), request("s3:PutObject", key)],
      });
    }
    const scp = JSON.parse(String((opted.outputs.pipelines as Record<string, unknown>).scpStatement)) as {
      Resource: string[];
    };
    assert.ok(scp.Resource.includes("arn:aws:s3:::sagemaker-us-east-1-123456789012/*"), JSON.stringify(scp));
  });

  it("creates the pipeline's experiment and trials (unless experiments is off), and looks up baselines", async () => {
    const experiment = [
      request("sagemaker:CreateExperiment", sm("experiment/churn-train")),
      request("sagemaker:CreateTrial", sm("experiment-trial/bs6gaeln463r")),
      request(
        "sagemaker:AssociateTrialComponent",
        sm("experiment-trial-component/churn-abc-aws-training-job"),
      ),
    ];
    await assertDecisions(stack.rolePolicies("acme-dev-pipeline-exec"), {
      allowed: [...experiment, request("sagemaker:ListModelPackages", "*")],
      denied: [
        request("sagemaker:CreateExperiment", sm("experiment/other-pipeline")),
        request(
          "sagemaker:AssociateTrialComponent",
          sm("experiment-trial-component/fraud-abc-aws-training-job"),
        ),
      ],
    });
    const off = await buildTestStack(withPipelines({ experiments: false }));
    await assertDecisions(off.rolePolicies("acme-dev-pipeline-exec"), { denied: experiment });
  });

  it("lets a step role be assumed only by the kinds of job that run with it", async () => {
    const from = (roleName: string, sourceArn: string, sourceAccount = account) =>
      mayAssume(stack.trustOf(roleName), role(`${roleName}`), "sagemaker.amazonaws.com", {
        "aws:SourceAccount": sourceAccount,
        "aws:SourceArn": sourceArn,
      });
    assert.equal(await from("acme-dev-step-training", sm("training-job/churn-abc-1")), true);
    assert.equal(await from("acme-dev-step-training", sm("training-job/fraud-abc-1")), true);
    assert.equal(await from("acme-dev-step-training", sm("processing-job/churn-abc-1")), false);
    assert.equal(await from("acme-dev-step-training", sm("endpoint/churn-abc-1")), false);
    assert.equal(await from("acme-dev-step-training", sm("*")), false);
  });

  it("lets SageMaker assume a model's role for its endpoints with the source ARN AWS prescribes", async () => {
    // security-confused-deputy-prevention.html, "Inference": the source is arn:...:<region>:<account>:*,
    // whose asterisk "does not stand for wildcard"; model/* or endpoint/* would not match it.
    const from = (sourceArn: string, sourceAccount = account) =>
      mayAssume(
        stack.trustOf("acme-dev-step-model"),
        role("acme-dev-step-model"),
        "sagemaker.amazonaws.com",
        {
          "aws:SourceAccount": sourceAccount,
          "aws:SourceArn": sourceArn,
        },
      );
    assert.equal(await from(sm("*")), true);
    // Its transform jobs and ModelStep's repack training job, with their own ARNs.
    assert.equal(await from(sm("transform-job/churn-abc-1")), true);
    assert.equal(await from(sm("training-job/churn-abc-repack")), true);
    // Nothing of another account or region.
    assert.equal(await from("arn:aws:sagemaker:us-east-1:210987654321:*", "210987654321"), false);
    assert.equal(await from(sm("*"), "210987654321"), false);
    assert.equal(await from(`arn:aws:sagemaker:eu-west-1:${account}:*`), false);
  });
});

describe("pipelines: image sources in config", () => {
  it("rejects account ids and repository names that are not AWS's formats, naming the key", () => {
    const problems = configProblems(
      withPipelines({ awsImageAccounts: ["76310435188"], imageRepositories: ["Bad_Name"] }),
    );
    assert.deepEqual(
      problems.map((problem) => problem.split(":").slice(0, 2).join(":")),
      ["mlops-iam:pipelines.imageRepositories[0]", "mlops-iam:pipelines.awsImageAccounts[0]"],
    );
    assert.match(problems.join("\n"), /a 12-digit AWS account id, got "76310435188"/);
    assert.match(problems.join("\n"), /an ECR repository name.*got "Bad_Name"/);
  });
});

describe("pipelines: teams that manage their pipelines", () => {
  it("needs the pipelines and the roles a definition passes, naming the key", () => {
    const problems = configProblems(
      withPipelines({
        teams: [
          {
            name: "ops",
            prefix: "ops",
            stepTypes: ["training"],
            managePipelines: true,
            attachToRoles: ["Ops"],
          },
        ],
      }),
    );
    assert.deepEqual(problems, [
      "mlops-iam:pipelines.teams[0].managePipelines: expected managePipelines only with pipelineNames (the pipelines it may create and update) and passPipelineRoles (a definition passes the execution role); team ops has no pipelineNames, got true",
    ]);
  });

  it("may create and update its pipelines only, and upload to the SDK's default bucket when the stack uses it", async () => {
    const team = pipelineDevelopersTeam("Ops");
    const stack = await buildTestStack(withPipelines({ sdkDefaultBucket: true, teams: [team] }));
    await assertDecisions(stack.rolePolicies("Ops"), {
      allowed: [
        request("sagemaker:CreatePipeline", sm("pipeline/churn-train")),
        request("sagemaker:UpdatePipeline", sm("pipeline/churn-train")),
        request(
          "s3:PutObject",
          "arn:aws:s3:::sagemaker-us-east-1-123456789012/churn-train/code/abc/train.py",
        ),
        request("s3:CreateBucket", "arn:aws:s3:::sagemaker-us-east-1-123456789012"),
      ],
      denied: [
        request("sagemaker:CreatePipeline", sm("pipeline/other")),
        request("sagemaker:DeletePipeline", sm("pipeline/churn-train")),
        request("s3:CreateBucket", "arn:aws:s3:::sagemaker-us-east-1-210987654321"),
      ],
    });
  });
});

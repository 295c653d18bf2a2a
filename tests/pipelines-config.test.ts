import { strict as assert } from "node:assert";
import { parseStackConfig } from "../components/stack";
import { configProblems } from "./support/config";

/** The problems a pipelines section is rejected with. */
function problemsOf(pipelines: unknown): readonly string[] {
  return configProblems({ namePrefix: "acme-dev", pipelines });
}

function parsePipelines(pipelines: unknown) {
  const config = parseStackConfig({ "mlops-iam:namePrefix": "acme-dev", "mlops-iam:pipelines": pipelines });
  assert.ok(config.pipelines);
  return config.pipelines;
}

const base = { stepTypes: ["training", "processing"] };

describe("pipelines config", () => {
  it("applies defaults: prefixing off, source conditions on, the default principal tag", () => {
    const config = parsePipelines(base);
    assert.equal(config.jobPrefix, undefined);
    assert.equal(config.sourceConditions, true);
    assert.deepEqual(config.principalTag, { key: "mlops-iam:pipeline-executor", value: "true" });
    assert.deepEqual(config.teams, []);
    assert.deepEqual(config.stepRoles, {});
  });

  it("accepts the issue's example, also as the JSON text the Pulumi engine passes", () => {
    const example = {
      stepTypes: [
        "training",
        "processing",
        "transform",
        "tuning",
        "automl",
        "model",
        "registerModel",
        "clarifyCheck",
        "qualityCheck",
      ],
      jobPrefix: "churn",
      pipelineNames: ["churn-train"],
      jsonGetBuckets: ["acme-pipelines-dev"],
      stepRoles: { training: { s3Buckets: ["acme-features-dev"] } },
      teams: [
        { name: "fraud", prefix: "fraud", stepTypes: ["training", "processing"], attachToRoles: ["FraudDS"] },
      ],
      principalTag: { key: "mlops:pipeline-executor", value: "true" },
      sourceConditions: true,
    };
    assert.equal(parsePipelines(example).jobPrefix, "churn");
    assert.equal(parsePipelines(JSON.stringify(example)).teams[0].prefix, "fraud");
  });

  it("accepts a 36-character prefix when no step type limits it to 5", () => {
    assert.equal(parsePipelines({ ...base, jobPrefix: "a".repeat(36) }).jobPrefix?.length, 36);
  });

  it("defaults modelPackageGroups to none and accepts SageMaker group names", () => {
    assert.deepEqual(parsePipelines(base).modelPackageGroups, []);
    const groups = ["churn-models", "ChurnModels", "a".repeat(63)];
    assert.deepEqual(
      parsePipelines({ stepTypes: ["registerModel"], modelPackageGroups: groups }).modelPackageGroups,
      groups,
    );
  });

  it("accepts a model step role with the buckets of its artifacts", () => {
    const config = parsePipelines({
      stepTypes: ["training", "model", "transform"],
      stepRoles: { model: { s3Buckets: ["acme-features-dev"] } },
    });
    assert.deepEqual(config.stepRoles.model?.s3Buckets, ["acme-features-dev"]);
  });

  const invalid: [string, unknown, RegExp][] = [
    [
      "a step role for transform, whose jobs run with their model's role",
      {
        stepTypes: ["model", "transform"],
        stepRoles: { transform: { s3Buckets: ["acme-out-dev"] }, model: { s3Buckets: ["acme-out-dev"] } },
      },
      /^mlops-iam:pipelines\.stepRoles\.transform: expected no step role for transform \(a TransformStep passes no role: a transform job runs with the ExecutionRoleArn of its model, so the transform's data access belongs on mlops-iam:pipelines\.stepRoles\.model \(the model's role\)\), got \{"s3Buckets":\["acme-out-dev"\]\}$/,
    ],
    [
      "a model step role without buckets",
      { stepTypes: ["model"], stepRoles: { model: {} } },
      /^mlops-iam:pipelines\.stepRoles\.model\.s3Buckets: expected at least one bucket: the model's role reads its artifacts \(CreateModel checks ModelDataUrl with it\), and transform jobs run with it/,
    ],
    [
      "a model step role with an empty bucket list",
      { stepTypes: ["model", "transform"], stepRoles: { model: { s3Buckets: [] } } },
      /^mlops-iam:pipelines\.stepRoles\.model\.s3Buckets: expected at least one bucket.*, got \[\]$/,
    ],
    [
      "a model package group name with an underscore",
      { stepTypes: ["registerModel"], modelPackageGroups: ["churn_models"] },
      /^mlops-iam:pipelines\.modelPackageGroups\[0\]: expected a SageMaker model package group name/,
    ],
    [
      "a model package group name over 63 characters",
      { stepTypes: ["registerModel"], modelPackageGroups: ["a".repeat(64)] },
      /^mlops-iam:pipelines\.modelPackageGroups\[0\]: expected a SageMaker model package group name/,
    ],
    [
      "a duplicate model package group",
      { stepTypes: ["registerModel"], modelPackageGroups: ["churn-models", "churn-models"] },
      /^mlops-iam:pipelines\.modelPackageGroups: expected model package group names without duplicates/,
    ],
    [
      "model package groups without registerModel",
      { ...base, modelPackageGroups: ["churn-models"] },
      /^mlops-iam:pipelines\.modelPackageGroups: expected model package groups only with registerModel in mlops-iam:pipelines\.stepTypes \(training, processing\)/,
    ],
    [
      "a stack prefix over 5 characters with tuning enabled",
      { stepTypes: ["training", "tuning"], jobPrefix: "churn2" },
      /^mlops-iam:pipelines\.jobPrefix: expected at most 5 characters because tuning is enabled \(longer, a TuningStep job's generated name can exceed SageMaker's limit\); "churn2" has 6, got "churn2"$/,
    ],
    [
      "a stack prefix over 5 characters with AutoML enabled",
      { stepTypes: ["automl"], jobPrefix: "abcdef" },
      /^mlops-iam:pipelines\.jobPrefix: expected at most 5 characters because automl is enabled/,
    ],
    [
      "a stack prefix over 36 characters",
      { ...base, jobPrefix: "a".repeat(37) },
      /^mlops-iam:pipelines\.jobPrefix: expected at most 36 characters because training is enabled/,
    ],
    [
      "a team prefix over 5 characters for a team granted tuning",
      {
        stepTypes: ["training", "tuning"],
        teams: [{ name: "fraud", prefix: "fraud-ds", stepTypes: ["tuning"] }],
      },
      /^mlops-iam:pipelines\.teams\[0\]\.prefix: expected at most 5 characters because tuning is enabled/,
    ],
    [
      "a prefix with an underscore",
      { ...base, jobPrefix: "churn_v2" },
      /^mlops-iam:pipelines\.jobPrefix: expected a job-name prefix of lower-case letters and digits.*got "churn_v2"$/,
    ],
    [
      "a prefix ending in a hyphen",
      { ...base, jobPrefix: "churn-" },
      /^mlops-iam:pipelines\.jobPrefix: expected a job-name prefix/,
    ],
    [
      "a prefix with capitals",
      { ...base, jobPrefix: "Churn" },
      /^mlops-iam:pipelines\.jobPrefix: expected a job-name prefix/,
    ],
    [
      "a team prefix with a slash",
      { ...base, teams: [{ name: "fraud", prefix: "fraud/x", stepTypes: ["training"] }] },
      /^mlops-iam:pipelines\.teams\[0\]\.prefix: expected a job-name prefix/,
    ],
    [
      "an unknown step type",
      { stepTypes: ["training", "trainnig"] },
      /^mlops-iam:pipelines\.stepTypes\[1\]: expected one of "training"\|"processing"\|"transform"\|"tuning"\|"automl"\|"model"\|"registerModel"\|"clarifyCheck"\|"qualityCheck", got "trainnig"$/,
    ],
    ["no step types", { stepTypes: [] }, /^mlops-iam:pipelines\.stepTypes: expected at least one step type/],
    [
      "a missing stepTypes",
      {},
      /^mlops-iam:pipelines\.stepTypes: expected an array \(this key is required\)/,
    ],
    [
      "a duplicate step type",
      { stepTypes: ["training", "training"] },
      /^mlops-iam:pipelines\.stepTypes: expected step types without duplicates/,
    ],
    [
      "an unknown team step type",
      { ...base, teams: [{ name: "fraud", stepTypes: ["hpo"] }] },
      /^mlops-iam:pipelines\.teams\[0\]\.stepTypes\[0\]: expected one of "training"/,
    ],
    [
      "a team step type the stack does not enable",
      { ...base, teams: [{ name: "fraud", prefix: "fraud", stepTypes: ["processing", "transform"] }] },
      /^mlops-iam:pipelines\.teams\[0\]\.stepTypes\[1\]: expected a step type enabled for the stack \(mlops-iam:pipelines\.stepTypes: training, processing\), got "transform"$/,
    ],
    [
      "a step role for a step type the stack does not enable",
      { ...base, stepRoles: { qualityCheck: { s3Buckets: ["acme-out-dev"] } } },
      /^mlops-iam:pipelines\.stepRoles\.qualityCheck: expected a step role only for an enabled step type; qualityCheck is not in mlops-iam:pipelines\.stepTypes/,
    ],
    [
      "a step role for register model, which passes no role",
      { stepTypes: ["registerModel"], stepRoles: { registerModel: {} } },
      /^mlops-iam:pipelines\.stepRoles\.registerModel: unknown key \(expected one of training, processing, transform, tuning, automl, model, clarifyCheck, qualityCheck\)/,
    ],
    [
      "a step role for an unknown step type",
      { ...base, stepRoles: { trainig: {} } },
      /^mlops-iam:pipelines\.stepRoles\.trainig: unknown key .*did you mean training\?$/,
    ],
    [
      "two teams sharing a prefix",
      {
        ...base,
        teams: [
          { name: "fraud", prefix: "fraud", stepTypes: ["training"] },
          { name: "fraud2", prefix: "fraud", stepTypes: ["training"] },
        ],
      },
      /^mlops-iam:pipelines\.teams\[1\]\.prefix: expected a job-name prefix that differs from "fraud" of mlops-iam:pipelines\.teams\[0\]\.prefix \(team fraud\) \(their policies would overlap\), got "fraud"$/,
    ],
    [
      "one team's prefix the start of another's",
      {
        ...base,
        teams: [
          { name: "fraud", prefix: "fraud", stepTypes: ["training"] },
          { name: "fraud-eu", prefix: "fraud-eu", stepTypes: ["training"] },
        ],
      },
      /^mlops-iam:pipelines\.teams\[1\]\.prefix: expected a job-name prefix that neither starts nor is the start of "fraud"/,
    ],
    [
      "a team prefix overlapping the stack's jobPrefix",
      {
        ...base,
        jobPrefix: "churn",
        teams: [{ name: "churners", prefix: "churn2", stepTypes: ["training"] }],
      },
      /^mlops-iam:pipelines\.teams\[0\]\.prefix: expected .* "churn" of mlops-iam:pipelines\.jobPrefix/,
    ],
    [
      "two teams without prefix (both match pipelines-...)",
      {
        ...base,
        teams: [
          { name: "a", stepTypes: ["training"] },
          { name: "b", stepTypes: ["training"] },
        ],
      },
      /^mlops-iam:pipelines\.teams\[1\]\.prefix: expected a job-name prefix that differs from "pipelines" .*no prefix means the default "pipelines-" names/,
    ],
    [
      "two teams of the same name",
      {
        ...base,
        teams: [
          { name: "fraud", prefix: "fraud", stepTypes: ["training"] },
          { name: "fraud", prefix: "risk", stepTypes: ["training"] },
        ],
      },
      /^mlops-iam:pipelines\.teams\[1\]\.name: expected a team name used once; teams\[0\] is already named fraud, got "fraud"$/,
    ],
    [
      "a team name IAM does not allow",
      { ...base, teams: [{ name: "fraud team", prefix: "fraud", stepTypes: ["training"] }] },
      /^mlops-iam:pipelines\.teams\[0\]\.name: expected only the characters IAM allows/,
    ],
    [
      "an unknown team key",
      { ...base, teams: [{ name: "fraud", prefix: "fraud", stepTypes: ["training"], attachToRole: ["X"] }] },
      /^mlops-iam:pipelines\.teams\[0\]\.attachToRole: unknown key .*did you mean attachToRoles\?$/,
    ],
    [
      "an invalid JsonGet bucket",
      { ...base, jsonGetBuckets: ["Acme_Bucket"] },
      /^mlops-iam:pipelines\.jsonGetBuckets\[0\]: expected an S3 bucket name/,
    ],
    [
      "a principal tag key reserved by AWS",
      { ...base, principalTag: { key: "aws:executor", value: "true" } },
      /^mlops-iam:pipelines\.principalTag\.key: expected a tag key that does not start with aws:/,
    ],
    [
      "an invalid VPC id",
      { ...base, scpSourceVpcIds: ["my-vpc"] },
      /^mlops-iam:pipelines\.scpSourceVpcIds\[0\]: expected a VPC id/,
    ],
    [
      "a pipeline name with a space",
      { ...base, pipelineNames: ["churn train"] },
      /^mlops-iam:pipelines\.pipelineNames\[0\]: expected a SageMaker pipeline name/,
    ],
  ];

  for (const [what, pipelines, expected] of invalid) {
    it(`rejects ${what}, naming the key`, () => {
      const problems = problemsOf(pipelines);
      assert.ok(
        problems.some((problem) => expected.test(problem)),
        `no problem matches ${expected}:\n${problems.join("\n")}`,
      );
    });
  }

  it("reports every problem together", () => {
    const problems = problemsOf({
      stepTypes: ["tuning"],
      jobPrefix: "too-long",
      stepRoles: { training: {} },
      teams: [{ name: "fraud", prefix: "fraud", stepTypes: ["training"] }],
    });
    assert.equal(problems.length, 3, problems.join("\n"));
  });
});

/** Guardrails on the jobs: conditions on the job-creating actions, and what the jobs need to run under them. */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PolicyDocument } from "../iam";
import { assertDecisions, request } from "./support/evaluate";
import { configProblems } from "./support/config";
import { buildTestStack, TestStack } from "./support/stack";

const account = "123456789012";
const key = `arn:aws:kms:us-east-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const otherKey = `arn:aws:kms:us-east-1:${account}:key/00000000-0000-0000-0000-000000000000`;
const job = (type: string, name: string) => `arn:aws:sagemaker:us-east-1:${account}:${type}/${name}`;
const guardrails = {
  subnets: ["subnet-0abc1234def567890"],
  securityGroupIds: ["sg-0abc1234def567890"],
  networkIsolation: true,
  interContainerTrafficEncryption: true,
  volumeKmsKeyArn: key,
  outputKmsKeyArn: key,
  instanceTypes: ["ml.m5.xlarge", "ml.m5.2xlarge"],
  maxRuntimeInSeconds: 86400,
};
/** The request context of a CreateTrainingJob made with every guardrail's setting. */
const compliant = {
  "sagemaker:VpcSubnets": ["subnet-0abc1234def567890"],
  "sagemaker:VpcSecurityGroupIds": ["sg-0abc1234def567890"],
  "sagemaker:NetworkIsolation": "true",
  "sagemaker:InterContainerTrafficEncryption": "true",
  "sagemaker:VolumeKmsKeyArn": key,
  "sagemaker:OutputKmsKeyArn": key,
  "sagemaker:InstanceTypes": ["ml.m5.xlarge"],
  "sagemaker:MaxRuntimeInSeconds": "3600",
};
const without = (name: keyof typeof compliant) =>
  Object.fromEntries(Object.entries(compliant).filter(([other]) => other !== name));

describe("pipelines: guardrails on the jobs", () => {
  let stack: TestStack;
  before(async () => {
    stack = await buildTestStack({
      namePrefix: "acme-dev",
      pipelines: {
        stepTypes: ["training", "processing", "transform", "model"],
        jobPrefix: "churn",
        s3Buckets: ["acme-pipelines-dev"],
        guardrails,
        teams: [
          {
            name: "fraud",
            prefix: "fraud",
            stepTypes: ["training"],
            attachToRoles: ["FraudDS"],
            guardrails: { instanceTypes: ["ml.c5.xlarge"] },
          },
        ],
      },
    });
  });

  it("allows a training job created with the configured settings, and denies one without or with others", async () => {
    const create = (context: Record<string, string | string[]>) =>
      request("sagemaker:CreateTrainingJob", job("training-job", "churn-a1b2c3d4e5f6-x"), context);
    await assertDecisions(stack.rolePolicies("acme-dev-pipeline-exec"), {
      allowed: [
        create(compliant),
        request("sagemaker:DescribeTrainingJob", job("training-job", "churn-a1b2c3d4e5f6-x")),
        request("sagemaker:StopTrainingJob", job("training-job", "churn-a1b2c3d4e5f6-x")),
      ],
      denied: [
        create(without("sagemaker:VpcSubnets")),
        create({
          ...compliant,
          "sagemaker:VpcSubnets": ["subnet-0abc1234def567890", "subnet-0fff0000aaaa11112"],
        }),
        create(without("sagemaker:VpcSecurityGroupIds")),
        create(without("sagemaker:NetworkIsolation")),
        create({ ...compliant, "sagemaker:NetworkIsolation": "false" }),
        create(without("sagemaker:InterContainerTrafficEncryption")),
        create(without("sagemaker:VolumeKmsKeyArn")),
        create({ ...compliant, "sagemaker:OutputKmsKeyArn": otherKey }),
        create({ ...compliant, "sagemaker:InstanceTypes": ["ml.p4d.24xlarge"] }),
        create(without("sagemaker:InstanceTypes")),
        create({ ...compliant, "sagemaker:MaxRuntimeInSeconds": "172800" }),
        create(without("sagemaker:MaxRuntimeInSeconds")),
      ],
    });
  });

  it("puts on each action only the keys the catalog gives it, and says which it cannot carry", async () => {
    const transform = job("transform-job", "churn-a1b2c3d4e5f6-x");
    await assertDecisions(stack.rolePolicies("acme-dev-pipeline-exec"), {
      allowed: [
        request("sagemaker:CreateTransformJob", transform, {
          "sagemaker:InstanceTypes": ["ml.m5.xlarge"],
          "sagemaker:VolumeKmsKeyArn": key,
          "sagemaker:OutputKmsKeyArn": key,
        }),
      ],
      denied: [
        request("sagemaker:CreateTransformJob", transform, { "sagemaker:InstanceTypes": ["ml.p3.2xlarge"] }),
      ],
    });
    const gaps = (stack.outputs.pipelines as { guardrailGaps: Record<string, string[]> }).guardrailGaps;
    assert.deepEqual(gaps["sagemaker:CreateTransformJob"], [
      "interContainerTrafficEncryption",
      "maxRuntimeInSeconds",
      "networkIsolation",
      "securityGroupIds",
      "subnets",
    ]);
    assert.deepEqual(gaps["sagemaker:CreateModel"], [
      "instanceTypes",
      "interContainerTrafficEncryption",
      "maxRuntimeInSeconds",
      "outputKmsKeyArn",
      "volumeKmsKeyArn",
    ]);
    assert.equal(gaps["sagemaker:CreateTrainingJob"], undefined, "training carries every key");
  });

  it("lets a team's setting override the section's, keeping the rest", async () => {
    const create = (types: string[]) =>
      request("sagemaker:CreateTrainingJob", job("training-job", "fraud-a1b2c3d4e5f6-x"), {
        ...compliant,
        "sagemaker:InstanceTypes": types,
      });
    await assertDecisions(stack.rolePolicies("FraudDS"), {
      allowed: [create(["ml.c5.xlarge"])],
      denied: [
        create(["ml.m5.xlarge"]),
        request("sagemaker:CreateTrainingJob", job("training-job", "fraud-a1b2c3d4e5f6-x"), {
          ...without("sagemaker:VpcSubnets"),
          "sagemaker:InstanceTypes": ["ml.c5.xlarge"],
        }),
      ],
    });
  });

  it("gives the jobs' role its network interfaces in the configured subnets and the keys through SageMaker and S3", async () => {
    const ec2 = (type: string, id: string) => `arn:aws:ec2:us-east-1:${account}:${type}/${id}`;
    await assertDecisions(stack.rolePolicies("acme-dev-pipeline-exec"), {
      allowed: [
        request("ec2:CreateNetworkInterface", ec2("subnet", "subnet-0abc1234def567890")),
        request("ec2:CreateNetworkInterface", ec2("security-group", "sg-0abc1234def567890")),
        request("ec2:CreateNetworkInterface", ec2("network-interface", "eni-0123456789abcdef0")),
        request("ec2:DeleteNetworkInterface", ec2("network-interface", "eni-0123456789abcdef0")),
        request("ec2:DescribeNetworkInterfaces", "*"),
        request("kms:CreateGrant", key, { "kms:ViaService": "sagemaker.us-east-1.amazonaws.com" }),
        request("kms:GenerateDataKey", key, { "kms:ViaService": "s3.us-east-1.amazonaws.com" }),
      ],
      denied: [
        request("ec2:CreateNetworkInterface", ec2("subnet", "subnet-0fff0000aaaa11112")),
        request("kms:Decrypt", key),
        request("kms:Decrypt", otherKey, { "kms:ViaService": "s3.us-east-1.amazonaws.com" }),
      ],
    });
  });

  it("rejects guardrails in the wrong format, naming each key", () => {
    const problems = configProblems({
      namePrefix: "acme-dev",
      pipelines: {
        stepTypes: ["training", "automl"],
        guardrails: {
          subnets: ["subnet_1"],
          securityGroupIds: ["sg-XYZ"],
          instanceTypes: ["m5.xlarge"],
          maxRuntimeInSeconds: 3000000,
          volumeKmsKeyArn: "alias/ml",
          networkIsolation: true,
        },
      },
    });
    const at = (field: string) => `mlops-iam:pipelines.guardrails.${field}`;
    for (const expected of [
      `${at("subnets")}[0]: expected a subnet id (subnet-...), got "subnet_1"`,
      `${at("securityGroupIds")}[0]: expected a security group id (sg-...), got "sg-XYZ"`,
      `${at("instanceTypes")}[0]: expected a SageMaker instance type (ml.<family>.<size>), got "m5.xlarge"`,
      `${at("maxRuntimeInSeconds")}: expected at most 2,419,200 seconds (28 days, SageMaker's longest job), got 3000000`,
      `${at("volumeKmsKeyArn")}: expected the ARN of a KMS key (arn:<partition>:kms:<region>:<account>:key/<key-id>), not an alias, got "alias/ml"`,
    ]) {
      assert.ok(problems.includes(expected), `${expected}\namong:\n${problems.join("\n")}`);
    }
  });

  it("rejects network isolation with AutoML, and a key of another region", async () => {
    assert.deepEqual(
      configProblems({
        namePrefix: "acme-dev",
        pipelines: { stepTypes: ["training", "automl"], guardrails: { networkIsolation: true } },
      }),
      [
        "mlops-iam:pipelines.guardrails.networkIsolation: expected networkIsolation only without automl among the step types: AutoML jobs cannot be network-isolated, got true",
      ],
    );
    await assert.rejects(
      buildTestStack({
        namePrefix: "acme-dev",
        pipelines: {
          stepTypes: ["training"],
          guardrails: { volumeKmsKeyArn: key.replace("us-east-1", "eu-west-1") },
        },
      }),
      /mlops-iam:pipelines\.guardrails\.volumeKmsKeyArn: expected a key of the stack's partition aws and region us-east-1/,
    );
  });
});

describe("pipelines: guardrails of a stack file, as its committed offline plan shows them", () => {
  // plan/prod/ is what `npm run plan -- --stack prod` writes (tests/plan.test.ts keeps it current).
  const prodRole = (name: string): PolicyDocument[] => {
    const file = JSON.parse(
      readFileSync(join(__dirname, "..", "plan", "prod", "roles", `${name}.json`), "utf8"),
    ) as {
      managedPolicies: { document: PolicyDocument }[];
    };
    return file.managedPolicies.map((policy) => policy.document);
  };
  const prodKey = "arn:aws:kms:eu-west-1:210987654321:key/7f3e2d1c-0b9a-4876-9543-210fedcba987";
  const prodCompliant = {
    "sagemaker:VpcSubnets": ["subnet-0a1b2c3d4e5f60718"],
    "sagemaker:VpcSecurityGroupIds": ["sg-0a1b2c3d4e5f60720"],
    "sagemaker:NetworkIsolation": "true",
    "sagemaker:InterContainerTrafficEncryption": "true",
    "sagemaker:VolumeKmsKeyArn": prodKey,
    "sagemaker:OutputKmsKeyArn": prodKey,
    "sagemaker:InstanceTypes": ["ml.m5.xlarge"],
    "sagemaker:MaxRuntimeInSeconds": "3600",
  };
  const trainingJob = "arn:aws:sagemaker:eu-west-1:210987654321:training-job/churn-a1b2c3d4e5f6-x";
  const create = (context: Record<string, string | string[]>) =>
    request("sagemaker:CreateTrainingJob", trainingJob, context);
  const omit = (name: keyof typeof prodCompliant) =>
    Object.fromEntries(Object.entries(prodCompliant).filter(([other]) => other !== name));

  it("denies the prod execution role a training job outside the subnets, without the key or on another instance type", async () => {
    await assertDecisions(prodRole("acme-prod-pipeline-exec"), {
      allowed: [create(prodCompliant)],
      denied: [
        create({ ...prodCompliant, "sagemaker:VpcSubnets": ["subnet-0fff0000aaaa11112"] }),
        create(omit("sagemaker:VpcSubnets")),
        create(omit("sagemaker:VolumeKmsKeyArn")),
        create({ ...prodCompliant, "sagemaker:OutputKmsKeyArn": otherKey }),
        create({ ...prodCompliant, "sagemaker:InstanceTypes": ["ml.p4d.24xlarge"] }),
      ],
    });
  });
});

/**
 * Guardrails on the jobs a pipeline (or a team) creates: network, encryption and cost, as IAM
 * conditions on the job-creating actions. The IAM catalog decides which action takes which key; a
 * request that omits a configured setting is denied (`Null` checks, or operators that fail on a
 * missing key), and one with other values too.
 *
 * Keys: SageMaker's condition keys (`sagemaker:VpcSubnets`, `VpcSecurityGroupIds`, `NetworkIsolation`,
 * `InterContainerTrafficEncryption`, `VolumeKmsKeyArn`, `OutputKmsKeyArn`, `InstanceTypes`,
 * `MaxRuntimeInSeconds`), https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html#amazonsagemaker-policy-keys,
 * as SageMaker Role Manager and AWS's secure-MLOps samples use them.
 */
import { z } from "../../config/zod";
import { uniqueList } from "../../config/common";
import {
  ArnContext,
  ConditionBlock,
  IamCatalog,
  PolicyStatement,
  allow,
  allowOnAnyResource,
  serviceEndpoint,
} from "../../iam";

/** The settings every job must be created with. Plain values, so the component package can take them. */
export interface JobGuardrails {
  /** Subnets every job runs in (`VpcConfig.Subnets`): each must be one of these. Default: no network rule. */
  readonly subnets?: string[];
  /** Security groups of every job (`VpcConfig.SecurityGroupIds`): each must be one of these. Default: none. */
  readonly securityGroupIds?: string[];
  /** Every job must isolate its network (`EnableNetworkIsolation`). Default: false. */
  readonly networkIsolation?: boolean;
  /** Every distributed job must encrypt traffic between its containers. Default: false. */
  readonly interContainerTrafficEncryption?: boolean;
  /** The KMS key every job's storage volumes must use (`VolumeKmsKeyId`). Default: none. */
  readonly volumeKmsKeyArn?: string;
  /** The KMS key every job's output must use (`OutputDataConfig.KmsKeyId`). Default: none. */
  readonly outputKmsKeyArn?: string;
  /** Instance types jobs may use (e.g. `ml.m5.xlarge`). Default: any. */
  readonly instanceTypes?: string[];
  /** The longest a job may run (`StoppingCondition.MaxRuntimeInSeconds`), in seconds. Default: any. */
  readonly maxRuntimeInSeconds?: number;
}

/** One guardrail: its condition key and the condition it puts on a request. */
interface Rule {
  readonly name: keyof JobGuardrails;
  readonly key: string;
  readonly condition: (guardrails: JobGuardrails) => ConditionBlock | undefined;
}

/** Every value of a multi-valued key among `allowed`, and the key present (else IAM's ForAllValues holds vacuously). */
function allAmong(key: string, allowed: readonly string[] | undefined): ConditionBlock | undefined {
  if (!allowed || allowed.length === 0) return undefined;
  return { "ForAllValues:StringEquals": { [key]: [...allowed].sort() }, Null: { [key]: "false" } };
}

const rules: readonly Rule[] = [
  {
    name: "subnets",
    key: "sagemaker:VpcSubnets",
    condition: (g) => allAmong("sagemaker:VpcSubnets", g.subnets),
  },
  {
    name: "securityGroupIds",
    key: "sagemaker:VpcSecurityGroupIds",
    condition: (g) => allAmong("sagemaker:VpcSecurityGroupIds", g.securityGroupIds),
  },
  {
    name: "networkIsolation",
    key: "sagemaker:NetworkIsolation",
    // Bool fails on a missing key: a request without the setting is denied.
    condition: (g) => (g.networkIsolation ? { Bool: { "sagemaker:NetworkIsolation": "true" } } : undefined),
  },
  {
    name: "interContainerTrafficEncryption",
    key: "sagemaker:InterContainerTrafficEncryption",
    condition: (g) =>
      g.interContainerTrafficEncryption
        ? { Bool: { "sagemaker:InterContainerTrafficEncryption": "true" } }
        : undefined,
  },
  {
    name: "volumeKmsKeyArn",
    key: "sagemaker:VolumeKmsKeyArn",
    condition: (g) =>
      g.volumeKmsKeyArn ? { ArnEquals: { "sagemaker:VolumeKmsKeyArn": g.volumeKmsKeyArn } } : undefined,
  },
  {
    name: "outputKmsKeyArn",
    key: "sagemaker:OutputKmsKeyArn",
    condition: (g) =>
      g.outputKmsKeyArn ? { ArnEquals: { "sagemaker:OutputKmsKeyArn": g.outputKmsKeyArn } } : undefined,
  },
  {
    name: "instanceTypes",
    key: "sagemaker:InstanceTypes",
    condition: (g) => allAmong("sagemaker:InstanceTypes", g.instanceTypes),
  },
  {
    name: "maxRuntimeInSeconds",
    key: "sagemaker:MaxRuntimeInSeconds",
    condition: (g) =>
      g.maxRuntimeInSeconds === undefined
        ? undefined
        : { NumericLessThanEquals: { "sagemaker:MaxRuntimeInSeconds": String(g.maxRuntimeInSeconds) } },
  },
];

/**
 * The job-creating actions the guardrails apply to (what a step creates and runs), not the shadow
 * endpoints or model packages some steps create besides.
 */
export const guardedActions: readonly string[] = [
  "sagemaker:CreateAutoMLJob",
  "sagemaker:CreateHyperParameterTuningJob",
  "sagemaker:CreateModel",
  "sagemaker:CreateProcessingJob",
  "sagemaker:CreateTrainingJob",
  "sagemaker:CreateTransformJob",
];

/** Whether any guardrail is set. */
export function hasGuardrails(guardrails: JobGuardrails | undefined): guardrails is JobGuardrails {
  return guardrails !== undefined && rules.some((rule) => rule.condition(guardrails) !== undefined);
}

/** The conditions the guardrails put on one action, and the guardrails the action cannot carry. */
export function guardrailConditions(
  catalog: IamCatalog,
  action: string,
  guardrails: JobGuardrails,
): { condition: ConditionBlock; missing: (keyof JobGuardrails)[] } {
  const condition: Record<string, Record<string, string | string[]>> = {};
  const missing: (keyof JobGuardrails)[] = [];
  const known = catalog.action(action);
  for (const rule of rules) {
    const block = rule.condition(guardrails);
    if (!block) continue;
    if (!known || !catalog.isConditionKeyForAction(rule.key, known)) {
      missing.push(rule.name);
      continue;
    }
    for (const [operator, entries] of Object.entries(block))
      condition[operator] = { ...condition[operator], ...entries };
  }
  return { condition, missing };
}

/** Team settings override the section's, guardrail by guardrail. */
export function mergedGuardrails(
  section: JobGuardrails | undefined,
  team: JobGuardrails | undefined,
): JobGuardrails | undefined {
  if (!section && !team) return undefined;
  return {
    ...section,
    ...Object.fromEntries(Object.entries(team ?? {}).filter(([, value]) => value !== undefined)),
  };
}

/**
 * What a job's role needs to run under the guardrails: network interfaces in the configured subnets
 * and security groups (SageMaker creates them with the job's role: "Give SageMaker AI training jobs
 * access to resources in your Amazon VPC", https://docs.aws.amazon.com/sagemaker/latest/dg/train-vpc.html),
 * and the keys through SageMaker and S3 only.
 */
export function guardrailRuntimeStatements(
  ctx: ArnContext,
  guardrails: readonly JobGuardrails[],
): PolicyStatement[] {
  const subnets = sorted(guardrails.flatMap((g) => g.subnets ?? []));
  const securityGroups = sorted(guardrails.flatMap((g) => g.securityGroupIds ?? []));
  const keys = sorted(guardrails.flatMap((g) => [g.volumeKmsKeyArn ?? [], g.outputKmsKeyArn ?? []].flat()));
  const ec2 = (type: string, id: string) =>
    `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:${type}/${id}`;
  const statements: PolicyStatement[] = [];
  if (subnets.length > 0 || securityGroups.length > 0) {
    const interfaces = ec2("network-interface", "*");
    statements.push(
      allow(
        "JobNetworkInterfaces",
        ["ec2:CreateNetworkInterface"],
        [
          interfaces,
          ...subnets.map((id) => ec2("subnet", id)),
          ...securityGroups.map((id) => ec2("security-group", id)),
        ],
      ),
      allow(
        "JobNetworkInterfacePermissions",
        [
          "ec2:CreateNetworkInterfacePermission",
          "ec2:DeleteNetworkInterface",
          "ec2:DeleteNetworkInterfacePermission",
        ],
        [interfaces],
      ),
      // Describe* have no resource types in the catalog.
      allowOnAnyResource("JobNetworkDescribe", [
        "ec2:DescribeDhcpOptions",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSubnets",
        "ec2:DescribeVpcs",
      ]),
    );
  }
  if (keys.length > 0) {
    statements.push(
      allow("JobKeys", ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"], keys, {
        StringEquals: { "kms:ViaService": [serviceEndpoint(ctx, "sagemaker"), serviceEndpoint(ctx, "s3")] },
      }),
    );
  }
  return statements;
}

function sorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

const kmsKeyArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
    "the ARN of a KMS key (arn:<partition>:kms:<region>:<account>:key/<key-id>), not an alias",
  );

/** `mlops-iam:pipelines.guardrails` and each team's: every key optional, a team's overriding the section's. */
export const guardrailsSchema = z.strictObject({
  subnets: uniqueList(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "a subnet id (subnet-...)"), "subnet ids")
    .optional()
    .describe("Subnets every job must run in (each of a job's `VpcConfig.Subnets` among them)."),
  securityGroupIds: uniqueList(
    z.string().regex(/^sg-[0-9a-f]{8,17}$/, "a security group id (sg-...)"),
    "security group ids",
  )
    .optional()
    .describe("Security groups every job must use (each of its `VpcConfig.SecurityGroupIds` among them)."),
  networkIsolation: z
    .boolean()
    .optional()
    .describe("Every job must be created with network isolation (`EnableNetworkIsolation`)."),
  interContainerTrafficEncryption: z
    .boolean()
    .optional()
    .describe(
      "Every job must encrypt traffic between its containers (`EnableInterContainerTrafficEncryption`).",
    ),
  volumeKmsKeyArn: kmsKeyArn
    .optional()
    .describe("The KMS key every job's storage volumes must use (`VolumeKmsKeyId`)."),
  outputKmsKeyArn: kmsKeyArn
    .optional()
    .describe("The KMS key every job's output must use (`OutputDataConfig.KmsKeyId`)."),
  instanceTypes: uniqueList(
    z.string().regex(/^ml\.[a-z0-9-]+\.[a-z0-9]+$/, "a SageMaker instance type (ml.<family>.<size>)"),
    "instance types",
  )
    .optional()
    .describe("The instance types jobs may use, e.g. `ml.m5.xlarge`."),
  maxRuntimeInSeconds: z
    .number()
    .int()
    .min(1, "at least 1 second")
    .max(2419200, "at most 2,419,200 seconds (28 days, SageMaker's longest job)")
    .optional()
    .describe("The longest a job may run (`StoppingCondition.MaxRuntimeInSeconds`): 1 to 2,419,200 seconds."),
});

/**
 * Stack config section `mlops-iam:pipelines`. Field checks live in the schemas; rules that relate
 * fields (prefix length per enabled step type, overlapping prefixes, team step types) live in one
 * `superRefine`, each issue at the exact key so the message names it. Each key's description here is
 * its documentation: `npm run docs` writes it into docs/pipelines.md.
 */
import { z } from "../../config/zod";
import {
  awsAccountId,
  ecrRepositoryName,
  existingIamName,
  existingRoleName,
  iamNamePart,
  s3BucketName,
  uniqueList,
} from "../../config/common";
import { iamLimits } from "../../iam";
import { guardrailsSchema } from "./guardrails";
import {
  StepType,
  defaultJobPrefix,
  prefixFitting32,
  prefixFitting63,
  prefixLimit,
  stepTypeNames,
  stepTypes,
} from "./stepTypes";

const stepType = z.enum(stepTypeNames);

/**
 * A custom job-name prefix. SageMaker job names allow `^[a-zA-Z0-9](-*[a-zA-Z0-9])*`; we also
 * require lower case because SageMaker writes some resource ARNs (e.g. tuning jobs) in lower case,
 * and a lower-case prefix matches the ARN whichever way SageMaker spells it.
 */
export const jobPrefix = z
  .string()
  .regex(
    /^[a-z0-9](-*[a-z0-9])*$/,
    "a job-name prefix of lower-case letters and digits, hyphens only between them (SageMaker job names allow ^[a-zA-Z0-9](-*[a-zA-Z0-9])*; ARNs are matched in lower case)",
  );

/** A SageMaker pipeline name. */
const pipelineName = z
  .string()
  .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/, "a SageMaker pipeline name (letters, digits, hyphens)");

/** A SageMaker model package group name (`model_package_group_name=`). */
const modelPackageGroupName = z
  .string()
  .regex(
    /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/,
    "a SageMaker model package group name (1-63 letters, digits, hyphens only between them)",
  );

const stepRoleSchema = z.strictObject({
  s3Buckets: uniqueList(s3BucketName, "bucket names")
    .default([])
    .describe(
      "Buckets the role's jobs read and write. For `model` at least one: the model's artifacts, and its " +
        "transform jobs' data.",
    ),
});

/**
 * Step types that pass a role to SageMaker, and so can have a step role of their own. Step types
 * that pass none but that users are likely to configure (transform) are keys too, so that the check
 * in superRefine can say where the access belongs instead of "unknown key".
 */
const stepRoleKeys = stepTypeNames.filter((type) => stepTypes[type].passesRole || stepTypes[type].noStepRole);

const stepRolesSchema = z.strictObject(
  Object.fromEntries(
    stepRoleKeys.map((type) => [
      type,
      stepTypes[type].passesRole
        ? stepRoleSchema
            .optional()
            .describe("A role of its own (`<namePrefix>-step-<step type>`) for an enabled step type's jobs.")
        : z.unknown().optional().describe(`Not allowed, since ${stepTypes[type].noStepRole}.`),
    ]),
  ) as Record<StepType, z.ZodOptional<typeof stepRoleSchema>>,
);

const teamSchema = z.strictObject({
  name: iamNamePart.describe("The team's name, unique: its policy is `<namePrefix>-pipelines-team-<name>`."),
  prefix: jobPrefix
    .optional()
    .describe(
      "The team's job-name prefix, by the rules of `jobPrefix`; no two teams' prefixes overlap, nor the stack's. " +
        "Omitted: the team's policy matches `pipelines-...`.",
    ),
  stepTypes: uniqueList(stepType, "step types")
    .refine((types) => types.length > 0, "at least one step type")
    .describe("The step types the team runs (at least one), each enabled for the stack."),
  pipelineNames: uniqueList(pipelineName, "pipeline names")
    .default([])
    .describe("Pipelines whose executions the team may start, describe, stop and retry."),
  passPipelineRoles: z
    .boolean()
    .default(false)
    .describe("The team may pass the execution and step roles to SageMaker."),
  managePipelines: z
    .boolean()
    .default(false)
    .describe(
      "The team may create and update the definitions of its `pipelineNames` (`pipeline.upsert()`), which pass the " +
        "execution role: needs `pipelineNames` and `passPipelineRoles`.",
    ),
  attachToRoles: uniqueList(existingRoleName, "role names")
    .default([])
    .describe("Existing roles the team's policy is attached to (names)."),
  attachToGroups: uniqueList(existingIamName, "group names")
    .default([])
    .describe("Existing groups the team's policy is attached to (names)."),
  attachToUsers: uniqueList(existingIamName, "user names")
    .default([])
    .describe("Existing users the team's policy is attached to (names)."),
  guardrails: guardrailsSchema
    .optional()
    .describe("Settings every job the team creates must have; each overrides the section's `guardrails`."),
});

const tagKey = z
  .string()
  .min(1, `a tag key of 1-${iamLimits.tagKey} characters`)
  .max(iamLimits.tagKey, `a tag key of 1-${iamLimits.tagKey} characters`)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, "a tag key (letters, digits, spaces and _.:/=+-@)")
  .refine((key) => !key.toLowerCase().startsWith("aws:"), "a tag key that does not start with aws:");

export const defaultPrincipalTag = { key: "mlops-iam:pipeline-executor", value: "true" } as const;

export const pipelinesConfigSchema = z
  .strictObject({
    stepTypes: uniqueList(stepType, "step types")
      .refine((types) => types.length > 0, "at least one step type")
      .describe("The step types the execution role may run (at least one)."),
    jobPrefix: jobPrefix
      .optional()
      .describe(
        "The prefix every job's name must start with: lower-case letters and digits, hyphens only between them; " +
          `at most ${prefixFitting63} characters, ${prefixFitting32} with \`tuning\` or \`automl\` (what always fits SageMaker's name limits). Omitted: prefixing off, jobs are named \`pipelines-...\`.`,
      ),
    pipelineNames: uniqueList(pipelineName, "pipeline names")
      .default([])
      .describe(
        "The pipelines the execution role serves: only they, and the jobs of the steps that run with it, may assume " +
          "it (with `sourceConditions`); omitted: any pipeline of the account.",
      ),
    jsonGetBuckets: uniqueList(s3BucketName, "bucket names")
      .default([])
      .describe(
        "Buckets whose objects JsonGet reads with the execution role; the `scpStatement` output names them.",
      ),
    s3Buckets: uniqueList(s3BucketName, "bucket names")
      .default([])
      .describe("Buckets the jobs of steps that run with the execution role read and write."),
    modelPackageGroups: uniqueList(modelPackageGroupName, "model package group names")
      .default([])
      .describe(
        "Groups `registerModel` registers versioned packages into (`model_package_group_name=`), which carry no " +
          "prefix; needs `registerModel`. Without them, only groups named `<prefix>-...`.",
      ),
    sdkDefaultBucket: z
      .boolean()
      .default(false)
      .describe(
        "Whether the pipelines use the SageMaker Python SDK's default bucket `sagemaker-<region>-<account>` (no " +
          "`PipelineSession(default_bucket=...)`): the SDK puts code, step outputs, model artifacts and JsonGet files there, " +
          "so the execution role and the step roles read and write it, JsonGet reads it, and the teams' SDK sessions " +
          "check, create and upload to it.",
      ),
    experiments: z
      .boolean()
      .default(true)
      .describe(
        "Whether pipelines keep Pipelines' default Experiments integration (an experiment per pipeline, a trial per " +
          "execution); `false` for pipelines built with `pipeline_experiment_config=None`.",
      ),
    imageRepositories: uniqueList(ecrRepositoryName, "repository names")
      .optional()
      .describe(
        "Repositories of this account the jobs' custom images come from; omitted: any repository of the account.",
      ),
    awsImageAccounts: uniqueList(awsAccountId, "account ids")
      .optional()
      .describe(
        "Accounts of AWS's registries of SageMaker's prebuilt images (frameworks, SKLearn, Clarify, Model Monitor) the " +
          "jobs pull from, in the stack's region; omitted: the project's table for us-east-1, us-east-2, us-west-2, " +
          "eu-west-1 and eu-central-1 (none elsewhere); `[]`: only this account's images.",
      ),
    stepRoles: stepRolesSchema
      .default({})
      .describe("Step roles by step type; a step without one runs with the execution role."),
    teams: z
      .array(teamSchema)
      .default([])
      .describe("Teams that create jobs themselves, each with a policy for jobs named with its prefix."),
    principalTag: z
      .strictObject({
        key: tagKey.describe("The tag's key (not starting with `aws:`)."),
        value: z
          .string()
          .max(iamLimits.tagValue, `a tag value of at most ${iamLimits.tagValue} characters`)
          .describe("The tag's value."),
      })
      .default({ ...defaultPrincipalTag })
      .describe("The tag on the execution role that the SCP exception (`scpStatement`) keys on."),
    scpSourceVpcIds: uniqueList(z.string().regex(/^vpc-[0-9a-f]{8,17}$/, "a VPC id (vpc-...)"), "VPC ids")
      .default([])
      .describe(
        "The VPCs the organization's SCP confines S3 to, for the `scpStatement` output; without them the statement " +
          "denies every principal but the execution role reading the `jsonGetBuckets` objects.",
      ),
    guardrails: guardrailsSchema
      .optional()
      .describe(
        "Settings every job the execution role and the teams create must have: network (`subnets`, " +
          "`securityGroupIds`, `networkIsolation`, `interContainerTrafficEncryption`), encryption " +
          "(`volumeKmsKeyArn`, `outputKmsKeyArn`), cost (`instanceTypes`, `maxRuntimeInSeconds`).",
      ),
    sourceConditions: z
      .boolean()
      .default(true)
      .describe(
        "Confused-deputy conditions (`aws:SourceAccount`, `aws:SourceArn`) on every trust policy; switch off only " +
          "to debug an AssumeRole failure.",
      ),
  })
  .superRefine((config, ctx) => {
    const enabled = new Set<StepType>(config.stepTypes);
    const issue = (path: PropertyKey[], message: string, input: unknown) =>
      ctx.addIssue({ code: "custom", path, message, input });

    checkPrefixLength(config.jobPrefix, config.stepTypes, ["jobPrefix"], issue);

    // AutoML has no network-isolation setting (CreateAutoMLJob carries no sagemaker:NetworkIsolation):
    // with the guardrail on, no AutoML job could be created.
    const isolationRefused = (
      types: readonly StepType[],
      guardrails: { networkIsolation?: boolean } | undefined,
      path: PropertyKey[],
    ) => {
      if (guardrails?.networkIsolation && types.includes("automl")) {
        issue(
          path,
          "networkIsolation only without automl among the step types: AutoML jobs cannot be network-isolated",
          true,
        );
      }
    };
    isolationRefused(config.stepTypes, config.guardrails, ["guardrails", "networkIsolation"]);
    config.teams.forEach((team, index) =>
      isolationRefused(team.stepTypes, team.guardrails, ["teams", index, "guardrails", "networkIsolation"]),
    );

    for (const type of Object.keys(config.stepRoles) as StepType[]) {
      const refusal = stepTypes[type].noStepRole;
      if (refusal) {
        issue(["stepRoles", type], `no step role for ${type} (${refusal})`, config.stepRoles[type]);
      } else if (!enabled.has(type)) {
        issue(
          ["stepRoles", type],
          `a step role only for an enabled step type; ${type} is not in mlops-iam:pipelines.stepTypes (${config.stepTypes.join(", ")})`,
          config.stepRoles[type],
        );
      }
    }

    const model = config.stepRoles.model;
    if (model && model.s3Buckets.length === 0) {
      issue(
        ["stepRoles", "model", "s3Buckets"],
        "at least one bucket: the model's role reads its artifacts (CreateModel checks ModelDataUrl with it), " +
          "and transform jobs run with it and read and write their data (e.g. the bucket training writes to)",
        model.s3Buckets,
      );
    }

    if (config.modelPackageGroups.length > 0 && !enabled.has("registerModel")) {
      issue(
        ["modelPackageGroups"],
        `model package groups only with registerModel in mlops-iam:pipelines.stepTypes (${config.stepTypes.join(", ")})`,
        config.modelPackageGroups,
      );
    }

    const seenNames = new Map<string, number>();
    // Job-name prefixes that grant something: the stack's, then each team's (no prefix = pipelines-).
    const prefixes: { prefix: string; path: PropertyKey[]; owner: string }[] = config.jobPrefix
      ? [{ prefix: config.jobPrefix, path: ["jobPrefix"], owner: "mlops-iam:pipelines.jobPrefix" }]
      : [];
    config.teams.forEach((team, index) => {
      const at = (...rest: PropertyKey[]) => ["teams", index, ...rest];
      const first = seenNames.get(team.name);
      if (first !== undefined) {
        issue(at("name"), `a team name used once; teams[${first}] is already named ${team.name}`, team.name);
      } else seenNames.set(team.name, index);

      team.stepTypes.forEach((type, typeIndex) => {
        if (!enabled.has(type)) {
          issue(
            at("stepTypes", typeIndex),
            `a step type enabled for the stack (mlops-iam:pipelines.stepTypes: ${config.stepTypes.join(", ")})`,
            type,
          );
        }
      });
      checkPrefixLength(team.prefix, team.stepTypes, at("prefix"), issue);
      if (team.managePipelines && (team.pipelineNames.length === 0 || !team.passPipelineRoles)) {
        issue(
          at("managePipelines"),
          "managePipelines only with pipelineNames (the pipelines it may create and update) and passPipelineRoles " +
            `(a definition passes the execution role); team ${team.name} has ` +
            `${team.pipelineNames.length === 0 ? "no pipelineNames" : "passPipelineRoles: false"}`,
          team.managePipelines,
        );
      }

      const effective = team.prefix ?? defaultJobPrefix;
      const owner = `mlops-iam:pipelines.teams[${index}].prefix (team ${team.name})`;
      for (const other of prefixes) {
        if (effective.startsWith(other.prefix) || other.prefix.startsWith(effective)) {
          const same = effective === other.prefix;
          issue(
            at("prefix"),
            `a job-name prefix that ${same ? "differs from" : "neither starts nor is the start of"} "${other.prefix}" of ${other.owner}` +
              ` (their policies would overlap${team.prefix === undefined ? `; no prefix means the default "${defaultJobPrefix}-" names` : ""})`,
            team.prefix,
          );
          break;
        }
      }
      prefixes.push({ prefix: effective, path: at("prefix"), owner });
    });
  })
  .describe("SageMaker Pipelines: the roles pipelines and their steps run with, and teams' job access.");

/** The prefix must fit the strictest limit of the step types it is used with. */
function checkPrefixLength(
  prefix: string | undefined,
  types: readonly StepType[],
  path: PropertyKey[],
  issue: (path: PropertyKey[], message: string, input: unknown) => void,
): void {
  if (prefix === undefined) return;
  const { limit, stepType } = prefixLimit(types);
  if (stepType && prefix.length > limit) {
    issue(
      path,
      `at most ${limit} characters because ${stepType} is enabled (longer, a ${stepTypes[stepType].pipelineStep} job's generated name can exceed SageMaker's limit); "${prefix}" has ${prefix.length}`,
      prefix,
    );
  }
}

export type PipelinesConfig = z.output<typeof pipelinesConfigSchema>;

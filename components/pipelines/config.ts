/**
 * Stack config section `mlops-iam:pipelines`. Field checks live in the schemas; rules that relate
 * fields (prefix length per enabled step type, overlapping prefixes, team step types) live in one
 * `superRefine`, each issue at the exact key so the message names it.
 */
import { z } from "zod";
import { existingIamName, iamNamePart, s3BucketName, uniqueList } from "../../config/common";
import { iamLimits } from "../../iam";
import { StepType, defaultJobPrefix, prefixLimit, stepTypeNames, stepTypes } from "./stepTypes";

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
  s3Buckets: uniqueList(s3BucketName, "bucket names").default([]),
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
      stepTypes[type].passesRole ? stepRoleSchema.optional() : z.unknown().optional(),
    ]),
  ) as Record<StepType, z.ZodOptional<typeof stepRoleSchema>>,
);

const teamSchema = z.strictObject({
  name: iamNamePart,
  prefix: jobPrefix.optional(),
  stepTypes: uniqueList(stepType, "step types").refine((types) => types.length > 0, "at least one step type"),
  pipelineNames: uniqueList(pipelineName, "pipeline names").default([]),
  passPipelineRoles: z.boolean().default(false),
  attachToRoles: uniqueList(existingIamName, "role names").default([]),
  attachToGroups: uniqueList(existingIamName, "group names").default([]),
  attachToUsers: uniqueList(existingIamName, "user names").default([]),
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
    stepTypes: uniqueList(stepType, "step types").refine(
      (types) => types.length > 0,
      "at least one step type",
    ),
    jobPrefix: jobPrefix.optional(),
    pipelineNames: uniqueList(pipelineName, "pipeline names").default([]),
    jsonGetBuckets: uniqueList(s3BucketName, "bucket names").default([]),
    s3Buckets: uniqueList(s3BucketName, "bucket names").default([]),
    modelPackageGroups: uniqueList(modelPackageGroupName, "model package group names").default([]),
    stepRoles: stepRolesSchema.default({}),
    teams: z.array(teamSchema).default([]),
    principalTag: z
      .strictObject({
        key: tagKey,
        value: z.string().max(iamLimits.tagValue, `a tag value of at most ${iamLimits.tagValue} characters`),
      })
      .default({ ...defaultPrincipalTag }),
    scpSourceVpcIds: uniqueList(
      z.string().regex(/^vpc-[0-9a-f]{8,17}$/, "a VPC id (vpc-...)"),
      "VPC ids",
    ).default([]),
    sourceConditions: z.boolean().default(true),
  })
  .superRefine((config, ctx) => {
    const enabled = new Set<StepType>(config.stepTypes);
    const issue = (path: PropertyKey[], message: string, input: unknown) =>
      ctx.addIssue({ code: "custom", path, message, input });

    checkPrefixLength(config.jobPrefix, config.stepTypes, ["jobPrefix"], issue);

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
  });

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
      `at most ${limit} characters because ${stepType} is enabled (SageMaker limits ${stepTypes[stepType].pipelineStep} job-name prefixes to ${limit}); "${prefix}" has ${prefix.length}`,
      prefix,
    );
  }
}

export type PipelinesConfig = z.output<typeof pipelinesConfigSchema>;

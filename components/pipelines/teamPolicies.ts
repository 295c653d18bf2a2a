/**
 * Job-prefix access policies per team: a team's principals create, describe and stop only jobs whose
 * names start with the team's prefix, for the step types granted to the team.
 */
import * as pulumi from "@pulumi/pulumi";
import { IamCatalog, PolicyStatement, allow, passRole, roleArn, s3BucketArn, s3ObjectsArn } from "../../iam";
import { registerPolicyComponent, validatedPlan } from "../shared/component";
import {
  Attachments,
  PlanError,
  PlannedAttachments,
  plannedAttachments,
  PlatformSettings,
  PolicyPlan,
} from "../shared/plan";
import {
  jobNamePattern,
  jobStatements,
  pipelineArns,
  sagemakerService,
  sdkDefaultBucketName,
} from "./documents";
import { JobGuardrails } from "./guardrails";
import { executionRoleName, stepRoleName, teamPolicyName } from "./names";
import {
  StepType,
  defaultJobPrefix,
  grantsFor,
  inTableOrder,
  isStepType,
  stepTypeProblems,
} from "./stepTypes";

/**
 * Arguments of {@link PipelineTeamPolicy}. Only types Pulumi's component schema analyzer accepts, so
 * Python, Go, C# and YAML can use it too: step types are plain strings, checked on construction.
 */
export interface PipelineTeamPolicyArgs {
  /** Naming, tags, path and ARN context of the stack; required. */
  readonly settings: PlatformSettings;
  /** The team's name, part of the policy name (`<namePrefix>-pipelines-team-<team>`); required. */
  readonly team: string;
  /** The team's job-name prefix; default: none, the policy matches the default `pipelines-...` names. */
  readonly prefix?: string;
  /** Step types the team may run (training, processing, transform, tuning, automl, model, registerModel, clarifyCheck, qualityCheck); required (at least one). */
  readonly stepTypes: string[];
  /** Pipelines the team may start, describe, stop and retry; default: none. */
  readonly pipelineNames?: string[];
  /** Roles the team may pass to SageMaker (the execution and step roles); default: none. */
  readonly passRoleArns?: string[];
  /** Existing roles, groups and users the policy is attached to; default: none. */
  readonly attachTo?: Attachments;
  /** Settings every job the team creates must have (network, encryption, instance types, runtime); default: none. */
  readonly guardrails?: JobGuardrails;
  /** Whether the team may create and update the definitions of `pipelineNames` (`pipeline.upsert()`); default false. */
  readonly managePipelines?: boolean;
  /** Whether the team's SDK sessions use the SDK's default bucket `sagemaker-<region>-<account>` (code uploads, definitions over 100 KiB), creating it if missing; default false. */
  readonly sdkDefaultBucket?: boolean;
}

/** The step types argument narrowed to {@link StepType}, or a {@link PlanError} naming every bad value. */
function stepTypesArg(name: string, args: PipelineTeamPolicyArgs): StepType[] {
  const problems = stepTypeProblems(name, "stepTypes", args.stepTypes);
  if (problems.length > 0) throw new PlanError(problems);
  return args.stepTypes.filter(isStepType);
}

/** The roles a team with `passPipelineRoles` may pass: the execution role and the step roles. */
export function pipelineRoleArns(settings: PlatformSettings, stepRoleTypes: readonly StepType[]): string[] {
  return [
    roleArn(settings.arn, executionRoleName(settings.namePrefix), settings.rolePath),
    ...inTableOrder(stepRoleTypes).map((type) =>
      roleArn(settings.arn, stepRoleName(settings.namePrefix, type), settings.rolePath),
    ),
  ];
}

/** Pure: the team's policy and its attachments. Throws on unknown step types. */
export function planTeamPolicy(name: string, args: PipelineTeamPolicyArgs, catalog: IamCatalog): PolicyPlan {
  const types = stepTypesArg(name, args);
  const ctx = args.settings.arn;
  const pipelines = args.pipelineNames ?? [];
  const statements: PolicyStatement[] = [
    // Child jobs of tuning and AutoML carry the parent's prefix; the team may watch and stop them
    // (SageMaker creates them). Pipelines that SageMaker spells in lower case are listed both ways.
    ...jobStatements(ctx, grantsFor(types, { childJobs: true }), args.prefix, "", {
      guardrails: args.guardrails ?? {},
      catalog,
    }),
    ...(pipelines.length > 0
      ? [
          allow(
            "RunPipelines",
            [
              "sagemaker:DescribePipeline",
              "sagemaker:ListPipelineExecutions",
              "sagemaker:StartPipelineExecution",
            ],
            pipelineArns(ctx, pipelines),
          ),
          allow(
            "ManagePipelineExecutions",
            [
              "sagemaker:DescribePipelineExecution",
              "sagemaker:ListPipelineExecutionSteps",
              "sagemaker:RetryPipelineExecution",
              "sagemaker:StopPipelineExecution",
            ],
            pipelineArns(ctx, pipelines, "/execution/*"),
          ),
        ]
      : []),
    ...((args.passRoleArns ?? []).length > 0
      ? [passRole("PassPipelineRoles", args.passRoleArns ?? [], sagemakerService)]
      : []),
    // pipeline.upsert(): create, or update when it exists; tags given with it are (re)applied.
    ...(args.managePipelines && pipelines.length > 0
      ? [
          allow(
            "ManagePipelines",
            [
              "sagemaker:AddTags",
              "sagemaker:CreatePipeline",
              "sagemaker:ListTags",
              "sagemaker:UpdatePipeline",
            ],
            pipelineArns(ctx, pipelines),
          ),
        ]
      : []),
    // PipelineSession.default_bucket(): checked (HeadBucket is s3:ListBucket) and created when missing;
    // the step's code and large definitions are uploaded to it.
    ...(args.sdkDefaultBucket
      ? [
          allow(
            "SdkDefaultBucket",
            ["s3:CreateBucket", "s3:ListBucket"],
            [s3BucketArn(ctx, sdkDefaultBucketName(ctx))],
          ),
          allow(
            "SdkDefaultBucketObjects",
            ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"],
            [s3ObjectsArn(ctx, sdkDefaultBucketName(ctx))],
          ),
        ]
      : []),
  ];
  return {
    key: `${name}-policy`,
    name: teamPolicyName(args.settings.namePrefix, args.team),
    // Not the step types: IAM cannot change a policy's description in place, so a description that
    // follows a config list would replace the policy whenever the list changes.
    description:
      `SageMaker jobs named ${jobNamePattern(args.prefix)} for team ${args.team}` +
      `${args.prefix ? "" : `; prefixing off: default ${defaultJobPrefix}- names`}`,
    statements,
    attachTo: sortedAttachments(plannedAttachments(args.attachTo)),
  };
}

function sortedAttachments({ roles, groups, users }: PlannedAttachments): PlannedAttachments {
  return { roles: [...roles].sort(), groups: [...groups].sort(), users: [...users].sort() };
}

/** A team's job-prefix access policy, attached to the team's existing principals. */
export class PipelineTeamPolicy extends pulumi.ComponentResource {
  /** ARNs of the policy's parts (one unless it outgrows IAM's 6,144 characters). */
  declare readonly policyArns: pulumi.Output<string[]>;

  constructor(name: string, args: PipelineTeamPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = validatedPlan(name, args, planTeamPolicy);
    super("mlops-iam:index:PipelineTeamPolicy", name, {}, opts);
    registerPolicyComponent(this, plan, args.settings);
  }
}

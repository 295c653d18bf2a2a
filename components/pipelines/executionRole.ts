/**
 * The pipeline execution role: the role passed to SageMaker Pipelines when a pipeline is created, and
 * by default the role every step's job runs with.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  IamCatalog,
  PolicyStatement,
  allow,
  allowOnAnyResource,
  passRole,
  roleArn,
  s3ObjectsArn,
  sagemakerArn,
  sortedUnique,
} from "../../iam";
import { registerRoleComponent, validatedPlan } from "../shared/component";
import { PlanError, PlatformSettings, RolePlan } from "../shared/plan";
import { defaultPrincipalTag } from "./config";
import {
  experimentStatements,
  jobNamePattern,
  jobRoleStatements,
  jobStatements,
  modelPackageGroupStatements,
  pipelineSourceArns,
  sourceArnPatterns,
  sagemakerService,
  sagemakerTrust,
  sdkDefaultBucketName,
} from "./documents";
import { executionRoleName, stepRoleName } from "./names";
import { JobGuardrails, guardrailRuntimeStatements } from "./guardrails";
import { PrincipalTag } from "./scp";
import { StepType, grantsFor, inTableOrder, isStepType, stepTypeProblems, stepTypes } from "./stepTypes";

export type { PrincipalTag };

/**
 * Arguments of {@link PipelineExecutionRole}. Only types Pulumi's component schema analyzer accepts
 * (no unions, readonly arrays or anonymous object types), so Python, Go, C# and YAML can use it too:
 * step types are plain strings, checked when the component is constructed.
 */
export interface PipelineExecutionRoleArgs {
  /** Naming, tags, boundary, path and ARN context of the stack; required. */
  readonly settings: PlatformSettings;
  /** Step types the role may create jobs for (training, processing, transform, tuning, automl, model, registerModel, clarifyCheck, qualityCheck); required (at least one). */
  readonly stepTypes: string[];
  /** Custom job-name prefix; default: none, jobs are named `pipelines-...`. */
  readonly jobPrefix?: string;
  /** Pipelines the trust is limited to when no step runs with this role; default: none (any SageMaker source of the account). */
  readonly pipelineNames?: string[];
  /** Buckets whose objects JsonGet reads; default: none. */
  readonly jsonGetBuckets?: string[];
  /** Data buckets of jobs that run with this role; default: none. */
  readonly s3Buckets?: string[];
  /** Model package groups registerModel registers versioned packages into (`model_package_group_name=`, not prefixed); requires registerModel; default: none. */
  readonly modelPackageGroups?: string[];
  /** Enabled step types that run with a step role of their own instead of this one (any step type that passes a role: not registerModel nor transform); default: none. */
  readonly stepRoleTypes?: string[];
  /** Principal tag an SCP exception keys on; default `mlops-iam:pipeline-executor=true`. */
  readonly principalTag?: PrincipalTag;
  /** Whether the trust carries aws:SourceAccount/aws:SourceArn conditions; default true. */
  readonly sourceConditions?: boolean;
  /** Settings every job the role creates must have (network, encryption, instance types, runtime); default: none. */
  readonly guardrails?: JobGuardrails;
  /** Guardrails of other creators (teams) whose jobs may run with this role: it needs their network and keys too; default: none. */
  readonly otherGuardrails?: JobGuardrails[];
  /** Job-name prefixes of the teams whose jobs run with this role (they pass it): its jobs' log streams are theirs too; default: none. */
  readonly teamJobPrefixes?: string[];
  /** Whether the steps use the SageMaker Python SDK's default bucket `sagemaker-<region>-<account>` (no `default_bucket=`): its jobs read and write it, JsonGet reads it; default false. */
  readonly sdkDefaultBucket?: boolean;
  /** Whether pipelines keep the SDK's default Experiments integration (an experiment per pipeline, a trial per execution); default true. */
  readonly experiments?: boolean;
  /** Repositories of this account the jobs' images come from; default: every repository of the account. */
  readonly imageRepositories?: string[];
  /** Accounts of AWS's image registries the jobs pull SageMaker's prebuilt images from; default: those of the stack's region that the project knows (none elsewhere). */
  readonly awsImageAccounts?: string[];
}

/** The step-type arguments narrowed to {@link StepType}, or a {@link PlanError} naming every bad value. */
function stepTypeArgs(
  name: string,
  args: PipelineExecutionRoleArgs,
): { types: StepType[]; roleTypes: StepType[] } {
  const roleTypeArgs = args.stepRoleTypes ?? [];
  const types = args.stepTypes.filter(isStepType);
  const problems = [
    ...stepTypeProblems(name, "stepTypes", args.stepTypes),
    ...stepTypeProblems(name, "stepRoleTypes", roleTypeArgs),
    // A step that passes no role has no step role: passing one would grant PassRole for nothing.
    ...roleTypeArgs.flatMap((type, index) =>
      isStepType(type) && !stepTypes[type].passesRole
        ? [`${name}: stepRoleTypes[${index}]: ${type} passes no role to SageMaker, so it has no step role`]
        : [],
    ),
    ...((args.modelPackageGroups ?? []).length > 0 && !types.includes("registerModel")
      ? [
          `${name}: modelPackageGroups: registering into model package groups needs registerModel in stepTypes`,
        ]
      : []),
  ];
  if (problems.length > 0) throw new PlanError(problems);
  return { types, roleTypes: roleTypeArgs.filter(isStepType) };
}

/** Enabled step types whose jobs run with the execution role (they pass a role and have none of their own). */
export function stepsRunWithExecutionRole(
  types: readonly StepType[],
  stepRoleTypes: readonly StepType[] = [],
): StepType[] {
  return inTableOrder(types).filter((type) => stepTypes[type].passesRole && !stepRoleTypes.includes(type));
}

/** Pure: the execution role, everything attached to it, and its tag. Throws on unknown step types. */
export function planExecutionRole(
  name: string,
  args: PipelineExecutionRoleArgs,
  catalog: IamCatalog,
): RolePlan {
  const { settings } = args;
  const { types, roleTypes } = stepTypeArgs(name, args);
  const ctx = settings.arn;
  const roleName = executionRoleName(settings.namePrefix);
  const ownArn = roleArn(ctx, roleName, settings.rolePath);
  const stepRoleTypes = inTableOrder(roleTypes).filter((type) => types.includes(type));
  const runsJobs = stepsRunWithExecutionRole(types, stepRoleTypes);

  const passed = [
    ...stepRoleTypes.map((type) => roleArn(ctx, stepRoleName(settings.namePrefix, type), settings.rolePath)),
    ...(runsJobs.length > 0 ? [ownArn] : []),
  ];
  const defaultBucket = args.sdkDefaultBucket ? [sdkDefaultBucketName(ctx)] : [];
  const jsonGet = [...(args.jsonGetBuckets ?? []), ...defaultBucket];
  const checksBaselines = types.includes("qualityCheck") || types.includes("clarifyCheck");
  const statements: PolicyStatement[] = [
    // The step types' own resources, their child jobs, and what the jobs that run with this role
    // need themselves (AutoML's child jobs, Clarify's shadow endpoint).
    ...jobStatements(ctx, grantsFor(types, { childJobs: true, runtimeFor: runsJobs }), args.jobPrefix, "", {
      guardrails: args.guardrails ?? {},
      catalog,
    }),
    ...modelPackageGroupStatements(ctx, args.modelPackageGroups ?? []),
    // A check step with model_package_group_name looks up the latest approved package's baselines.
    ...(checksBaselines ? [allowOnAnyResource("CheckBaselinesLookup", ["sagemaker:ListModelPackages"])] : []),
    ...((args.experiments ?? true)
      ? experimentStatements(ctx, args.pipelineNames ?? [], jobNamePattern(args.jobPrefix))
      : []),
    ...(passed.length > 0 ? [passRole("PassStepRoles", passed, sagemakerService)] : []),
    ...(jsonGet.length > 0
      ? [
          allow(
            "JsonGet",
            ["s3:GetObject"],
            sortedUnique(jsonGet).map((bucket) => s3ObjectsArn(ctx, bucket)),
          ),
        ]
      : []),
    ...(runsJobs.length > 0
      ? [
          ...jobRoleStatements(ctx, args),
          ...guardrailRuntimeStatements(ctx, [args.guardrails ?? {}, ...(args.otherGuardrails ?? [])]),
        ]
      : []),
  ];

  // Pipelines assume the role (with their execution's ARN as source), and so do the jobs of the
  // steps that run with it, each with its own ARN: the trust names those only, unless a model runs
  // with the role (its endpoints present the account's ARN, see RoleSource in stepTypes.ts).
  const pipelineNames = args.pipelineNames ?? [];
  const pipelineSources =
    pipelineNames.length > 0 ? pipelineSourceArns(ctx, pipelineNames) : [sagemakerArn(ctx, "pipeline", "*")];
  const sourceArns = sourceArnPatterns(
    ctx,
    runsJobs.flatMap((type) => stepTypes[type].assumedBy),
    pipelineSources,
  );
  const tag = args.principalTag ?? defaultPrincipalTag;
  return {
    key: `${name}-role`,
    name: roleName,
    description: `SageMaker Pipelines execution role (${inTableOrder(types).join(", ")})`,
    trust: sagemakerTrust(ctx, args.sourceConditions ?? true, sourceArns),
    inlinePolicies: {},
    managedStatements: statements,
    awsManagedPolicyArns: [],
    extraTags: { [tag.key]: tag.value },
  };
}

/** The role SageMaker Pipelines runs a pipeline with. */
export class PipelineExecutionRole extends pulumi.ComponentResource {
  /** The role ARN, once its policies are attached. */
  declare readonly roleArn: pulumi.Output<string>;
  /** The role name. */
  declare readonly roleName: pulumi.Output<string>;
  /** ARNs of the role's managed policies. */
  declare readonly policyArns: pulumi.Output<string[]>;

  constructor(name: string, args: PipelineExecutionRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = validatedPlan(name, args, planExecutionRole);
    super("mlops-iam:index:PipelineExecutionRole", name, {}, opts);
    registerRoleComponent(this, plan, args.settings);
  }
}

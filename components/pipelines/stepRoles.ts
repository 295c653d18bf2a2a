/**
 * Optional per-step-type roles: a step's job runs with its own role and its own data, so code in one
 * step cannot touch another step's resources (by default every step runs with the execution role).
 */
import * as pulumi from "@pulumi/pulumi";
import { IamCatalog, PolicyStatement, passRole, roleArn } from "../../iam";
import { registerRoleComponent, validatedPlan } from "../shared/component";
import { PlanError, PlatformSettings, RolePlan } from "../shared/plan";
import {
  jobRoleStatements,
  jobStatements,
  sagemakerService,
  sagemakerTrust,
  sourceArnPatterns,
} from "./documents";
import { JobGuardrails, guardrailRuntimeStatements } from "./guardrails";
import { stepRoleName } from "./names";
import { StepType, isStepType, stepTypeProblems, stepTypes } from "./stepTypes";

/**
 * Arguments of {@link PipelineStepRole}. Only types Pulumi's component schema analyzer accepts, so
 * Python, Go, C# and YAML can use it too: the step type is a plain string, checked on construction.
 */
export interface PipelineStepRoleArgs {
  /** Naming, tags, boundary, path and ARN context of the stack; required. */
  readonly settings: PlatformSettings;
  /** The step type whose jobs run with this role (training, processing, tuning, automl, model, clarifyCheck, qualityCheck: any but registerModel and transform, which pass no role); required. */
  readonly stepType: string;
  /** Buckets the step's jobs read and write; required (non-empty) for model: CreateModel checks the model artifacts with the model's role, and transform jobs run with it; default: none. */
  readonly s3Buckets?: string[];
  /** Job-name prefix of the child jobs an AutoML step starts, and of the models a Clarify check's shadow endpoint serves; default: none (`pipelines-...`). */
  readonly jobPrefix?: string;
  /** Whether the trust carries aws:SourceAccount/aws:SourceArn conditions; default true. */
  readonly sourceConditions?: boolean;
  /** Guardrails of the jobs that run with this role: their network interfaces and keys; default: none. */
  readonly guardrails?: JobGuardrails[];
  /** Job-name prefixes of the teams whose jobs run with this role (they pass it): its jobs' log streams are theirs too; default: none. */
  readonly teamJobPrefixes?: string[];
  /** Whether the step's jobs use the SageMaker Python SDK's default bucket `sagemaker-<region>-<account>` (code, outputs, model artifacts); default false. */
  readonly sdkDefaultBucket?: boolean;
  /** Repositories of this account the jobs' images come from; default: every repository of the account. */
  readonly imageRepositories?: string[];
  /** Accounts of AWS's image registries the jobs pull SageMaker's prebuilt images from; default: those of the stack's region that the project knows (none elsewhere). */
  readonly awsImageAccounts?: string[];
}

/** The step type argument narrowed to {@link StepType}, or a {@link PlanError} naming it. */
function stepTypeArg(name: string, args: PipelineStepRoleArgs): StepType {
  if (!isStepType(args.stepType)) throw new PlanError(stepTypeProblems(name, "stepType", args.stepType));
  return args.stepType;
}

/** Pure: the step role and everything attached to it. Throws on an unknown step type, a step type that passes no role, or a model role without buckets. */
export function planStepRole(name: string, args: PipelineStepRoleArgs, _catalog: IamCatalog): RolePlan {
  const { settings } = args;
  const stepType = stepTypeArg(name, args);
  const ctx = settings.arn;
  const spec = stepTypes[stepType];
  if (!spec.passesRole) {
    const why = spec.noStepRole ? ` (${spec.noStepRole})` : "";
    throw new Error(`step type ${stepType} passes no role to SageMaker, so it cannot have a step role${why}`);
  }
  if (stepType === "model" && (args.s3Buckets ?? []).length === 0) {
    throw new PlanError([
      `${name}: s3Buckets: a model's role needs the buckets of its artifacts (CreateModel checks ModelDataUrl with it) and of the transform jobs that run with it`,
    ]);
  }
  const roleName = stepRoleName(settings.namePrefix, stepType);
  const statements: PolicyStatement[] = [
    ...jobRoleStatements(ctx, args),
    // AutoML's role manages its candidates' models and endpoints; Clarify's model bias and
    // explainability checks start a shadow endpoint with the check's role.
    ...jobStatements(ctx, spec.runtimeGrants, args.jobPrefix, "Runtime"),
    ...guardrailRuntimeStatements(ctx, args.guardrails ?? []),
  ];
  if (spec.runtimePassesOwnRole) {
    statements.push(passRole("PassOwnRole", [roleArn(ctx, roleName, settings.rolePath)], sagemakerService));
  }
  return {
    key: `${name}-role`,
    name: roleName,
    description: `Role of SageMaker Pipelines ${stepTypes[stepType].pipelineStep} jobs`,
    // The step's jobs assume it with their own ARN as source; a model's endpoints with the account's.
    trust: sagemakerTrust(ctx, args.sourceConditions ?? true, sourceArnPatterns(ctx, spec.assumedBy)),
    inlinePolicies: {},
    managedStatements: statements,
    awsManagedPolicyArns: [],
  };
}

/** The role one step type's jobs run with. */
export class PipelineStepRole extends pulumi.ComponentResource {
  /** The role ARN, once its policies are attached. */
  declare readonly roleArn: pulumi.Output<string>;
  /** The role name. */
  declare readonly roleName: pulumi.Output<string>;
  /** ARNs of the role's managed policies. */
  declare readonly policyArns: pulumi.Output<string[]>;

  constructor(name: string, args: PipelineStepRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = validatedPlan(name, args, planStepRole);
    super("mlops-iam:index:PipelineStepRole", name, {}, opts);
    registerRoleComponent(this, plan, args.settings);
  }
}

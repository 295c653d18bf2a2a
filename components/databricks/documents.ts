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

/**
 * `deploy-only`: instead of AmazonSageMakerFullAccess, what `mlflow.deployments`' SageMaker target
 * calls (create/replace/update/delete/get/list/predict of endpoints) and what the model's role needs
 * while SageMaker hosts the model, in this stack's region. A literal list, because it mirrors one
 * client's calls rather than a rule over the catalog, plus CloudWatch Logs for the serving
 * container (`/aws/sagemaker/Endpoints/*`), so a failing endpoint can say why.
 */
export function deployOnlyStatements(ctx: ArnContext, deploymentRoleArn: string): PolicyStatement[] {
  const bucket = mlflowSagemakerBucket(ctx);
  const endpointLogGroups = logGroupArn(ctx, "/aws/sagemaker/Endpoints/*");
  return [
    allow(
      "ManageModelsAndEndpoints",
      [
        "sagemaker:CreateModel",
        "sagemaker:DescribeModel",
        "sagemaker:DeleteModel",
        "sagemaker:CreateEndpointConfig",
        "sagemaker:DescribeEndpointConfig",
        "sagemaker:DeleteEndpointConfig",
        "sagemaker:CreateEndpoint",
        "sagemaker:DescribeEndpoint",
        "sagemaker:UpdateEndpoint",
        "sagemaker:DeleteEndpoint",
        "sagemaker:InvokeEndpoint",
        // CreateModel/CreateEndpointConfig/CreateEndpoint with Tags need AddTags on the new resource.
        "sagemaker:AddTags",
      ],
      [
        sagemakerArn(ctx, "model", "*"),
        sagemakerArn(ctx, "endpoint-config", "*"),
        sagemakerArn(ctx, "endpoint", "*"),
      ],
    ),
    // MLflow finds an existing endpoint by listing; List* has no resource type.
    allowOnAnyResource("ListEndpoints", ["sagemaker:ListEndpoints"]),
    // SageMaker creates the model with this role, so the cluster passes the role to SageMaker.
    passRole("PassSelfToSageMaker", [deploymentRoleArn], servicePrincipals.sagemaker),
    // MLflow lists buckets to see whether its bucket exists; ListAllMyBuckets has no resource type.
    allowOnAnyResource("FindModelBucket", ["s3:ListAllMyBuckets"]),
    allow(
      "CreateAndReadModelBucket",
      // MLflow creates its bucket with an ACL, and CreateBucket with an ACL also needs PutBucketAcl.
      ["s3:CreateBucket", "s3:GetBucketLocation", "s3:ListBucket", "s3:PutBucketAcl"],
      [s3BucketArn(ctx, bucket)],
    ),
    allow(
      "ReadAndWriteModelArchives",
      ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      [s3ObjectsArn(ctx, bucket)],
    ),
    allow(
      "WriteEndpointLogs",
      ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
      [endpointLogGroups, `${endpointLogGroups}:log-stream:*`],
    ),
    // The hosted model pulls the serving image with this role.
    ...ecrPullStatements(ctx, "ServingImage"),
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

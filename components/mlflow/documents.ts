/**
 * Pure statement builders for MLflow on SageMaker. Every MLflow component and the section plan use
 * these, so a document is written in exactly one place.
 *
 * Source: AWS's "Set up IAM permissions for MLflow"
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/mlflow-create-tracking-server-iam.html), corrected:
 * its action list is stale (45 actions where the IAM catalog has 61, so the catalog selects them),
 * its `"Resource": "*"` is scoped here (every `sagemaker-mlflow` action but AccessUI takes the
 * tracking-server ARN), and its service-role policy misses the iam:PassRole and sagemaker:AddTags
 * that CreateMlflowTrackingServer depends on.
 */
import {
  ArnContext,
  IamCatalog,
  PolicyStatement,
  allow,
  allowOnAnyResource,
  defaultQuotas,
  documentSize,
  passRole,
  policyDocument,
  s3BucketArn,
  s3ObjectsArn,
  sagemakerArn,
  servicePrincipals,
  sortedUnique,
} from "../../iam";
import { AccessLevelName, allTrackingServers } from "./config";

export const mlflowService = "sagemaker-mlflow";
export const sagemakerPrincipal = servicePrincipals.sagemaker;
export const trackingServerType = "mlflow-tracking-server";
export const appType = "mlflow-app";

/** `AccessUI` has no resource type: IAM cannot scope it to a server (the server's other actions are). */
const accessUiReason =
  "sagemaker-mlflow:AccessUI has no resource type; the UI's data calls are scoped to the servers";

/** ARNs of tracking servers by name; `"*"` (opted into in config) becomes every server of this account and region. */
export function trackingServerArns(ctx: ArnContext, names: readonly string[]): string[] {
  return names.map((name) => sagemakerArn(ctx, trackingServerType, name === allTrackingServers ? "*" : name));
}

/**
 * `allow` on many servers, split into statements (`Sid`, `Sid2`, ...) that each fit a managed policy,
 * so that a long server list packs into several policies instead of failing the size quota. ARNs
 * are sorted before splitting, so reordering config moves nothing between statements.
 */
export function allowOnServers(
  sid: string,
  actions: readonly string[],
  arns: readonly string[],
): PolicyStatement[] {
  const fits = (resources: string[]) =>
    documentSize(policyDocument([allow(`${sid}99`, actions, resources)])) <= defaultQuotas.managedPolicySize;
  const chunks: string[][] = [];
  let current: string[] = [];
  for (const arn of sortedUnique(arns)) {
    if (current.length > 0 && !fits([...current, arn])) {
      chunks.push(current);
      current = [];
    }
    current.push(arn);
  }
  if (current.length > 0) chunks.push(current);
  return chunks.map((chunk, index) => allow(index === 0 ? sid : `${sid}${index + 1}`, actions, chunk));
}

export function appArns(ctx: ArnContext, ids: readonly string[]): string[] {
  return ids.map((id) => sagemakerArn(ctx, appType, id));
}

/**
 * The `sagemaker-mlflow` actions of an access level, by rule so that actions AWS adds are picked up:
 * read = Read + List (including AccessUI), write = read + Write except deletions, admin = all.
 */
export function mlflowActionsForLevel(catalog: IamCatalog, level: AccessLevelName): string[] {
  const read = catalog.actionsWhere({ service: mlflowService, accessLevels: ["Read", "List"] });
  if (level === "read") return read;
  if (level === "admin") return catalog.actionsWhere({ service: mlflowService });
  const writes = catalog.actionsWhere({
    service: mlflowService,
    accessLevels: ["Write"],
    exclude: /^Delete/,
  });
  return [...new Set([...read, ...writes])].sort();
}

/**
 * Statements granting `actions` (sagemaker-mlflow, already checked against the catalog) on the
 * given servers: actions with a resource type on the server ARNs, AccessUI alone on `"*"`.
 */
export function mlflowApiStatements(
  catalog: IamCatalog,
  ctx: ArnContext,
  actions: readonly string[],
  servers: readonly string[],
  sidPrefix = "Mlflow",
): PolicyStatement[] {
  const expanded = [...new Set(actions.flatMap((action) => catalog.expand(action)))];
  const scoped = expanded.filter((action) => action.resourceTypes.length > 0).map((a) => a.fullName);
  const unscoped = expanded.filter((action) => action.resourceTypes.length === 0).map((a) => a.fullName);
  const statements: PolicyStatement[] = [];
  if (scoped.length > 0 && servers.length > 0) {
    statements.push(...allowOnServers(`${sidPrefix}Api`, scoped, trackingServerArns(ctx, servers)));
  }
  if (unscoped.length > 0) statements.push(allowOnAnyResource(`${sidPrefix}Ui`, unscoped, accessUiReason));
  return statements;
}

/** Opening the UI outside Studio: a presigned URL of the server (scoped) and AccessUI. */
export function presignedUrlStatements(ctx: ArnContext, servers: readonly string[]): PolicyStatement[] {
  return allowOnServers(
    "PresignedTrackingServerUrl",
    ["sagemaker:CreatePresignedMlflowTrackingServerUrl"],
    trackingServerArns(ctx, servers),
  );
}

/** What the tracking server needs from the artifact store and, optionally, the model registry. */
export interface ArtifactStore {
  readonly buckets: readonly string[];
  readonly kmsKeyArn?: string;
  readonly modelRegistrySync: boolean;
}

/**
 * The tracking-server role's permissions (002's `s3:Get*`/`Put*`/`List*` on `"*"`, scoped):
 * objects of the artifact buckets only, bucket-level listing on those buckets only, the key that
 * encrypts them, and the model-registry actions on this account's and region's packages.
 */
export function artifactStoreStatements(ctx: ArnContext, store: ArtifactStore): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    // DeleteObject: MLflow deletes artifacts (`mlflow gc`, deleted runs); AbortMultipartUpload
    // cleans up failed uploads of large artifacts. Nothing else of s3:Put* (no bucket policy, ACL).
    allow(
      "ArtifactObjects",
      ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
      store.buckets.map((bucket) => s3ObjectsArn(ctx, bucket)),
    ),
    // ListBucket lists run artifacts; GetBucketLocation lets the S3 client find the bucket's region.
    allow(
      "ArtifactBuckets",
      ["s3:ListBucket", "s3:GetBucketLocation"],
      store.buckets.map((bucket) => s3BucketArn(ctx, bucket)),
    ),
  ];
  if (store.kmsKeyArn) {
    statements.push(allow("ArtifactKey", ["kms:Decrypt", "kms:GenerateDataKey"], [store.kmsKeyArn]));
  }
  if (store.modelRegistrySync) statements.push(...modelRegistryStatements(ctx));
  return statements;
}

/** Automatic registration of MLflow models in the SageMaker Model Registry. */
export function modelRegistryStatements(ctx: ArnContext): PolicyStatement[] {
  // Group and package names come from MLflow model names chosen at run time, hence `/*`
  // (still only this account's and region's model packages).
  const groups = sagemakerArn(ctx, "model-package-group", "*");
  const packages = sagemakerArn(ctx, "model-package", "*");
  return [
    allow(
      "ModelRegistryGroups",
      ["sagemaker:CreateModelPackageGroup", "sagemaker:DescribeModelPackageGroup"],
      [groups],
    ),
    allow(
      "ModelRegistryPackages",
      ["sagemaker:CreateModelPackage", "sagemaker:UpdateModelPackage"],
      [packages],
    ),
    allow("ModelRegistryTags", ["sagemaker:AddTags"], [groups, packages]),
  ];
}

/** Using tracking servers: describe them, list them, open their UI. */
export function useTrackingServerStatements(ctx: ArnContext, servers: readonly string[]): PolicyStatement[] {
  if (servers.length === 0) return [];
  return [
    ...allowOnServers(
      "UseTrackingServers",
      ["sagemaker:DescribeMlflowTrackingServer", "sagemaker:CreatePresignedMlflowTrackingServerUrl"],
      trackingServerArns(ctx, servers),
    ),
    // ListMlflowTrackingServers has no resource type in the catalog.
    allowOnAnyResource("ListTrackingServers", ["sagemaker:ListMlflowTrackingServers"]),
  ];
}

/**
 * The tracking-server lifecycle on the named servers, with what CreateMlflowTrackingServer silently
 * depends on: AddTags on the new server, and iam:PassRole of the role it runs as (to SageMaker).
 */
export function manageTrackingServerStatements(
  ctx: ArnContext,
  servers: readonly string[],
  passableRoleArns: readonly string[],
): PolicyStatement[] {
  if (servers.length === 0) return [];
  return [
    ...allowOnServers(
      "ManageTrackingServers",
      [
        "sagemaker:CreateMlflowTrackingServer",
        "sagemaker:UpdateMlflowTrackingServer",
        "sagemaker:DeleteMlflowTrackingServer",
        "sagemaker:StartMlflowTrackingServer",
        "sagemaker:StopMlflowTrackingServer",
        "sagemaker:AddTags",
      ],
      trackingServerArns(ctx, servers),
    ),
    ...passRoleStatements(passableRoleArns),
  ];
}

function passRoleStatements(roleArns: readonly string[]): PolicyStatement[] {
  return roleArns.length > 0 ? [passRole("PassArtifactRole", roleArns, sagemakerPrincipal)] : [];
}

/** Using MLflow Apps: their single data-plane action, describing them and opening their UI. */
export function useAppStatements(ctx: ArnContext, ids: readonly string[]): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (ids.length > 0) {
    statements.push(
      allow(
        "UseMlflowApps",
        [
          "sagemaker:CallMlflowAppApi",
          "sagemaker:DescribeMlflowApp",
          "sagemaker:CreatePresignedMlflowAppUrl",
        ],
        appArns(ctx, ids),
      ),
    );
  }
  // ListMlflowApps has no resource type in the catalog.
  statements.push(allowOnAnyResource("ListMlflowApps", ["sagemaker:ListMlflowApps"]));
  return statements;
}

/**
 * Managing MLflow Apps. SageMaker assigns an app's id on creation, so CreateMlflowApp (and the
 * AddTags it depends on) can only name `mlflow-app/*` of this account and region; update and delete
 * stay on the configured ids. `passRoles` is false when the server statements already pass them.
 */
export function manageAppStatements(
  ctx: ArnContext,
  ids: readonly string[],
  passableRoleArns: readonly string[],
  passRoles: boolean,
): PolicyStatement[] {
  const statements = [
    allow("CreateMlflowApps", ["sagemaker:CreateMlflowApp", "sagemaker:AddTags"], appArns(ctx, ["*"])),
  ];
  if (ids.length > 0) {
    statements.push(
      allow(
        "ChangeMlflowApps",
        ["sagemaker:UpdateMlflowApp", "sagemaker:DeleteMlflowApp"],
        appArns(ctx, ids),
      ),
    );
  }
  if (passRoles) statements.push(...passRoleStatements(passableRoleArns));
  return statements;
}

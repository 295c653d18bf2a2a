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
import { createHash } from "node:crypto";
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
  sagemakerArn,
  servicePrincipals,
  sortedUnique,
} from "../../iam";
import { ArtifactStore, serverArtifactStatements } from "../shared/s3Stores";
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
export function allowInChunks(
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
 * read = Read + List (including AccessUI), write = read + Write except deleting experiments, runs,
 * models, versions and traces (removing a tag or an alias is part of writing: MLflow's `delete_tag`,
 * `delete_registered_model_alias`, trace and logged-model tags), admin = all.
 */
export function mlflowActionsForLevel(catalog: IamCatalog, level: AccessLevelName): string[] {
  const read = catalog.actionsWhere({ service: mlflowService, accessLevels: ["Read", "List"] });
  if (level === "read") return read;
  if (level === "admin") return catalog.actionsWhere({ service: mlflowService });
  const writes = catalog.actionsWhere({
    service: mlflowService,
    accessLevels: ["Write"],
    exclude: /^Delete(?!.*(Tag|Alias)$)/,
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
    statements.push(...allowInChunks(`${sidPrefix}Api`, scoped, trackingServerArns(ctx, servers)));
  }
  if (unscoped.length > 0) statements.push(allowOnAnyResource(`${sidPrefix}Ui`, unscoped, accessUiReason));
  return statements;
}

/** Opening the UI outside Studio: a presigned URL of the server (scoped) and AccessUI. */
export function presignedUrlStatements(ctx: ArnContext, servers: readonly string[]): PolicyStatement[] {
  return allowInChunks(
    "PresignedTrackingServerUrl",
    ["sagemaker:CreatePresignedMlflowTrackingServerUrl"],
    trackingServerArns(ctx, servers),
  );
}

/** What a tracking server's or an MLflow App's role needs: its artifact stores and registry sync. */
export interface ServerRoleAccess {
  readonly stores: readonly ArtifactStore[];
  readonly kmsKeyArn?: string;
  /**
   * Whether the servers register MLflow models in the SageMaker Model Registry, and whose names
   * (tracking servers and app ids) the synced groups carry.
   */
  readonly modelRegistrySync: boolean;
  readonly registrySources: readonly string[];
}

/**
 * The role a tracking server runs as (002's `s3:Get*`/`Put*`/`List*` on `"*"`, scoped): objects
 * and listing of its artifact stores only, the key that encrypts them through S3 only, and the
 * model-registry sync of its own groups.
 */
export function serverRoleStatements(ctx: ArnContext, access: ServerRoleAccess): PolicyStatement[] {
  return [
    ...serverArtifactStatements(ctx, access.stores, access.kmsKeyArn),
    ...(access.modelRegistrySync ? modelRegistryStatements(ctx, access.registrySources) : []),
  ];
}

/**
 * The suffix registry sync gives a registered model's group: the first six hex characters of the
 * SHA-256 of the tracking server's name or the MLflow App's id ("Automatically register SageMaker
 * AI models with SageMaker Model Registry"), so `<model>-<suffix>` names the server's groups.
 */
export function registrySuffix(serverNameOrAppId: string): string {
  return createHash("sha256").update(serverNameOrAppId).digest("hex").slice(0, 6);
}

/**
 * Automatic registration of MLflow models in the SageMaker Model Registry, on the groups the sync
 * names after these servers and apps only (`<model>-<suffix>` and their versions), so a server
 * cannot add versions to, or approve packages in, any other group (the pipelines' own among them).
 * `"*"` (every server, opted into in config) cannot be named, so it keeps every group.
 */
export function modelRegistryStatements(ctx: ArnContext, sources: readonly string[]): PolicyStatement[] {
  const suffixes = sources.includes(allTrackingServers)
    ? ["*"]
    : sortedUnique(sources.map((source) => `*-${registrySuffix(source)}`));
  if (suffixes.length === 0) return [];
  const groups = suffixes.map((suffix) => sagemakerArn(ctx, "model-package-group", suffix));
  const packages = suffixes.map((suffix) =>
    sagemakerArn(ctx, "model-package", suffix === "*" ? "*" : `${suffix}/*`),
  );
  return [
    // One pattern per server or app: split, so that many of them pack into several policies.
    ...allowInChunks(
      "ModelRegistryGroups",
      ["sagemaker:CreateModelPackageGroup", "sagemaker:DescribeModelPackageGroup"],
      groups,
    ),
    ...allowInChunks(
      "ModelRegistryPackages",
      ["sagemaker:CreateModelPackage", "sagemaker:UpdateModelPackage"],
      packages,
    ),
    ...allowInChunks("ModelRegistryTags", ["sagemaker:AddTags"], [...groups, ...packages]),
    // AWS's MLflow Apps page: "Creates lineage associations between the MLflow model and the
    // SageMaker AI Model Package. If missing, lineage is silently skipped." The tracking-server page
    // does not list it; servers and apps share the role here, so both get it.
    allow(
      "ModelRegistryLineage",
      ["sagemaker:CreateAction", "sagemaker:AddAssociation"],
      [sagemakerArn(ctx, "action", "*")],
    ),
  ];
}

/** Using tracking servers: describe them, list them, open their UI. */
export function useTrackingServerStatements(ctx: ArnContext, servers: readonly string[]): PolicyStatement[] {
  if (servers.length === 0) return [];
  return [
    ...allowInChunks(
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
    ...allowInChunks(
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

/** The tag the stack puts on the MLflow Apps it creates: their grants name them by it. */
export const createdAppTag = "mlops-iam:mlflow-app";

/**
 * Using MLflow Apps: their single data-plane action, describing them and opening their UI. Apps
 * by id, and apps the stack creates by their {@link createdAppTag} (their ids are not known before).
 */
export function useAppStatements(
  ctx: ArnContext,
  ids: readonly string[],
  createdNames: readonly string[] = [],
): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (createdNames.length > 0) {
    statements.push(
      allow(
        "UseCreatedMlflowApps",
        [
          "sagemaker:CallMlflowAppApi",
          "sagemaker:CreatePresignedMlflowAppUrl",
          "sagemaker:DescribeMlflowApp",
        ],
        appArns(ctx, ["*"]),
        { StringEquals: { [`aws:ResourceTag/${createdAppTag}`]: [...createdNames].sort() } },
      ),
    );
  }
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

/**
 * The SageMaker service role for MLflow: what clients and admins use to call the MLflow REST API of
 * the configured tracking servers and apps, and to run the servers' lifecycle.
 */
import * as pulumi from "@pulumi/pulumi";
import { IamCatalog, policyDocument, trustPrincipals, trustServices } from "../../iam";
import { registerRoleComponent, validatedPlan } from "../shared/component";
import { roleName } from "../shared/naming";
import { PlatformSettings, RolePlan } from "../shared/plan";
import { clientArtifactStatements, parseArtifactStore } from "../shared/s3Stores";
import {
  manageAppStatements,
  manageTrackingServerStatements,
  mlflowActionsForLevel,
  mlflowApiStatements,
  sagemakerPrincipal,
  useAppStatements,
  useTrackingServerStatements,
} from "./documents";

export interface MlflowServiceRoleArgs {
  /** Naming, tags, boundary, path and ARN context of the stack. Required. */
  readonly settings: PlatformSettings;
  /** Tracking-server names (`"*"` only if the config opted in). Default: none. */
  readonly trackingServers?: string[];
  /** IAM principals (role, user, account ARNs) that may assume the role besides SageMaker. Default: none. */
  readonly trustedPrincipals?: string[];
  /** Whether the role may create, update, start, stop and delete the servers. Default: true. */
  readonly manageTrackingServers?: boolean;
  /** MLflow App ids the role may use. Default: none. */
  readonly appIds?: string[];
  /** Names of MLflow Apps the stack creates, which the role may use (by their tag). Default: none. */
  readonly createdAppNames?: string[];
  /** Whether the role may create apps and update or delete the configured ones. Default: false. */
  readonly manageApps?: boolean;
  /** Roles a new server or app may run as (iam:PassRole to SageMaker). Default: none. */
  readonly passableRoleArns?: string[];
  /** Artifact stores (bucket names or `s3://<bucket>/<prefix>` URIs) the role reads and writes as an MLflow client. Default: none. */
  readonly artifactStores?: string[];
  /** KMS key that encrypts the artifact stores (SSE-KMS). Default: none. */
  readonly artifactKmsKeyArn?: string;
}

/** The role plan of {@link MlflowServiceRole} named `name` (pure). */
export function planServiceRole(name: string, args: MlflowServiceRoleArgs, catalog: IamCatalog): RolePlan {
  const { settings } = args;
  const ctx = settings.arn;
  const servers = args.trackingServers ?? [];
  const appIds = args.appIds ?? [];
  const passable = args.passableRoleArns ?? [];
  const manageServers = (args.manageTrackingServers ?? true) && servers.length > 0;
  const trust = [trustServices("SageMakerAssumesRole", [sagemakerPrincipal])];
  if ((args.trustedPrincipals ?? []).length > 0) {
    trust.push(trustPrincipals("TrustedPrincipalsAssumeRole", args.trustedPrincipals ?? []));
  }
  return {
    key: `${name}-role`,
    name: roleName(settings.namePrefix, "mlflowService"),
    description: "Clients and admins of MLflow on SageMaker: MLflow REST API and tracking-server lifecycle",
    trust: policyDocument(trust),
    inlinePolicies: {},
    managedStatements: [
      ...mlflowApiStatements(catalog, ctx, mlflowActionsForLevel(catalog, "admin"), servers),
      ...useTrackingServerStatements(ctx, servers),
      // AWS's page has clients use this role: as one, it moves artifacts itself.
      ...clientArtifactStatements(
        ctx,
        (args.artifactStores ?? []).map(parseArtifactStore),
        "write",
        args.artifactKmsKeyArn,
      ),
      ...(manageServers ? manageTrackingServerStatements(ctx, servers, passable) : []),
      ...(appIds.length > 0 || args.manageApps || (args.createdAppNames ?? []).length > 0
        ? useAppStatements(ctx, appIds, args.createdAppNames)
        : []),
      ...(args.manageApps ? manageAppStatements(ctx, appIds, passable, !manageServers) : []),
    ],
    awsManagedPolicyArns: [],
  };
}

/** The SageMaker service role for MLflow clients and admins. */
export class MlflowServiceRole extends pulumi.ComponentResource {
  /** The role ARN, resolved once its policies are attached. */
  declare readonly roleArn: pulumi.Output<string>;
  /** The role name. */
  declare readonly roleName: pulumi.Output<string>;
  /** ARNs of the role's managed policies. */
  declare readonly policyArns: pulumi.Output<string[]>;

  constructor(name: string, args: MlflowServiceRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = validatedPlan(name, args, planServiceRole);
    super("mlops-iam:index:MlflowServiceRole", name, {}, opts);
    registerRoleComponent(this, plan, args.settings);
  }
}

/** The role SageMaker assumes for a tracking server: artifact store and model registry access. */
import * as pulumi from "@pulumi/pulumi";
import { IamCatalog, policyDocument, trustServices } from "../../iam";
import { registerRoleComponent, validatedPlan } from "../shared/component";
import { roleName } from "../shared/naming";
import { PlatformSettings, RolePlan } from "../shared/plan";
import { parseArtifactStore } from "../shared/s3Stores";
import { sagemakerPrincipal, serverRoleStatements } from "./documents";

export interface MlflowTrackingServerRoleArgs {
  /** Naming, tags, boundary, path and ARN context of the stack. Required. */
  readonly settings: PlatformSettings;
  /** The servers' artifact stores (`--artifact-store-uri`): bucket names or `s3://<bucket>/<prefix>` URIs. Required, non-empty. */
  readonly artifactStores: string[];
  /** Tracking servers that run as this role (registry sync is scoped to their model package groups; `"*"` only if the config opted in). Default: none. */
  readonly trackingServers?: string[];
  /** MLflow App ids that run as this role (registry sync of their groups). Default: none. */
  readonly appIds?: string[];
  /** KMS key that encrypts the artifact buckets (SSE-KMS). Default: none (SSE-S3). */
  readonly artifactKmsKeyArn?: string;
  /** Whether the server may register MLflow models in the SageMaker Model Registry. Default: true. */
  readonly modelRegistrySync?: boolean;
  /** Trust SageMaker only on behalf of this account (`aws:SourceAccount`). Default: false (SageMaker documents no such condition for tracking servers). */
  readonly trustSourceAccountOnly?: boolean;
}

/** The role plan of {@link MlflowTrackingServerRole} named `name` (pure). */
export function planTrackingServerRole(
  name: string,
  args: MlflowTrackingServerRoleArgs,
  _catalog: IamCatalog,
): RolePlan {
  const { settings } = args;
  const condition = args.trustSourceAccountOnly
    ? { StringEquals: { "aws:SourceAccount": settings.arn.accountId } }
    : undefined;
  return {
    key: `${name}-role`,
    name: roleName(settings.namePrefix, "mlflowTrackingServer"),
    description: "Assumed by SageMaker for MLflow tracking servers: artifact store and model registry",
    trust: policyDocument([trustServices("SageMakerAssumesRole", [sagemakerPrincipal], condition)]),
    inlinePolicies: {},
    managedStatements: serverRoleStatements(settings.arn, {
      stores: args.artifactStores.map(parseArtifactStore),
      kmsKeyArn: args.artifactKmsKeyArn,
      modelRegistrySync: args.modelRegistrySync ?? true,
      registrySources: [...(args.trackingServers ?? []), ...(args.appIds ?? [])],
    }),
    awsManagedPolicyArns: [],
  };
}

/** The tracking-server service role (`--role-arn` of `create-mlflow-tracking-server`). */
export class MlflowTrackingServerRole extends pulumi.ComponentResource {
  /** The role ARN, resolved once its policies are attached. */
  declare readonly roleArn: pulumi.Output<string>;
  /** The role name. */
  declare readonly roleName: pulumi.Output<string>;
  /** ARNs of the role's managed policies. */
  declare readonly policyArns: pulumi.Output<string[]>;

  constructor(name: string, args: MlflowTrackingServerRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = validatedPlan(name, args, planTrackingServerRole);
    super("mlops-iam:index:MlflowTrackingServerRole", name, {}, opts);
    registerRoleComponent(this, plan, args.settings);
  }
}

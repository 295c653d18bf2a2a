/**
 * The MLflow ML activities of SageMaker Role Manager, for teams that keep one domain execution role:
 * "Use MLflow", "Manage MLflow Tracking Servers" and "Access required to AWS Services for MLflow",
 * as three customer-managed policies attached to existing roles.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArnContext, IamCatalog, PolicyStatement, roleArn } from "../../iam";
import { validatedPlan } from "../shared/component";
import { iamName } from "../shared/naming";
import { PlanError, PlatformSettings, PolicyPlan } from "../shared/plan";
import { createPolicy } from "../shared/resources";
import { choiceProblems, isOneOf } from "../shared/choices";
import { DomainActivity, domainActivities } from "./config";
import { clientArtifactStatements, parseArtifactStore } from "../shared/s3Stores";
import {
  manageTrackingServerStatements,
  mlflowActionsForLevel,
  mlflowApiStatements,
  serverRoleStatements,
  useTrackingServerStatements,
} from "./documents";

/** An existing domain execution role and the activities it receives. */
export interface MlflowDomainRole {
  /** Role name. Required. */
  readonly name: string;
  /** IAM path of the role, e.g. `/service-role/`. Required. */
  readonly path: string;
  /** ML activities it receives, each `useMlflow`, `manageTrackingServers` or `awsServices`. Required. */
  readonly activities: string[];
}

/** A domain role whose activities have been checked. */
interface CheckedDomainRole extends Omit<MlflowDomainRole, "activities"> {
  readonly activities: DomainActivity[];
}

export interface MlflowDomainRoleActivitiesArgs {
  /** Naming, tags, path and ARN context of the stack. Required. */
  readonly settings: PlatformSettings;
  /** Existing domain roles and their activities. Required. */
  readonly roles: MlflowDomainRole[];
  /** Tracking servers the activities apply to. Default: none. */
  readonly trackingServers?: string[];
  /** Artifact stores (bucket names or `s3://<bucket>/<prefix>` URIs): "useMlflow" reads and writes them as a client, "awsServices" as a server. Default: none. */
  readonly artifactStores?: string[];
  /** MLflow App ids whose registry sync "awsServices" covers. Default: none. */
  readonly appIds?: string[];
  /** KMS key of the artifact buckets. Default: none. */
  readonly artifactKmsKeyArn?: string;
  /** Whether "awsServices" includes the model registry. Default: true. */
  readonly modelRegistrySync?: boolean;
  /** Roles a new server may run as besides the domain roles with "awsServices". Default: none. */
  readonly passableRoleArns?: string[];
}

/** IAM name part of each activity's policy. */
export const activityPolicyNames: Record<DomainActivity, string> = {
  useMlflow: "use",
  manageTrackingServers: "manage-servers",
  awsServices: "aws-services",
};

/** Domain roles with "awsServices" can act as tracking-server roles, so "manage" may pass them. */
export function domainRolesAsTrackingServerRoles(
  ctx: ArnContext,
  roles: readonly MlflowDomainRole[],
): string[] {
  return roles
    .filter((role) => role.activities.includes("awsServices"))
    .map((r) => roleArn(ctx, r.name, r.path));
}

/** Every activity of the `roles` argument of {@link MlflowDomainRoleActivities} `name` that is not one. */
export function domainRoleArgsProblems(name: string, roles: readonly MlflowDomainRole[]): string[] {
  return roles.flatMap((role, i) =>
    role.activities.flatMap((activity, j) =>
      choiceProblems(domainActivities, activity, `${name}: roles[${i}].activities[${j}]`),
    ),
  );
}

/** The `roles` argument with its activities narrowed; a {@link PlanError} naming any that is not one. */
function checkedDomainRoles(name: string, roles: readonly MlflowDomainRole[]): CheckedDomainRole[] {
  const problems = domainRoleArgsProblems(name, roles);
  if (problems.length > 0) throw new PlanError(problems);
  return roles.map((role) => ({
    ...role,
    activities: role.activities.filter((activity) => isOneOf(domainActivities, activity)),
  }));
}

/** The policy plans of {@link MlflowDomainRoleActivities} named `name`: one per activity in use (pure). */
export function planDomainRoleActivities(
  name: string,
  args: MlflowDomainRoleActivitiesArgs,
  catalog: IamCatalog,
): PolicyPlan[] {
  const ctx = args.settings.arn;
  const domainRoles = checkedDomainRoles(name, args.roles);
  const servers = args.trackingServers ?? [];
  const passable = [...(args.passableRoleArns ?? []), ...domainRolesAsTrackingServerRoles(ctx, domainRoles)];
  const stores = (args.artifactStores ?? []).map(parseArtifactStore);
  const statements: Record<DomainActivity, () => PolicyStatement[]> = {
    // Studio's notebooks are MLflow clients: the REST API, and the artifact store with the role's own credentials.
    useMlflow: () => [
      ...mlflowApiStatements(catalog, ctx, mlflowActionsForLevel(catalog, "admin"), servers),
      ...useTrackingServerStatements(ctx, servers),
      ...clientArtifactStatements(ctx, stores, "write", args.artifactKmsKeyArn),
    ],
    manageTrackingServers: () => [
      ...useTrackingServerStatements(ctx, servers),
      ...manageTrackingServerStatements(ctx, servers, passable),
    ],
    awsServices: () =>
      serverRoleStatements(ctx, {
        stores,
        kmsKeyArn: args.artifactKmsKeyArn,
        modelRegistrySync: args.modelRegistrySync ?? true,
        registrySources: [...servers, ...(args.appIds ?? [])],
      }),
  };
  return (Object.keys(activityPolicyNames) as DomainActivity[]).flatMap((activity) => {
    const roles = domainRoles.filter((role) => role.activities.includes(activity)).map((role) => role.name);
    if (roles.length === 0) return [];
    return [
      {
        key: `${name}-${activityPolicyNames[activity]}`,
        name: iamName(args.settings.namePrefix, "mlflow-domain", activityPolicyNames[activity]),
        description: `SageMaker Role Manager ML activity for MLflow: ${activity}`,
        statements: statements[activity](),
        attachTo: { roles: [...roles].sort(), groups: [], users: [] },
      },
    ];
  });
}

/** The three MLflow ML activities, attached to existing SageMaker domain roles. */
export class MlflowDomainRoleActivities extends pulumi.ComponentResource {
  /** Policy ARNs by activity (only activities some role receives). */
  readonly policyArns: pulumi.Output<Record<string, string[]>>;

  constructor(name: string, args: MlflowDomainRoleActivitiesArgs, opts?: pulumi.ComponentResourceOptions) {
    const plans = validatedPlan(name, args, planDomainRoleActivities);
    super("mlops-iam:index:MlflowDomainRoleActivities", name, {}, opts);
    const arns: Record<string, pulumi.Output<string[]>> = {};
    for (const plan of plans) {
      arns[plan.key.slice(name.length + 1)] = createPolicy(this, plan, args.settings).policyArns;
    }
    this.policyArns = pulumi.output(arns);
    this.registerOutputs({ policyArns: this.policyArns });
  }
}

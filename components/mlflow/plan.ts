/**
 * From the `mlops-iam:mlflow` config to the components' args, and from those to the section plan.
 * The section's `plan` and `deploy` both start here, so what is validated is what is deployed.
 */
import { configKey } from "../../config/read";
import { IamCatalog } from "../../iam";
import { PlatformSettings, plannedRoleArn } from "../shared/plan";
import { SectionPlan } from "../shared/section";
import { accessActionProblems, MlflowAccessPolicyArgs, planAccessPolicy } from "./accessPolicies";
import { MlflowAppAccessArgs, planAppAccess } from "./apps";
import { MlflowConfig } from "./config";
import {
  domainRolesAsTrackingServerRoles,
  MlflowDomainRoleActivitiesArgs,
  planDomainRoleActivities,
} from "./domainRoles";
import { MlflowServiceRoleArgs, planServiceRole } from "./serviceRole";
import { MlflowTrackingServerRoleArgs, planTrackingServerRole } from "./trackingServerRole";

/** Pulumi names of the section's components; children derive theirs (never from list positions). */
export const mlflowComponentNames = {
  trackingServerRole: "mlflow-tracking-server",
  serviceRole: "mlflow-service",
  accessPolicy: (policyName: string) => `mlflow-access-${policyName}`,
  domainRoleActivities: "mlflow-domain-activities",
  appAccess: "mlflow-app-access",
} as const;

/** A component to register: its Pulumi name and args. */
export interface Named<A> {
  readonly name: string;
  readonly args: A;
}

/** Everything the section registers, as component args, plus the problems only the catalog finds. */
export interface MlflowComponents {
  readonly trackingServerRole?: Named<MlflowTrackingServerRoleArgs>;
  readonly serviceRole?: Named<MlflowServiceRoleArgs>;
  readonly accessPolicies: readonly Named<MlflowAccessPolicyArgs>[];
  readonly domainRoleActivities?: Named<MlflowDomainRoleActivitiesArgs>;
  readonly appAccess?: Named<MlflowAppAccessArgs>;
  readonly problems: readonly string[];
}

/** The components a config asks for (pure). */
export function mlflowComponents(
  config: MlflowConfig,
  settings: PlatformSettings,
  catalog: IamCatalog,
): MlflowComponents {
  const trackingServerRole: Named<MlflowTrackingServerRoleArgs> | undefined = config.trackingServerRole
    .enabled
    ? {
        name: mlflowComponentNames.trackingServerRole,
        args: {
          settings,
          artifactBuckets: config.artifactBuckets,
          artifactKmsKeyArn: config.artifactKmsKeyArn,
          modelRegistrySync: config.modelRegistrySync,
          trustSourceAccountOnly: config.trackingServerRole.trustSourceAccountOnly,
        },
      }
    : undefined;
  const trackingServerRoleArns = trackingServerRole
    ? [plannedRoleArn(planTrackingServerRole(trackingServerRole.name, trackingServerRole.args), settings)]
    : [];
  // Servers and apps may run as the tracking-server role or as a domain role that has its permissions.
  const passableRoleArns = [
    ...trackingServerRoleArns,
    ...domainRolesAsTrackingServerRoles(settings.arn, config.domainRoles),
  ];

  const serviceRole: Named<MlflowServiceRoleArgs> | undefined = config.serviceRole.enabled
    ? {
        name: mlflowComponentNames.serviceRole,
        args: {
          settings,
          trackingServers: config.trackingServers,
          trustedPrincipals: config.serviceRole.trustedPrincipals,
          manageTrackingServers: config.serviceRole.manageTrackingServers,
          appIds: config.apps.ids,
          manageApps: config.apps.manage,
          passableRoleArns,
        },
      }
    : undefined;

  const problems: string[] = [];
  const accessPolicies = config.accessPolicies.map((policy, index) => {
    if (policy.actions) {
      problems.push(
        ...accessActionProblems(
          catalog,
          policy.actions,
          configKey(["mlflow", "accessPolicies", index, "actions"]),
        ),
      );
    }
    return {
      name: mlflowComponentNames.accessPolicy(policy.name),
      args: {
        settings,
        policyName: policy.name,
        level: policy.level,
        actions: policy.actions,
        trackingServers: policy.trackingServers ?? config.trackingServers,
        presignedUrls: policy.presignedUrls,
        attachTo: { roles: policy.attachToRoles, groups: policy.attachToGroups, users: policy.attachToUsers },
      },
    };
  });

  const domainRoleActivities: Named<MlflowDomainRoleActivitiesArgs> | undefined =
    config.domainRoles.length > 0
      ? {
          name: mlflowComponentNames.domainRoleActivities,
          args: {
            settings,
            roles: config.domainRoles,
            trackingServers: config.trackingServers,
            artifactBuckets: config.artifactBuckets,
            artifactKmsKeyArn: config.artifactKmsKeyArn,
            modelRegistrySync: config.modelRegistrySync,
            passableRoleArns: trackingServerRoleArns,
          },
        }
      : undefined;

  const { ids, attachToRoles, attachToGroups, attachToUsers } = config.apps;
  const appUsers = attachToRoles.length + attachToGroups.length + attachToUsers.length;
  if (appUsers > 0 && ids.length === 0) {
    problems.push(
      `${configKey(["mlflow", "apps", "ids"])}: expected the ids of the apps to grant access to, got []`,
    );
  }
  const appAccess: Named<MlflowAppAccessArgs> | undefined =
    appUsers > 0 && ids.length > 0
      ? {
          name: mlflowComponentNames.appAccess,
          args: {
            settings,
            appIds: ids,
            attachTo: { roles: attachToRoles, groups: attachToGroups, users: attachToUsers },
          },
        }
      : undefined;

  return { trackingServerRole, serviceRole, accessPolicies, domainRoleActivities, appAccess, problems };
}

/** The section plan: every role and policy the MLflow components will register (pure). */
export function planMlflow(
  config: MlflowConfig,
  settings: PlatformSettings,
  catalog: IamCatalog,
): SectionPlan {
  const components = mlflowComponents(config, settings, catalog);
  // Policies built from an invalid action list would only repeat the problems.
  const validPolicies = components.problems.length === 0 ? components.accessPolicies : [];
  return {
    roles: [
      ...(components.trackingServerRole
        ? [planTrackingServerRole(components.trackingServerRole.name, components.trackingServerRole.args)]
        : []),
      ...(components.serviceRole
        ? [planServiceRole(components.serviceRole.name, components.serviceRole.args)]
        : []),
    ],
    policies: [
      ...validPolicies.map((policy) => planAccessPolicy(policy.name, policy.args)),
      ...(components.domainRoleActivities
        ? planDomainRoleActivities(components.domainRoleActivities.name, components.domainRoleActivities.args)
        : []),
      ...(components.appAccess ? [planAppAccess(components.appAccess.name, components.appAccess.args)] : []),
    ],
    problems: components.problems,
  };
}

/**
 * From the `mlops-iam:mlflow` config to the components the section registers, each with its plan.
 * The stack validates these plans and registers these components, so what is validated is what is
 * deployed.
 */
import { configKey } from "../../config/read";
import { IamCatalog } from "../../iam";
import { ComponentSpec, componentSpec, Registered } from "../shared/component";
import { PlatformSettings, plannedRoleArn } from "../shared/plan";
import { SectionComponents } from "../shared/section";
import { accessActionProblems, MlflowAccessPolicy, planAccessPolicy } from "./accessPolicies";
import { MlflowAppAccess, planAppAccess } from "./apps";
import { allTrackingServers, MlflowConfig } from "./config";
import {
  domainRolesAsTrackingServerRoles,
  MlflowDomainRoleActivities,
  planDomainRoleActivities,
} from "./domainRoles";
import { MlflowServiceRole, planServiceRole } from "./serviceRole";
import { MlflowTrackingServerRole, planTrackingServerRole } from "./trackingServerRole";

/** Pulumi names of the section's components; children derive theirs (never from list positions). */
export const mlflowComponentNames = {
  trackingServerRole: "mlflow-tracking-server",
  serviceRole: "mlflow-service",
  accessPolicy: (policyName: string) => `mlflow-access-${policyName}`,
  domainRoleActivities: "mlflow-domain-activities",
  appAccess: "mlflow-app-access",
} as const;

/** The exact CLI call that creates a tracking server running as `roleArn`. */
function createTrackingServerCommand(server: string, bucket: string, roleArn: string): string {
  return (
    `aws sagemaker create-mlflow-tracking-server --tracking-server-name ${server} ` +
    `--artifact-store-uri s3://${bucket} --role-arn ${roleArn}`
  );
}

/** The components a config asks for, with their plans (pure). */
export function mlflowComponents(
  config: MlflowConfig,
  settings: PlatformSettings,
  catalog: IamCatalog,
): SectionComponents {
  const problems: string[] = [];

  const trackingServerRole = config.trackingServerRole.enabled
    ? componentSpec(
        {
          name: mlflowComponentNames.trackingServerRole,
          component: MlflowTrackingServerRole,
          plan: planTrackingServerRole,
          args: {
            settings,
            artifactStores: config.artifactBuckets,
            artifactKmsKeyArn: config.artifactKmsKeyArn,
            modelRegistrySync: config.modelRegistrySync,
            trustSourceAccountOnly: config.trackingServerRole.trustSourceAccountOnly,
            trackingServers: config.trackingServers,
            appIds: config.apps.ids,
          },
        },
        catalog,
      )
    : undefined;
  const trackingServerRoleArns = trackingServerRole
    ? [plannedRoleArn(trackingServerRole.planned, settings)]
    : [];
  // Servers and apps may run as the tracking-server role or as a domain role that has its permissions.
  const passableRoleArns = [
    ...trackingServerRoleArns,
    ...domainRolesAsTrackingServerRoles(settings.arn, config.domainRoles),
  ];

  const serviceRole = config.serviceRole.enabled
    ? componentSpec(
        {
          name: mlflowComponentNames.serviceRole,
          component: MlflowServiceRole,
          plan: planServiceRole,
          args: {
            settings,
            trackingServers: config.trackingServers,
            trustedPrincipals: config.serviceRole.trustedPrincipals,
            manageTrackingServers: config.serviceRole.manageTrackingServers,
            appIds: config.apps.ids,
            manageApps: config.apps.manage,
            passableRoleArns,
            artifactStores: config.artifactBuckets,
            artifactKmsKeyArn: config.artifactKmsKeyArn,
          },
        },
        catalog,
      )
    : undefined;

  const accessPolicies: [string, ComponentSpec<MlflowAccessPolicy>][] = [];
  config.accessPolicies.forEach((policy, index) => {
    const actionProblems = policy.actions
      ? accessActionProblems(
          catalog,
          policy.actions,
          configKey(["mlflow", "accessPolicies", index, "actions"]),
        )
      : [];
    // A policy built from an invalid action list would only repeat the problems.
    problems.push(...actionProblems);
    if (actionProblems.length > 0) return;
    const spec = componentSpec(
      {
        name: mlflowComponentNames.accessPolicy(policy.name),
        component: MlflowAccessPolicy,
        plan: planAccessPolicy,
        args: {
          settings,
          policyName: policy.name,
          level: policy.level,
          actions: policy.actions,
          trackingServers: policy.trackingServers ?? config.trackingServers,
          presignedUrls: policy.presignedUrls,
          attachTo: {
            roles: policy.attachToRoles,
            groups: policy.attachToGroups,
            users: policy.attachToUsers,
          },
          artifactStores: config.artifactBuckets,
          artifactAccess: policy.artifactAccess,
          artifactKmsKeyArn: config.artifactKmsKeyArn,
        },
      },
      catalog,
    );
    accessPolicies.push([policy.name, spec]);
  });

  const domainRoleActivities =
    config.domainRoles.length > 0
      ? componentSpec(
          {
            name: mlflowComponentNames.domainRoleActivities,
            component: MlflowDomainRoleActivities,
            plan: planDomainRoleActivities,
            args: {
              settings,
              roles: config.domainRoles,
              trackingServers: config.trackingServers,
              artifactStores: config.artifactBuckets,
              appIds: config.apps.ids,
              artifactKmsKeyArn: config.artifactKmsKeyArn,
              modelRegistrySync: config.modelRegistrySync,
              passableRoleArns: trackingServerRoleArns,
            },
          },
          catalog,
        )
      : undefined;

  const { ids, attachToRoles, attachToGroups, attachToUsers } = config.apps;
  const appUsers = attachToRoles.length + attachToGroups.length + attachToUsers.length;
  if (appUsers > 0 && ids.length === 0) {
    problems.push(
      `${configKey(["mlflow", "apps", "ids"])}: expected the ids of the apps to grant access to, got []`,
    );
  }
  const appAccess =
    appUsers > 0 && ids.length > 0
      ? componentSpec(
          {
            name: mlflowComponentNames.appAccess,
            component: MlflowAppAccess,
            plan: planAppAccess,
            args: {
              settings,
              appIds: ids,
              attachTo: { roles: attachToRoles, groups: attachToGroups, users: attachToUsers },
              artifactStores: config.artifactBuckets,
              artifactKmsKeyArn: config.artifactKmsKeyArn,
            },
          },
          catalog,
        )
      : undefined;

  return {
    components: [
      ...(trackingServerRole ? [trackingServerRole] : []),
      ...(serviceRole ? [serviceRole] : []),
      ...accessPolicies.map(([, spec]) => spec),
      ...(domainRoleActivities ? [domainRoleActivities] : []),
      ...(appAccess ? [appAccess] : []),
    ],
    problems,
    outputs(registered: Registered) {
      const outputs: Record<string, unknown> = {};
      const policyArns: Record<string, unknown> = {};
      if (trackingServerRole) {
        const role = registered(trackingServerRole);
        outputs.trackingServerRoleArn = role.roleArn;
        policyArns.trackingServerRole = role.policyArns;
        // The artifact store of a new server is the first configured bucket; `"*"` names no server to create.
        const bucket = config.artifactBuckets[0];
        const servers = config.trackingServers.filter((server) => server !== allTrackingServers);
        outputs.createTrackingServerCommands = role.roleArn.apply((arn) =>
          Object.fromEntries(
            servers.map((server) => [server, createTrackingServerCommand(server, bucket, arn)]),
          ),
        );
      }
      if (serviceRole) {
        const role = registered(serviceRole);
        outputs.serviceRoleArn = role.roleArn;
        policyArns.serviceRole = role.policyArns;
      }
      if (accessPolicies.length > 0) {
        policyArns.accessPolicies = Object.fromEntries(
          accessPolicies.map(([name, spec]) => [name, registered(spec).policyArns]),
        );
      }
      if (domainRoleActivities) policyArns.domainRoleActivities = registered(domainRoleActivities).policyArns;
      if (appAccess) policyArns.appAccess = registered(appAccess).policyArns;
      outputs.policyArns = policyArns;
      return outputs;
    },
  };
}

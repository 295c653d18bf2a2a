/**
 * From the `mlops-iam:mlflow` config to the components the section registers, each with its plan.
 * The stack validates these plans and registers these components, so what is validated is what is
 * deployed.
 */
import * as aws from "@pulumi/aws";
import { configKey } from "../../config/read";
import {
  ArnContext,
  IamCatalog,
  PolicyStatement,
  allow,
  passRole,
  sagemakerArn,
  servicePrincipals,
  sortedUnique,
} from "../../iam";
import { ComponentSpec, componentSpec, plainComponentSpec, Registered } from "../shared/component";
import { PlatformSettings, plannedRoleArn } from "../shared/plan";
import { SectionComponents } from "../shared/section";
import { accessActionProblems, MlflowAccessPolicy, planAccessPolicy } from "./accessPolicies";
import { MlflowAppAccess, planAppAccess } from "./apps";
import { artifactStoreUri, parseArtifactStore } from "../shared/s3Stores";
import { allTrackingServers, MlflowConfig, TrackingServerConfig, trackingServerEntries } from "./config";
import {
  domainRolesAsTrackingServerRoles,
  MlflowDomainRoleActivities,
  planDomainRoleActivities,
} from "./domainRoles";
import { createdAppTag, trackingServerArns } from "./documents";
import { MlflowServiceRole, planServiceRole } from "./serviceRole";
import { MlflowTrackingServerRole, planTrackingServerRole } from "./trackingServerRole";

/** Pulumi names of the section's components; children derive theirs (never from list positions). */
export const mlflowComponentNames = {
  trackingServerRole: "mlflow-tracking-server",
  serviceRole: "mlflow-service",
  accessPolicy: (policyName: string) => `mlflow-access-${policyName}`,
  domainRoleActivities: "mlflow-domain-activities",
  appAccess: "mlflow-app-access",
  trackingServer: (server: string) => `mlflow-server-${server}`,
  app: (app: string) => `mlflow-app-${app}`,
} as const;

/** The exact CLI call that creates a tracking server running as `roleArn`. */
function createTrackingServerCommand(server: string, storeUri: string, roleArn: string): string {
  return (
    `aws sagemaker create-mlflow-tracking-server --tracking-server-name ${server} ` +
    `--artifact-store-uri ${storeUri} --role-arn ${roleArn}`
  );
}

/** The section's tracking servers and where their artifacts live. */
class Servers {
  readonly entries: readonly TrackingServerConfig[];
  private readonly buckets: readonly string[];

  private readonly appStores: readonly string[];

  constructor(config: MlflowConfig) {
    this.entries = trackingServerEntries(config.trackingServers);
    this.buckets = config.artifactBuckets;
    this.appStores = config.apps.create.map((app) => app.artifactStore);
  }

  get names(): string[] {
    return this.entries.map((entry) => entry.name);
  }

  /** A server's artifact stores: its own, else every artifact bucket (any could be its store). */
  storesOf(names: readonly string[]): string[] {
    const entries = this.entries.filter((entry) => names.includes(entry.name));
    return sortedUnique(
      entries.flatMap((entry) => (entry.artifactStore ? [entry.artifactStore] : this.buckets)),
    );
  }

  /** Every artifact store of the section. */
  get allStores(): string[] {
    return sortedUnique([
      ...this.buckets,
      ...this.entries.flatMap((entry) => entry.artifactStore ?? []),
      ...this.appStores,
    ]);
  }

  /** The `--artifact-store-uri` of a server: its own store, else the first artifact bucket. */
  storeUriOf(entry: TrackingServerConfig): string {
    return entry.artifactStore ?? artifactStoreUri(parseArtifactStore(this.buckets[0]));
  }
}

/** A KMS key of another partition or region than the stack's cannot encrypt its buckets (SSE-KMS keys are regional). */
function kmsKeyProblems(ctx: ArnContext, keyArn: string | undefined): string[] {
  if (!keyArn) return [];
  const [, partition, , region] = keyArn.split(":");
  if (partition === ctx.partition && region === ctx.region) return [];
  return [
    `${configKey(["mlflow", "artifactKmsKeyArn"])}: expected a key of the stack's partition ${ctx.partition} and region ${ctx.region} (S3 uses a key of the bucket's region), got "${keyArn}"`,
  ];
}

/** The components a config asks for, with their plans (pure). */
export function mlflowComponents(
  config: MlflowConfig,
  settings: PlatformSettings,
  catalog: IamCatalog,
): SectionComponents {
  const problems: string[] = [
    ...kmsKeyProblems(settings.arn, config.artifactKmsKeyArn),
    // A principal of another partition in a trust policy is refused by IAM at `pulumi up`.
    ...config.serviceRole.trustedPrincipals.flatMap((arn, index) =>
      arn.split(":")[1] === settings.arn.partition
        ? []
        : [
            `${configKey(["mlflow", "serviceRole", "trustedPrincipals", index])}: expected a principal of the stack's partition ${settings.arn.partition}, got "${arn}"`,
          ],
    ),
  ];
  const servers = new Servers(config);

  const trackingServerRole = config.trackingServerRole.enabled
    ? componentSpec(
        {
          name: mlflowComponentNames.trackingServerRole,
          component: MlflowTrackingServerRole,
          plan: planTrackingServerRole,
          args: {
            settings,
            artifactStores: servers.allStores,
            artifactKmsKeyArn: config.artifactKmsKeyArn,
            modelRegistrySync: config.modelRegistrySync,
            trustSourceAccountOnly: config.trackingServerRole.trustSourceAccountOnly,
            trackingServers: servers.names,
            // Created apps sync into groups named after their id, once it is known (config requires it).
            appIds: [
              ...config.apps.ids,
              ...config.apps.create.flatMap((app) => (app.modelRegistration && app.id ? [app.id] : [])),
            ],
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
            trackingServers: servers.names,
            trustedPrincipals: config.serviceRole.trustedPrincipals,
            manageTrackingServers: config.serviceRole.manageTrackingServers,
            appIds: config.apps.ids,
            createdAppNames: config.apps.create.map((app) => app.name),
            manageApps: config.apps.manage,
            passableRoleArns,
            artifactStores: servers.allStores,
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
          trackingServers: policy.trackingServers ?? servers.names,
          presignedUrls: policy.presignedUrls,
          attachTo: {
            roles: policy.attachToRoles,
            groups: policy.attachToGroups,
            users: policy.attachToUsers,
          },
          artifactStores: servers.storesOf(policy.trackingServers ?? servers.names),
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
              trackingServers: servers.names,
              artifactStores: servers.allStores,
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
  const createdAppNames = config.apps.create.map((app) => app.name);
  if (appUsers > 0 && ids.length === 0 && createdAppNames.length === 0) {
    problems.push(
      `${configKey(["mlflow", "apps", "ids"])}: expected the ids of the apps to grant access to (or apps.create), got []`,
    );
  }
  const appAccess =
    appUsers > 0 && (ids.length > 0 || createdAppNames.length > 0)
      ? componentSpec(
          {
            name: mlflowComponentNames.appAccess,
            component: MlflowAppAccess,
            plan: planAppAccess,
            args: {
              settings,
              appIds: ids,
              createdAppNames,
              attachTo: { roles: attachToRoles, groups: attachToGroups, users: attachToUsers },
              // An app's artifact store is not configured here: its users may use any of the section's.
              artifactStores: servers.allStores,
              artifactKmsKeyArn: config.artifactKmsKeyArn,
            },
          },
          catalog,
        )
      : undefined;

  // Servers the stack creates, each after the role it runs as has its policies (its roleArn resolves
  // only then, and dependsOn waits for every child of the role's component).
  const createdServers = trackingServerRole
    ? servers.entries
        .filter((entry) => entry.create)
        .map((entry) =>
          plainComponentSpec(mlflowComponentNames.trackingServer(entry.name), (registered) => {
            const role = registered(trackingServerRole);
            return new aws.sagemaker.MlflowTrackingServer(
              mlflowComponentNames.trackingServer(entry.name),
              {
                trackingServerName: entry.name,
                artifactStoreUri: servers.storeUriOf(entry),
                roleArn: role.roleArn,
                trackingServerSize: entry.size,
                mlflowVersion: entry.mlflowVersion,
                automaticModelRegistration: entry.automaticModelRegistration ?? config.modelRegistrySync,
                weeklyMaintenanceWindowStart: entry.weeklyMaintenanceWindowStart,
                tags: { ...settings.tags },
              },
              { dependsOn: [role], protect: settings.protect },
            );
          }),
        )
    : [];

  // Apps the stack creates, like the servers: after their role's policies, tagged for their grants.
  const createdApps = trackingServerRole
    ? config.apps.create.map((app) =>
        plainComponentSpec(mlflowComponentNames.app(app.name), (registered) => {
          const role = registered(trackingServerRole);
          return new aws.sagemaker.MlflowApp(
            mlflowComponentNames.app(app.name),
            {
              name: app.name,
              artifactStoreUri: app.artifactStore,
              roleArn: role.roleArn,
              modelRegistrationMode: app.modelRegistration
                ? "AutoModelRegistrationEnabled"
                : "AutoModelRegistrationDisabled",
              weeklyMaintenanceWindowStart: app.weeklyMaintenanceWindowStart,
              tags: { ...settings.tags, [createdAppTag]: app.name },
            },
            { dependsOn: [role], protect: settings.protect },
          );
        }),
      )
    : [];

  const sagemakerPrincipal = servicePrincipals.sagemaker;
  // What `pulumi up` needs to create the servers and apps (the stack grants its IAM itself).
  const createdServerNames = servers.entries.filter((entry) => entry.create).map((entry) => entry.name);
  const deployer: PolicyStatement[] =
    trackingServerRole && (createdServerNames.length > 0 || config.apps.create.length > 0)
      ? [
          ...(createdServerNames.length > 0
            ? [
                allow(
                  "MlflowTrackingServers",
                  [
                    "sagemaker:AddTags",
                    "sagemaker:CreateMlflowTrackingServer",
                    "sagemaker:DeleteMlflowTrackingServer",
                    "sagemaker:DeleteTags",
                    "sagemaker:DescribeMlflowTrackingServer",
                    "sagemaker:ListTags",
                    "sagemaker:UpdateMlflowTrackingServer",
                  ],
                  createdServerNames.map((name) =>
                    sagemakerArn(settings.arn, "mlflow-tracking-server", name),
                  ),
                ),
              ]
            : []),
          // SageMaker assigns an app's id on creation, so any app of the account and region.
          ...(config.apps.create.length > 0
            ? [
                allow(
                  "MlflowApps",
                  [
                    "sagemaker:AddTags",
                    "sagemaker:CreateMlflowApp",
                    "sagemaker:DeleteMlflowApp",
                    "sagemaker:DeleteTags",
                    "sagemaker:DescribeMlflowApp",
                    "sagemaker:ListTags",
                    "sagemaker:UpdateMlflowApp",
                  ],
                  [sagemakerArn(settings.arn, "mlflow-app", "*")],
                ),
              ]
            : []),
          passRole(
            "PassTrackingServerRole",
            [plannedRoleArn(trackingServerRole.planned, settings)],
            sagemakerPrincipal,
          ),
        ]
      : [];

  return {
    deployer,
    components: [
      ...(trackingServerRole ? [trackingServerRole] : []),
      ...(serviceRole ? [serviceRole] : []),
      ...accessPolicies.map(([, spec]) => spec),
      ...(domainRoleActivities ? [domainRoleActivities] : []),
      ...(appAccess ? [appAccess] : []),
      ...createdServers,
      ...createdApps,
    ],
    problems,
    outputs(registered: Registered) {
      const outputs: Record<string, unknown> = {};
      const policyArns: Record<string, unknown> = {};
      if (trackingServerRole) {
        const role = registered(trackingServerRole);
        outputs.trackingServerRoleArn = role.roleArn;
        policyArns.trackingServerRole = role.policyArns;
        // Servers to create by hand: neither created here nor `"*"` (which names no server).
        const byHand = servers.entries.filter((entry) => !entry.create && entry.name !== allTrackingServers);
        outputs.createTrackingServerCommands = role.roleArn.apply((arn) =>
          Object.fromEntries(
            byHand.map((entry) => [
              entry.name,
              createTrackingServerCommand(entry.name, servers.storeUriOf(entry), arn),
            ]),
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
      // What a client needs: the ARN to set as MLFLOW_TRACKING_URI, and where the artifacts go.
      const created = new Map(createdServers.map((spec) => [spec.name, registered(spec)]));
      const named = servers.entries.filter((entry) => entry.name !== allTrackingServers);
      if (named.length > 0) {
        outputs.trackingServers = Object.fromEntries(
          named.map((entry) => [
            entry.name,
            {
              trackingUri:
                created.get(mlflowComponentNames.trackingServer(entry.name))?.arn ??
                trackingServerArns(settings.arn, [entry.name])[0],
              artifactStores: servers
                .storesOf([entry.name])
                .map((store) => artifactStoreUri(parseArtifactStore(store))),
            },
          ]),
        );
      }
      if (createdApps.length > 0) {
        outputs.apps = Object.fromEntries(
          config.apps.create.map((app, index) => [
            app.name,
            { trackingUri: registered(createdApps[index]).arn, artifactStore: app.artifactStore },
          ]),
        );
      }
      return outputs;
    },
  };
}

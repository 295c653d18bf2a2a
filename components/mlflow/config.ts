/**
 * Stack config section `mlops-iam:mlflow`: MLflow on SageMaker (tracking servers and MLflow Apps).
 * Each key's description here is its documentation: `npm run docs` writes it into docs/mlflow.md.
 */
import { z } from "../../config/zod";
import {
  existingIamName,
  existingRoleName,
  iamNamePart,
  iamPath,
  s3BucketName,
  s3Uri,
  uniqueList,
} from "../../config/common";

/** SageMaker's rule for tracking-server names (CreateMlflowTrackingServer, TrackingServerName). */
export const trackingServerNamePattern = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/;

/** Stands for every tracking server of the account and region; needs `allowAllTrackingServers`. */
export const allTrackingServers = "*";

const trackingServerName = z
  .string()
  .refine((name) => name === allTrackingServers || trackingServerNamePattern.test(name), {
    message:
      "a tracking-server name: 1-256 letters, digits and hyphens, starting and ending with a letter or digit (SageMaker's rule)",
  });

/** Sizes SageMaker offers (CreateMlflowTrackingServer, TrackingServerSize). */
export const trackingServerSizes = ["Small", "Medium", "Large"] as const;

/**
 * A tracking server the stack creates or only references, with its own artifact store. A bare name
 * in `trackingServers` is the same as `{ name }`.
 */
const trackingServerSchema = z.strictObject({
  name: z
    .string()
    .regex(
      trackingServerNamePattern,
      "a tracking-server name: 1-256 letters, digits and hyphens, starting and ending with a letter or digit (SageMaker's rule)",
    )
    .describe("The server's name (SageMaker's rule `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}`)."),
  artifactStore: s3Uri
    .optional()
    .describe(
      "The server's artifact store, `s3://<bucket>[/<prefix>]`: grants on its artifacts stop at the prefix. " +
        "Omitted: the first of `artifactBuckets`, and grants on every artifact bucket.",
    ),
  create: z
    .boolean()
    .default(false)
    .describe(
      "The stack creates the server (`aws.sagemaker.MlflowTrackingServer`), running as the tracking-server role, " +
        "once that role's policies are attached. Omitted or false: the server exists already.",
    ),
  size: z
    .enum(trackingServerSizes, { error: `one of ${trackingServerSizes.join(", ")}` })
    .default("Small")
    .describe("Size of a created server (`Small`, `Medium`, `Large`)."),
  mlflowVersion: z
    .string()
    .regex(/^\d+\.\d+(\.\d+)?$/, "an MLflow version such as 3.0 or 2.16.2")
    .optional()
    .describe("MLflow version of a created server; omitted: SageMaker's default."),
  automaticModelRegistration: z
    .boolean()
    .optional()
    .describe(
      "Whether a created server registers MLflow models in the Model Registry; omitted: `modelRegistrySync`.",
    ),
  weeklyMaintenanceWindowStart: z
    .string()
    .regex(
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\d|2[0-3]):[0-5]\d$/,
      "a weekly maintenance start in UTC, <Mon|Tue|Wed|Thu|Fri|Sat|Sun>:<HH>:<MM>, e.g. Tue:03:30",
    )
    .optional()
    .describe(
      "When a created server's weekly maintenance starts, in UTC, e.g. `Tue:03:30`; omitted: SageMaker's choice.",
    ),
});

export type TrackingServerConfig = z.output<typeof trackingServerSchema>;

/**
 * An MLflow App the stack creates. SageMaker assigns its id on creation, so grants name it by the
 * tag the stack puts on it (`mlops-iam:mlflow-app: <name>`), which is known at preview.
 */
const createdAppSchema = z.strictObject({
  name: z
    .string()
    .regex(
      trackingServerNamePattern,
      "an MLflow App name: 1-256 letters, digits and hyphens, starting and ending with a letter or digit",
    )
    .describe("The app's name, and the value of its `mlops-iam:mlflow-app` tag."),
  artifactStore: s3Uri.describe("The app's artifact store, `s3://<bucket>[/<prefix>]`."),
  id: z
    .string()
    .regex(
      /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/,
      "an MLflow App id as SageMaker assigns it (letters, digits, hyphens)",
    )
    .optional()
    .describe(
      "The id SageMaker assigned (output `mlflow.apps.<name>.trackingUri`); needed for `modelRegistration`.",
    ),
  modelRegistration: z
    .boolean()
    .default(false)
    .describe(
      "Register the app's MLflow models in the Model Registry. The synced groups are named after the app's id, " +
        "so this needs `id`: create the app first, then set both.",
    ),
  weeklyMaintenanceWindowStart: z
    .string()
    .regex(
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\d|2[0-3]):[0-5]\d$/,
      "a weekly maintenance start in UTC, <Mon|Tue|Wed|Thu|Fri|Sat|Sun>:<HH>:<MM>, e.g. Sun:03:00",
    )
    .optional()
    .describe(
      "When the app's weekly maintenance starts, in UTC, e.g. `Sun:03:00`; omitted: SageMaker's choice.",
    ),
});

export type CreatedAppConfig = z.output<typeof createdAppSchema>;

/** A `trackingServers` entry: a name, or a server with its settings. */
const trackingServerEntry = z.union([trackingServerName, trackingServerSchema]);

/** The names of `trackingServers` entries, in order. */
export function trackingServerNames(entries: readonly (string | TrackingServerConfig)[]): string[] {
  return entries.map((entry) => (typeof entry === "string" ? entry : entry.name));
}

/** Every entry as a server with its settings (a bare name has none). */
export function trackingServerEntries(
  entries: readonly (string | TrackingServerConfig)[],
): TrackingServerConfig[] {
  return entries.map((entry) =>
    typeof entry === "string" ? { name: entry, create: false, size: "Small" } : entry,
  );
}

// App ids are assigned by SageMaker (the last part of the app's ARN); this checks only that they fit an ARN.
const appId = z
  .string()
  .regex(
    /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/,
    "an MLflow App id as SageMaker assigns it (letters, digits, hyphens)",
  );

const kmsKeyArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
    "the ARN of a KMS key (arn:<partition>:kms:<region>:<account>:key/<key-id>), not an alias",
  );

const principalArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:(iam::\d{12}:(root|role\/.+|user\/.+)|sts::\d{12}:assumed-role\/.+)$/,
    "the ARN of an IAM role, user or account root (arn:<partition>:iam::<account>:role/<name>)",
  );

/** The access levels of an access policy; the actions come from the IAM catalog by rule. */
export const accessLevels = ["read", "write", "admin"] as const;
export type AccessLevelName = (typeof accessLevels)[number];

/** The three MLflow ML activities of SageMaker Role Manager. */
export const domainActivities = ["useMlflow", "manageTrackingServers", "awsServices"] as const;
export type DomainActivity = (typeof domainActivities)[number];

const attachments = {
  attachToRoles: uniqueList(existingRoleName, "a list of existing role names")
    .default([])
    .describe("Existing roles the policy is attached to (names)."),
  attachToGroups: uniqueList(existingIamName, "a list of existing group names")
    .default([])
    .describe("Existing groups the policy is attached to (names)."),
  attachToUsers: uniqueList(existingIamName, "a list of existing user names")
    .default([])
    .describe("Existing users the policy is attached to (names)."),
};

const accessPolicySchema = z
  .strictObject({
    name: iamNamePart.describe(
      "The policy's name, unique: its IAM name is `<namePrefix>-mlflow-access-<name>` (1-40 characters IAM allows).",
    ),
    level: z
      .enum(accessLevels, { error: `one of ${accessLevels.join(", ")}` })
      .optional()
      .describe(
        "`read` (the Read and List actions), `write` (read and the Write actions but deleting experiments, runs, " +
          "models, versions and traces; removing tags and aliases is writing) or `admin` " +
          "(every action), selected from the IAM catalog. Exactly one of `level` and `actions`.",
      ),
    actions: uniqueList(z.string().min(1, "an action name"), "a list of sagemaker-mlflow actions")
      .refine((actions) => actions.length > 0, "at least one action")
      .optional()
      .describe(
        "Exactly these `sagemaker-mlflow` actions (patterns such as `sagemaker-mlflow:Log*` are expanded from the " +
          "catalog), checked against the catalog with the nearest action suggested. Exactly one of `level` and `actions`.",
      ),
    trackingServers: uniqueList(trackingServerName, "a list of tracking-server names")
      .optional()
      .describe("The servers the policy grants access to, among `trackingServers`; omitted: all of them."),
    presignedUrls: z
      .boolean()
      .default(true)
      .describe(
        "Also allow `sagemaker:CreatePresignedMlflowTrackingServerUrl`, which opening the UI outside Studio needs.",
      ),
    artifactAccess: z
      .enum(["none", "read", "write"], { error: "one of none, read, write" })
      .optional()
      .describe(
        "What the principals do with the artifact stores, which MLflow clients read and write with their own " +
          "credentials: `none`, `read` (GetObject, ListBucket) or `write` (also PutObject, AbortMultipartUpload). " +
          "Default: `read` for level read, `write` for write and admin, `none` with `actions`.",
      ),
    ...attachments,
  })
  .superRefine((policy, ctx) => {
    if ((policy.level === undefined) === (policy.actions === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["level"],
        input: policy.level,
        message: "either level (read, write, admin) or actions, not both and not neither",
      });
    }
  });

const domainRoleSchema = z.strictObject({
  name: existingRoleName.describe("An existing domain execution role's name."),
  path: iamPath("/service-role/")
    .default("/")
    .describe(
      "The role's IAM path (console-created roles live in `/service-role/`): PassRole names its full ARN.",
    ),
  activities: uniqueList(
    z.enum(domainActivities, { error: `one of ${domainActivities.join(", ")}` }),
    "a list of ML activities",
  )
    .refine((activities) => activities.length > 0, "at least one ML activity")
    .default([...domainActivities])
    .describe("The ML activities the role receives, each as a policy attached to it."),
});

export const mlflowConfigSchema = z
  .strictObject({
    trackingServers: z
      .array(trackingServerEntry)
      .default([])
      .describe(
        "The tracking servers access is granted on: names (SageMaker's rule `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}`; " +
          '`"*"` only with `allowAllTrackingServers`), or servers with their own artifact store that the stack may ' +
          "create. Needed (or `apps.ids`) while the service role is on.",
      ),
    allowAllTrackingServers: z
      .boolean()
      .default(false)
      .describe(
        'Opt-in for `"*"` in `trackingServers`: every server of the account and region (no create command is output).',
      ),
    artifactBuckets: uniqueList(s3BucketName, "a list of S3 bucket names")
      .default([])
      .describe(
        "The artifact stores (bare bucket names) of the servers without an `artifactStore` of their own. Needed " +
          "while `trackingServerRole.enabled` is true (or a domain role has `awsServices`), unless every server has " +
          "its own. The first is the `--artifact-store-uri` of the output commands.",
      ),
    artifactKmsKeyArn: kmsKeyArn.optional().describe("The buckets' SSE-KMS key: a key ARN, not an alias."),
    modelRegistrySync: z
      .boolean()
      .default(true)
      .describe("Model-registry permissions for the tracking-server role and the `awsServices` activity."),
    trackingServerRole: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe(
            "Create the role. It must stay on while servers or apps are managed here, unless a domain role has " +
              "`awsServices`.",
          ),
        trustSourceAccountOnly: z
          .boolean()
          .default(false)
          .describe("Add the condition `aws:SourceAccount` = this account to the role's trust policy."),
      })
      .default({ enabled: true, trustSourceAccountOnly: false })
      .describe("The role SageMaker assumes to run a tracking server (`<namePrefix>-mlflow-tracking`)."),
    serviceRole: z
      .strictObject({
        enabled: z.boolean().default(true).describe("Create the role."),
        trustedPrincipals: uniqueList(principalArn, "a list of principal ARNs")
          .default([])
          .describe(
            "Who may assume the role besides SageMaker: ARNs of roles, users, account roots or assumed roles.",
          ),
        // Optional rather than defaulted, so that setting it on a disabled role is told apart.
        manageTrackingServers: z
          .boolean()
          .optional()
          .describe(
            "Create, update, start, stop, delete and tag the servers, and pass the tracking-server role. " +
              "Default: true while `enabled` is true; only with `enabled: true`.",
          ),
      })
      .default({ enabled: true, trustedPrincipals: [] })
      .describe("The role clients and admins use (`<namePrefix>-mlflow-service`)."),
    apps: z
      .strictObject({
        ids: uniqueList(appId, "a list of MLflow App ids")
          .default([])
          .describe("MLflow Apps, by id (the last part of the app's ARN)."),
        manage: z
          .boolean()
          .default(false)
          .describe(
            "The service role may create apps and update and delete the configured ones (needs `serviceRole.enabled`).",
          ),
        create: z
          .array(createdAppSchema)
          .default([])
          .describe(
            "MLflow Apps the stack creates (`aws.sagemaker.MlflowApp`), running as the tracking-server role once its " +
              "policies are attached; the principals in `attachTo*` use them.",
          ),
        ...attachments,
      })
      .default({
        ids: [],
        manage: false,
        create: [],
        attachToRoles: [],
        attachToGroups: [],
        attachToUsers: [],
      })
      .describe(
        "Access to serverless MLflow Apps: the service role's, and the policy `<namePrefix>-mlflow-apps` for the " +
          "principals in `attachTo*`.",
      ),
    accessPolicies: z
      .array(accessPolicySchema)
      .default([])
      .describe(
        "Customer-managed policies on the configured servers, attached to existing roles, groups and users.",
      ),
    domainRoles: z
      .array(domainRoleSchema)
      .default([])
      .describe(
        "Existing SageMaker domain execution roles that receive SageMaker Role Manager's MLflow activities.",
      ),
  })
  .superRefine((config, ctx) => {
    const problem = (path: PropertyKey[], input: unknown, message: string) =>
      ctx.addIssue({ code: "custom", path, input, message });

    const serverNames = trackingServerNames(config.trackingServers);
    serverNames.forEach((name, index) => {
      if (serverNames.indexOf(name) !== index) {
        problem(["trackingServers", index], name, "tracking servers without duplicates");
      }
    });
    config.trackingServers.forEach((entry, index) => {
      if (typeof entry !== "string" && entry.create && !config.trackingServerRole.enabled) {
        problem(
          ["trackingServers", index, "create"],
          entry.create,
          "false while trackingServerRole.enabled is false: a created server runs as the tracking-server role",
        );
      }
    });
    if (serverNames.includes(allTrackingServers) && !config.allowAllTrackingServers) {
      problem(
        ["trackingServers"],
        config.trackingServers,
        `tracking-server names; "*" (every server of the account) only with allowAllTrackingServers: true`,
      );
    }
    const needsBuckets =
      config.trackingServerRole.enabled ||
      config.domainRoles.some((role) => role.activities.includes("awsServices"));
    const serversWithoutStore = config.trackingServers.filter(
      (entry) => typeof entry === "string" || !entry.artifactStore,
    );
    const needsBucketList = serversWithoutStore.length > 0 || config.trackingServers.length === 0;
    if (needsBuckets && needsBucketList && config.artifactBuckets.length === 0) {
      problem(
        ["artifactBuckets"],
        config.artifactBuckets,
        "at least one artifact bucket while trackingServerRole.enabled is true (or a domain role has awsServices) " +
          "and a server has no artifactStore of its own",
      );
    }
    config.apps.create.forEach((app, index) => {
      if (config.apps.create.findIndex((other) => other.name === app.name) !== index) {
        problem(["apps", "create", index, "name"], app.name, "an app name not used by another created app");
      }
      if (!config.trackingServerRole.enabled) {
        problem(
          ["apps", "create", index],
          app.name,
          "no created app while trackingServerRole.enabled is false: a created app runs as the tracking-server role",
        );
      }
      if (app.modelRegistration && !app.id) {
        problem(
          ["apps", "create", index, "modelRegistration"],
          app.modelRegistration,
          "false until id is set: registry sync names its groups after the app's id, which SageMaker assigns on creation",
        );
      }
    });
    if (
      config.serviceRole.enabled &&
      serverNames.length === 0 &&
      config.apps.ids.length === 0 &&
      config.apps.create.length === 0
    ) {
      problem(
        ["trackingServers"],
        config.trackingServers,
        "at least one tracking-server name (or apps.ids) for the service role to use",
      );
    }
    const managesSomething =
      (config.serviceRole.enabled &&
        ((config.serviceRole.manageTrackingServers ?? true) || config.apps.manage)) ||
      config.domainRoles.some((role) => role.activities.includes("manageTrackingServers"));
    if (managesSomething && !config.trackingServerRole.enabled) {
      const passable = config.domainRoles.some((role) => role.activities.includes("awsServices"));
      if (!passable) {
        problem(
          ["trackingServerRole", "enabled"],
          config.trackingServerRole.enabled,
          "true while servers or apps are managed here: creating one passes the tracking-server role",
        );
      }
    }
    // An option of a disabled role would silently do nothing.
    if (config.trackingServerRole.trustSourceAccountOnly && !config.trackingServerRole.enabled) {
      problem(
        ["trackingServerRole", "trustSourceAccountOnly"],
        true,
        "false while trackingServerRole.enabled is false (it conditions that role's trust)",
      );
    }
    if (config.serviceRole.trustedPrincipals.length > 0 && !config.serviceRole.enabled) {
      problem(
        ["serviceRole", "trustedPrincipals"],
        config.serviceRole.trustedPrincipals,
        "none while serviceRole.enabled is false (they may assume that role)",
      );
    }
    if (config.serviceRole.manageTrackingServers !== undefined && !config.serviceRole.enabled) {
      problem(
        ["serviceRole", "manageTrackingServers"],
        config.serviceRole.manageTrackingServers,
        "no value while serviceRole.enabled is false (it is what the service role may do with the servers)",
      );
    }
    if (config.apps.manage && !config.serviceRole.enabled) {
      problem(
        ["apps", "manage"],
        config.apps.manage,
        "false while serviceRole.enabled is false (the service role manages apps)",
      );
    }
    const names = config.accessPolicies.map((policy) => policy.name);
    config.accessPolicies.forEach((policy, index) => {
      if (names.indexOf(policy.name) !== index) {
        problem(
          ["accessPolicies", index, "name"],
          policy.name,
          "a policy name not used by another access policy",
        );
      }
      const servers = policy.trackingServers ?? config.trackingServers;
      if (servers.length === 0) {
        problem(
          ["accessPolicies", index, "trackingServers"],
          servers,
          "at least one tracking server for the policy (here or in mlflow.trackingServers)",
        );
      }
      for (const server of policy.trackingServers ?? []) {
        if (!serverNames.includes(server)) {
          problem(
            ["accessPolicies", index, "trackingServers"],
            server,
            `names listed in mlflow.trackingServers (${serverNames.join(", ") || "none"})`,
          );
        }
      }
    });
    const roleNames = config.domainRoles.map((role) => role.name);
    config.domainRoles.forEach((role, index) => {
      if (roleNames.indexOf(role.name) !== index) {
        problem(["domainRoles", index, "name"], role.name, "a role name not listed twice");
      }
      const needsServers = role.activities.some((a) => a === "useMlflow" || a === "manageTrackingServers");
      if (needsServers && config.trackingServers.length === 0) {
        problem(
          ["domainRoles", index, "activities"],
          role.activities,
          "useMlflow and manageTrackingServers only with tracking servers in mlflow.trackingServers",
        );
      }
    });
  })
  .describe("MLflow on SageMaker: tracking servers, their clients and admins, domain roles and MLflow Apps.");

export type MlflowConfig = z.output<typeof mlflowConfigSchema>;
export type MlflowConfigInput = z.input<typeof mlflowConfigSchema>;

/**
 * Stack config section `mlops-iam:mlflow`: MLflow on SageMaker (tracking servers and MLflow Apps).
 * Every key is documented in README.md, "MLflow on SageMaker", "Config reference".
 */
import { z } from "zod";
import { existingIamName, iamNamePart, iamPath, s3BucketName, uniqueList } from "../../config/common";

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
  attachToRoles: uniqueList(existingIamName, "a list of existing role names").default([]),
  attachToGroups: uniqueList(existingIamName, "a list of existing group names").default([]),
  attachToUsers: uniqueList(existingIamName, "a list of existing user names").default([]),
};

const accessPolicySchema = z
  .strictObject({
    name: iamNamePart,
    level: z.enum(accessLevels, { error: `one of ${accessLevels.join(", ")}` }).optional(),
    actions: uniqueList(z.string().min(1, "an action name"), "a list of sagemaker-mlflow actions")
      .refine((actions) => actions.length > 0, "at least one action")
      .optional(),
    trackingServers: uniqueList(trackingServerName, "a list of tracking-server names").optional(),
    presignedUrls: z.boolean().default(true),
    artifactAccess: z.enum(["none", "read", "write"], { error: "one of none, read, write" }).optional(),
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
  name: existingIamName,
  path: iamPath("/service-role/").default("/"),
  activities: uniqueList(
    z.enum(domainActivities, { error: `one of ${domainActivities.join(", ")}` }),
    "a list of ML activities",
  )
    .refine((activities) => activities.length > 0, "at least one ML activity")
    .default([...domainActivities]),
});

export const mlflowConfigSchema = z
  .strictObject({
    trackingServers: uniqueList(trackingServerName, "a list of tracking-server names").default([]),
    allowAllTrackingServers: z.boolean().default(false),
    artifactBuckets: uniqueList(s3BucketName, "a list of S3 bucket names").default([]),
    artifactKmsKeyArn: kmsKeyArn.optional(),
    modelRegistrySync: z.boolean().default(true),
    trackingServerRole: z
      .strictObject({
        enabled: z.boolean().default(true),
        trustSourceAccountOnly: z.boolean().default(false),
      })
      .default({ enabled: true, trustSourceAccountOnly: false }),
    serviceRole: z
      .strictObject({
        enabled: z.boolean().default(true),
        trustedPrincipals: uniqueList(principalArn, "a list of principal ARNs").default([]),
        manageTrackingServers: z.boolean().default(true),
      })
      .default({ enabled: true, trustedPrincipals: [], manageTrackingServers: true }),
    apps: z
      .strictObject({
        ids: uniqueList(appId, "a list of MLflow App ids").default([]),
        manage: z.boolean().default(false),
        ...attachments,
      })
      .default({ ids: [], manage: false, attachToRoles: [], attachToGroups: [], attachToUsers: [] }),
    accessPolicies: z.array(accessPolicySchema).default([]),
    domainRoles: z.array(domainRoleSchema).default([]),
  })
  .superRefine((config, ctx) => {
    const problem = (path: PropertyKey[], input: unknown, message: string) =>
      ctx.addIssue({ code: "custom", path, input, message });

    if (config.trackingServers.includes(allTrackingServers) && !config.allowAllTrackingServers) {
      problem(
        ["trackingServers"],
        config.trackingServers,
        `tracking-server names; "*" (every server of the account) only with allowAllTrackingServers: true`,
      );
    }
    const needsBuckets =
      config.trackingServerRole.enabled ||
      config.domainRoles.some((role) => role.activities.includes("awsServices"));
    if (needsBuckets && config.artifactBuckets.length === 0) {
      problem(
        ["artifactBuckets"],
        config.artifactBuckets,
        "at least one artifact bucket while trackingServerRole.enabled is true (or a domain role has awsServices)",
      );
    }
    if (config.serviceRole.enabled && config.trackingServers.length === 0 && config.apps.ids.length === 0) {
      problem(
        ["trackingServers"],
        config.trackingServers,
        "at least one tracking-server name (or apps.ids) for the service role to use",
      );
    }
    const managesSomething =
      (config.serviceRole.enabled && (config.serviceRole.manageTrackingServers || config.apps.manage)) ||
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
        if (!config.trackingServers.includes(server)) {
          problem(
            ["accessPolicies", index, "trackingServers"],
            server,
            `names listed in mlflow.trackingServers (${config.trackingServers.join(", ") || "none"})`,
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
  });

export type MlflowConfig = z.output<typeof mlflowConfigSchema>;
export type MlflowConfigInput = z.input<typeof mlflowConfigSchema>;

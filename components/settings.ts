/**
 * The settings every section shares (`mlops-iam:namePrefix`, `tags`, `permissionsBoundaryArn`,
 * `rolePath`, `protect`, `quotas`): their schema, and what components receive of them.
 */
import { z } from "../config/zod";
import { iamNameCharacters, iamPath, iamTags, managedPolicyArn } from "../config/common";
import { ArnContext, defaultQuotas, iamLimits, maximumQuotas } from "../iam";
import { longestRoleNameSuffix } from "./shared/naming";
import { PlatformSettings } from "./shared/plan";

/**
 * `4096` → `"4,096"`. Not `toLocaleString("en")`: its first call loads ICU's number formats, about
 * 15 ms of every run, for two numbers in a description.
 */
function withThousandsSeparators(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ",");
}

/** Room for the longest suffix the program appends, within IAM's role-name limit. */
const maxNamePrefixLength = iamLimits.roleName - longestRoleNameSuffix().length;

export const settingsShape = {
  namePrefix: z
    .string()
    .min(1, "a non-empty prefix for every IAM name")
    .regex(iamNameCharacters, "only the characters IAM allows in names: letters, digits and +=,.@_-")
    .max(
      maxNamePrefixLength,
      `at most ${maxNamePrefixLength} characters, so that "<namePrefix>${longestRoleNameSuffix()}" fits IAM's ${iamLimits.roleName}-character role-name limit`,
    )
    .describe(
      `Start of every IAM name (\`<namePrefix>-<purpose>\`): the characters IAM allows in names (\`[A-Za-z0-9+=,.@_-]\`), ` +
        `at most ${maxNamePrefixLength}, so that \`<namePrefix>${longestRoleNameSuffix()}\` ` +
        `fits IAM's ${iamLimits.roleName}-character role-name limit.`,
    ),
  tags: iamTags
    .default({})
    .describe(
      `Tags on every role, policy and instance profile: at most ${iamLimits.tagsPerResource}, keys of ` +
        `1-${iamLimits.tagKey} characters (not starting with \`aws:\`), values of up to ${iamLimits.tagValue}.`,
    ),
  permissionsBoundaryArn: managedPolicyArn
    .optional()
    .describe("A managed policy's ARN, set as permissions boundary on every role the program creates."),
  rolePath: iamPath("/ml-platform/")
    .default("/")
    .describe(
      `IAM path of every role, policy and instance profile: starts and ends with \`/\`, at most ${iamLimits.path} characters.`,
    ),
  protect: z
    .boolean()
    .default(false)
    .describe(
      "Marks roles and policies `protect`ed, so that `pulumi destroy` cannot remove a role that running jobs use.",
    ),
  quotas: z
    .strictObject({
      managedPoliciesPerRole: z
        .number()
        .int()
        .min(defaultQuotas.managedPoliciesPerRole)
        .max(maximumQuotas.managedPoliciesPerRole)
        .default(defaultQuotas.managedPoliciesPerRole)
        .describe(
          `Managed policies the account allows per role (${defaultQuotas.managedPoliciesPerRole}-${maximumQuotas.managedPoliciesPerRole}).`,
        ),
      trustPolicySize: z
        .number()
        .int()
        .min(defaultQuotas.trustPolicySize)
        .max(maximumQuotas.trustPolicySize)
        .default(defaultQuotas.trustPolicySize)
        .describe(
          `Characters the account allows in a role's trust policy (${withThousandsSeparators(defaultQuotas.trustPolicySize)}-${withThousandsSeparators(maximumQuotas.trustPolicySize)}).`,
        ),
      alreadyAttached: z
        .number()
        .int()
        .min(0)
        .max(maximumQuotas.managedPoliciesPerRole)
        .default(0)
        .describe(
          "Managed policies each existing role, group and user the stack attaches policies to already has; " +
            "counted with the stack's against its quota.",
        ),
    })
    .default({
      managedPoliciesPerRole: defaultQuotas.managedPoliciesPerRole,
      trustPolicySize: defaultQuotas.trustPolicySize,
      alreadyAttached: 0,
    })
    .describe(
      "The account's raisable IAM quotas, if raised: a plan that exceeds them fails at preview, naming the role.",
    ),
};

/** The shared settings as validated. */
export type SettingsConfig = z.output<z.ZodObject<typeof settingsShape>>;

/**
 * What only the ARN context can tell about the settings: a boundary of another partition, or a
 * customer-managed one of another account, would be refused by IAM at `pulumi up`.
 */
export function settingsProblems(config: SettingsConfig, arn: ArnContext): string[] {
  const boundary = config.permissionsBoundaryArn;
  if (!boundary) return [];
  const [, partition, , , account] = boundary.split(":");
  const problems: string[] = [];
  if (partition !== arn.partition) {
    problems.push(
      `mlops-iam:permissionsBoundaryArn: expected a policy of the stack's partition ${arn.partition}, got "${boundary}"`,
    );
  } else if (account !== "aws" && account !== arn.accountId) {
    problems.push(
      `mlops-iam:permissionsBoundaryArn: expected an AWS managed policy or one of the stack's account ${arn.accountId}, got "${boundary}"`,
    );
  }
  return problems;
}

/** The settings every component shares, from the config and where the stack deploys. */
export function platformSettings(config: SettingsConfig, arn: ArnContext): PlatformSettings {
  return {
    namePrefix: config.namePrefix,
    tags: config.tags,
    permissionsBoundaryArn: config.permissionsBoundaryArn,
    rolePath: config.rolePath,
    protect: config.protect,
    quotas: { ...defaultQuotas, ...config.quotas },
    arn,
  };
}

/**
 * The settings every section shares (`mlops-iam:namePrefix`, `tags`, `permissionsBoundaryArn`,
 * `rolePath`, `protect`, `quotas`): their schema, and what components receive of them.
 */
import { z } from "zod";
import { iamNameCharacters, iamPath, iamTags, managedPolicyArn } from "../config/common";
import { ArnContext, defaultQuotas, iamLimits, maximumQuotas } from "../iam";
import { longestRoleNameSuffix } from "./shared/naming";
import { PlatformSettings } from "./shared/plan";

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
    ),
  tags: iamTags.default({}),
  permissionsBoundaryArn: managedPolicyArn.optional(),
  rolePath: iamPath("/ml-platform/").default("/"),
  protect: z.boolean().default(false),
  quotas: z
    .strictObject({
      managedPoliciesPerRole: z
        .number()
        .int()
        .min(defaultQuotas.managedPoliciesPerRole)
        .max(maximumQuotas.managedPoliciesPerRole)
        .default(defaultQuotas.managedPoliciesPerRole),
      trustPolicySize: z
        .number()
        .int()
        .min(defaultQuotas.trustPolicySize)
        .max(maximumQuotas.trustPolicySize)
        .default(defaultQuotas.trustPolicySize),
    })
    .default({
      managedPoliciesPerRole: defaultQuotas.managedPoliciesPerRole,
      trustPolicySize: defaultQuotas.trustPolicySize,
    }),
};

/** The shared settings as validated. */
export type SettingsConfig = z.output<z.ZodObject<typeof settingsShape>>;

/** The settings every component shares, from the config and where the stack deploys. */
export function platformSettings(config: SettingsConfig, arn: ArnContext): PlatformSettings {
  return {
    namePrefix: config.namePrefix,
    tags: config.tags,
    permissionsBoundaryArn: config.permissionsBoundaryArn,
    rolePath: config.rolePath,
    protect: config.protect,
    quotas: {
      ...defaultQuotas,
      trustPolicySize: config.quotas.trustPolicySize,
      managedPoliciesPerRole: config.quotas.managedPoliciesPerRole,
    },
    arn,
  };
}

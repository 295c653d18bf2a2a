/**
 * Schemas of the keys every stack has, and the zod building blocks the component sections share.
 */
import { z } from "zod";
import { longestRoleNameSuffix } from "../components/shared/naming";

/** Characters IAM allows in role, policy and instance-profile names. */
export const iamNameCharacters = /^[A-Za-z0-9+=,.@_-]+$/;

/** A name that becomes part of IAM names (a team, an access policy). */
export const iamNamePart = z
  .string()
  .min(1, "a non-empty name")
  .max(40, "at most 40 characters")
  .regex(iamNameCharacters, "only the characters IAM allows in names: letters, digits and +=,.@_-");

/** An existing role, group or user name, as IAM spells them. */
export const existingIamName = z
  .string()
  .min(1, "a non-empty IAM name")
  .max(128, "at most 128 characters")
  .regex(iamNameCharacters, "an IAM name (letters, digits and +=,.@_-)");

/** An S3 bucket name (the general-purpose bucket rules). */
export const s3BucketName = z
  .string()
  .regex(
    /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    "an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens",
  );

/** A list whose entries must be unique (duplicates would register the same resource twice). */
export function uniqueList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item).refine((items) => new Set(items.map((i) => JSON.stringify(i))).size === items.length, {
    message: `${what} without duplicates`,
  });
}

const iamArn = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/([A-Za-z0-9+=,.@_-]+\/)*[A-Za-z0-9+=,.@_-]+$/;

export const maxRoleNameLength = 64;

export const commonShape = {
  namePrefix: z
    .string()
    .min(1, "a non-empty prefix for every IAM name")
    .regex(iamNameCharacters, "only the characters IAM allows in names: letters, digits and +=,.@_-")
    .max(
      maxRoleNameLength - longestRoleNameSuffix().length,
      `at most ${maxRoleNameLength - longestRoleNameSuffix().length} characters, so that "<namePrefix>${longestRoleNameSuffix()}" fits IAM's ${maxRoleNameLength}-character role-name limit`,
    ),
  tags: z
    .record(
      z.string().min(1, "a tag key of 1-128 characters").max(128, "a tag key of 1-128 characters"),
      z.string().max(256, "a tag value of at most 256 characters"),
    )
    .refine((tags) => Object.keys(tags).length <= 50, "at most 50 tags (IAM's per-resource limit)")
    .refine(
      (tags) => Object.keys(tags).every((key) => !key.toLowerCase().startsWith("aws:")),
      "tag keys that do not start with aws: (reserved by AWS)",
    )
    .default({}),
  permissionsBoundaryArn: z
    .string()
    .regex(iamArn, "the ARN of a managed policy (arn:<partition>:iam::<account>:policy/<name>)")
    .optional(),
  rolePath: z
    .string()
    .max(512, "a path of at most 512 characters")
    .regex(/^\/([\x21-\x7E]*\/)?$/, "a path that starts and ends with /, e.g. /ml-platform/")
    .default("/"),
  protect: z.boolean().default(false),
  quotas: z
    .strictObject({
      managedPoliciesPerRole: z.number().int().min(10).max(20).default(10),
      trustPolicySize: z.number().int().min(2048).max(4096).default(2048),
    })
    .default({ managedPoliciesPerRole: 10, trustPolicySize: 2048 }),
};

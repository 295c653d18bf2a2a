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

/** Prefixes S3 reserves: general-purpose bucket names must not start with them. */
export const s3ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"] as const;

/** Suffixes S3 reserves (access point aliases, directory and table buckets, Multi-Region Access Points). */
export const s3ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] as const;

/** A bucket given as a URL or ARN (`s3://bucket/key`, `arn:aws:s3:::bucket/key`): the bucket in it. */
const bucketInUrlOrArn = /^(?:s3[an]?:\/\/|arn:[^:]*:s3:::)([^/]*)/i;

interface BucketNameRule {
  /** Whether the name breaks the rule. */
  broken: (name: string) => boolean;
  /** What the rule expects, as `expected <message>` reads in a config error. */
  message: (name: string) => string;
}

/**
 * S3's naming rules for general-purpose buckets, each with its own expectation, so that a name is
 * told exactly which rules it breaks (all of them at once).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
const s3BucketNameRules: readonly BucketNameRule[] = [
  {
    message: (name) => `an S3 bucket name of 3-63 characters (this one has ${name.length})`,
    broken: (name) => name.length < 3 || name.length > 63,
  },
  {
    message: () => "an S3 bucket name of only lower-case letters, digits, dots and hyphens",
    broken: (name) => !/^[a-z0-9.-]*$/.test(name),
  },
  {
    // Upper-case letters are the previous rule's concern; this one is about what is at the ends.
    message: () => "an S3 bucket name that begins and ends with a letter or digit",
    broken: (name) => name.length > 0 && !(/^[A-Za-z0-9]/.test(name) && /[A-Za-z0-9]$/.test(name)),
  },
  {
    message: () => "an S3 bucket name without two adjacent periods (..)",
    broken: (name) => name.includes(".."),
  },
  {
    message: () => "an S3 bucket name not formatted as an IP address (like 192.168.5.4)",
    broken: (name) => /^\d{1,3}(\.\d{1,3}){3}$/.test(name),
  },
  ...s3ReservedPrefixes.map((prefix) => ({
    message: () =>
      `an S3 bucket name that does not start with ${prefix} (S3 reserves the prefixes ${s3ReservedPrefixes.join(", ")})`,
    broken: (name: string) => name.startsWith(prefix),
  })),
  ...s3ReservedSuffixes.map((suffix) => ({
    message: () =>
      `an S3 bucket name that does not end with ${suffix} (S3 reserves the suffixes ${s3ReservedSuffixes.join(", ")})`,
    broken: (name: string) => name.endsWith(suffix),
  })),
];

/** An S3 bucket name (the general-purpose bucket rules); reports every rule the name breaks. */
export const s3BucketName = z.string().superRefine((name, ctx) => {
  const bucket = bucketInUrlOrArn.exec(name)?.[1];
  if (bucket !== undefined) {
    ctx.addIssue({
      code: "custom",
      input: name,
      message: `the bare bucket name (without s3:// or arn:)${bucket ? `, i.e. ${bucket}` : ""}`,
    });
  }
  for (const rule of s3BucketNameRules) {
    if (rule.broken(name)) ctx.addIssue({ code: "custom", input: name, message: rule.message(name) });
  }
});

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
    )
    .describe(
      `Start of every IAM name (\`<namePrefix>-<purpose>\`): the characters IAM allows in names (\`[A-Za-z0-9+=,.@_-]\`), ` +
        `at most ${maxRoleNameLength - longestRoleNameSuffix().length}, so that \`<namePrefix>${longestRoleNameSuffix()}\` ` +
        `fits IAM's ${maxRoleNameLength}-character role-name limit.`,
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
    .default({})
    .describe(
      "Tags on every role, policy and instance profile: at most 50, keys of 1-128 characters (not starting " +
        "with `aws:`), values of up to 256.",
    ),
  permissionsBoundaryArn: z
    .string()
    .regex(iamArn, "the ARN of a managed policy (arn:<partition>:iam::<account>:policy/<name>)")
    .optional()
    .describe("A managed policy's ARN, set as permissions boundary on every role the program creates."),
  rolePath: z
    .string()
    .max(512, "a path of at most 512 characters")
    .regex(/^\/([\x21-\x7E]*\/)?$/, "a path that starts and ends with /, e.g. /ml-platform/")
    .default("/")
    .describe(
      "IAM path of every role, policy and instance profile: starts and ends with `/`, at most 512 characters.",
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
        .min(10)
        .max(20)
        .default(10)
        .describe("Managed policies the account allows per role (10-20)."),
      trustPolicySize: z
        .number()
        .int()
        .min(2048)
        .max(4096)
        .default(2048)
        .describe("Characters the account allows in a role's trust policy (2,048-4,096)."),
    })
    .default({ managedPoliciesPerRole: 10, trustPolicySize: 2048 })
    .describe(
      "The account's raisable IAM quotas, if raised: a plan that exceeds them fails at preview, naming the role.",
    ),
};

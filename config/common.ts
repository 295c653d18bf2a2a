/**
 * The zod building blocks of the stack config: field rules the sections and the stack's settings
 * share. IAM's own limits come from `iam/limits.ts`, so config and planning agree on them.
 */
import { z } from "./zod";
import { iamLimits, iamNameCharacters, iamPathPattern, iamTagCharacters } from "../iam/limits";

export { iamNameCharacters };

/** A name that becomes part of IAM names (a team, an access policy). */
export const iamNamePart = z
  .string()
  .min(1, "a non-empty name")
  .max(40, "at most 40 characters")
  .regex(iamNameCharacters, "only the characters IAM allows in names: letters, digits and +=,.@_-");

/** An existing role's name: IAM's role-name rule (64 characters). */
export const existingRoleName = z
  .string()
  .min(1, "a non-empty IAM role name")
  .max(iamLimits.roleName, `at most ${iamLimits.roleName} characters (IAM's role-name limit)`)
  .regex(iamNameCharacters, "an IAM name (letters, digits and +=,.@_-)");

/** An existing role, group or user name, as IAM spells them. */
export const existingIamName = z
  .string()
  .min(1, "a non-empty IAM name")
  .max(iamLimits.principalName, `at most ${iamLimits.principalName} characters`)
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

/**
 * Characters S3 calls safe in object keys; a prefix of other characters works but needs encoding
 * in ARNs and URIs, so it is refused rather than half supported.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
 */
const safeKeyPrefix = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/?$/;

/**
 * An S3 location, `s3://<bucket>` or `s3://<bucket>/<prefix>` (as SageMaker's `ArtifactStoreUri`
 * takes it): the bucket by S3's naming rules, the prefix of safe key characters without empty
 * segments.
 */
export const s3Uri = z.string().superRefine((uri, ctx) => {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(uri);
  if (!match) {
    ctx.addIssue({
      code: "custom",
      input: uri,
      message: "an S3 URI, s3://<bucket> or s3://<bucket>/<prefix>",
    });
    return;
  }
  const [, bucket, prefix] = match;
  for (const rule of s3BucketNameRules) {
    if (rule.broken(bucket)) ctx.addIssue({ code: "custom", input: uri, message: rule.message(bucket) });
  }
  if (prefix && !safeKeyPrefix.test(prefix)) {
    ctx.addIssue({
      code: "custom",
      input: uri,
      message:
        "a key prefix of letters, digits and !_.*'()- in /-separated segments, e.g. s3://bucket/mlflow/team",
    });
  }
});

/** A list whose entries must be unique (duplicates would register the same resource twice). */
export function uniqueList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item).refine((items) => new Set(items.map((i) => JSON.stringify(i))).size === items.length, {
    message: `${what} without duplicates`,
  });
}

/** An IAM path (`/`, or `/`-delimited segments), e.g. for `rolePath` and existing roles' paths. */
export function iamPath(example: string) {
  return z
    .string()
    .max(iamLimits.path, `a path of at most ${iamLimits.path} characters`)
    .regex(iamPathPattern, `a path that starts and ends with /, e.g. ${example}`);
}

/** The ARN of a managed policy, AWS's or a customer's. */
export const managedPolicyArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/([A-Za-z0-9+=,.@_-]+\/)*[A-Za-z0-9+=,.@_-]+$/,
    "the ARN of a managed policy (arn:<partition>:iam::<account>:policy/<name>)",
  );

/** Tags IAM accepts on a role or policy. */
export const iamTags = z
  .record(
    z
      .string()
      .min(1, `a tag key of 1-${iamLimits.tagKey} characters`)
      .max(iamLimits.tagKey, `a tag key of 1-${iamLimits.tagKey} characters`)
      .regex(iamTagCharacters, "a tag key of letters, digits, spaces and _.:/=+-@ (IAM's characters)"),
    z
      .string()
      .max(iamLimits.tagValue, `a tag value of at most ${iamLimits.tagValue} characters`)
      .regex(iamTagCharacters, "a tag value of letters, digits, spaces and _.:/=+-@ (IAM's characters)"),
  )
  .refine(
    (tags) => Object.keys(tags).length <= iamLimits.tagsPerResource,
    `at most ${iamLimits.tagsPerResource} tags (IAM's per-resource limit)`,
  )
  .refine(
    (tags) => Object.keys(tags).every((key) => !key.toLowerCase().startsWith("aws:")),
    "tag keys that do not start with aws: (reserved by AWS)",
  )
  .refine(
    (tags) => new Set(Object.keys(tags).map((key) => key.toLowerCase())).size === Object.keys(tags).length,
    "tag keys that differ in more than case (IAM treats keys equal but for case as one)",
  );

/**
 * ECR's repository-name rule: 2-256 characters, lower-case path segments of letters and digits
 * joined by single `.`, `_` or `-`, separated by `/`.
 */
export const ecrRepositoryName = z
  .string()
  .min(2, "an ECR repository name of 2-256 characters")
  .max(256, "an ECR repository name of 2-256 characters")
  .regex(
    /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    "an ECR repository name: lower-case letters and digits, separated by single . _ - or /",
  );

/** A 12-digit AWS account id. */
export const awsAccountId = z.string().regex(/^\d{12}$/, "a 12-digit AWS account id");

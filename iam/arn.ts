/**
 * ARN builders. Partition, region and account always come from an {@link ArnContext}, never from a
 * literal `arn:aws:`, so the same stack renders correctly in aws-cn and aws-us-gov.
 */

/** Where the ARNs point: the partition, region and account a stack deploys to. */
export interface ArnContext {
  /** `aws`, `aws-cn`, `aws-us-gov`, ... */
  readonly partition: string;
  /** e.g. `us-east-1`. */
  readonly region: string;
  /** The 12-digit account id. */
  readonly accountId: string;
}

/** The partition a region belongs to, for contexts built without an AWS call (offline plans). */
export function partitionOfRegion(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  return "aws";
}

/** The DNS suffix of a partition's service endpoints. */
export function dnsSuffix(partition: string): string {
  switch (partition) {
    case "aws-cn":
      return "amazonaws.com.cn";
    case "aws-iso":
      return "c2s.ic.gov";
    case "aws-iso-b":
      return "sc2s.sgov.gov";
    default:
      return "amazonaws.com";
  }
}

/**
 * A service's regional endpoint, as `kms:ViaService` names it: `s3.eu-west-1.amazonaws.com`.
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */
export function serviceEndpoint(ctx: ArnContext, service: string): string {
  return `${service}.${ctx.region}.${dnsSuffix(ctx.partition)}`;
}

export function roleArn(ctx: ArnContext, name: string, path = "/"): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:role${path}${name}`;
}

export function policyArn(ctx: ArnContext, name: string, path = "/"): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:policy${path}${name}`;
}

/** An AWS managed policy, e.g. `AmazonSageMakerFullAccess`. */
export function awsManagedPolicyArn(ctx: ArnContext, name: string): string {
  return `arn:${ctx.partition}:iam::aws:policy/${name}`;
}

export function instanceProfileArn(ctx: ArnContext, name: string, path = "/"): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:instance-profile${path}${name}`;
}

export function s3BucketArn(ctx: ArnContext, bucket: string): string {
  return `arn:${ctx.partition}:s3:::${bucket}`;
}

/** All objects of a bucket (`<bucket>/*`), or those under a key prefix. */
export function s3ObjectsArn(ctx: ArnContext, bucket: string, keyPrefix = ""): string {
  return `arn:${ctx.partition}:s3:::${bucket}/${keyPrefix}*`;
}

/** A SageMaker resource of this account and region: `sagemaker:<region>:<account>:<type>/<name>`. */
export function sagemakerArn(ctx: ArnContext, resourceType: string, name: string): string {
  return `arn:${ctx.partition}:sagemaker:${ctx.region}:${ctx.accountId}:${resourceType}/${name}`;
}

/** Log groups of this account and region whose names match `namePattern` (e.g. `/aws/sagemaker/*`). */
export function logGroupArn(ctx: ArnContext, namePattern: string): string {
  return `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${namePattern}`;
}

export function ecrRepositoryArn(ctx: ArnContext, name: string, region = ctx.region): string {
  return `arn:${ctx.partition}:ecr:${region}:${ctx.accountId}:repository/${name}`;
}

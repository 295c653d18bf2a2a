/**
 * SCP exception for JsonGet: an organization whose SCP confines S3 to its VPCs must exempt the role
 * SageMaker Pipelines' executor uses, or JsonGet (which reads S3 from outside the VPC) is denied.
 * The exemption keys on a principal tag that the execution role carries.
 */
import { ArnContext, ConditionBlock, PolicyStatement, s3ObjectsArn } from "../../iam";

/** A principal tag: the tag on the execution role that the SCP exception keys on. */
export interface PrincipalTag {
  /** The tag key, e.g. `mlops-iam:pipeline-executor`; required. */
  readonly key: string;
  /** The tag value, e.g. `true`; required. */
  readonly value: string;
}

export interface ScpInput {
  /** Buckets whose objects JsonGet reads. */
  readonly jsonGetBuckets: readonly string[];
  /** The tag the execution role carries. */
  readonly principalTag: PrincipalTag;
  /** VPCs S3 requests may come from; none: the statement guards the buckets for the executor alone. */
  readonly sourceVpcIds: readonly string[];
}

/**
 * The Deny statement to paste into the organization's SCP: JsonGet's S3 reads from outside the
 * listed VPCs are denied, except for principals carrying the tag. Undefined without JsonGet buckets.
 */
export function scpStatement(ctx: ArnContext, input: ScpInput): PolicyStatement | undefined {
  if (input.jsonGetBuckets.length === 0) return undefined;
  const condition: ConditionBlock = {
    StringNotEquals: { [`aws:PrincipalTag/${input.principalTag.key}`]: input.principalTag.value },
    ...(input.sourceVpcIds.length > 0
      ? { StringNotEqualsIfExists: { "aws:SourceVpc": [...input.sourceVpcIds].sort() } }
      : {}),
  };
  return {
    Sid: "DenyS3OutsideVpcExceptPipelineExecutor",
    Effect: "Deny",
    Action: ["s3:GetObject"],
    Resource: [...input.jsonGetBuckets].sort().map((bucket) => s3ObjectsArn(ctx, bucket)),
    Condition: condition,
  };
}

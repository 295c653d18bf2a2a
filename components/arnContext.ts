/** Where a real deployment points, read from the AWS provider's credentials and region. */
import * as aws from "@pulumi/aws";
import { ArnContext } from "../iam";

/**
 * The partition, region and account of the current AWS credentials. Invokes run during
 * `pulumi preview` too, so every ARN, and so every policy document, is known at preview.
 */
export async function currentArnContext(): Promise<ArnContext> {
  const [identity, partition, region] = await Promise.all([
    aws.getCallerIdentity(),
    aws.getPartition(),
    aws.getRegion(),
  ]);
  return { accountId: identity.accountId, partition: partition.partition, region: region.region };
}

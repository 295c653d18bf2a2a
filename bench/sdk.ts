/**
 * The SDK the dev stack loads, loaded the way the program loads it: `@pulumi/pulumi`, `@pulumi/aws`
 * with the invokes the program calls and the `aws.iam` and `aws.sagemaker` resource modules the dev
 * stack registers, `@pulumi/awsx`'s ECR module (the program imports it alone, not awsx's index), and `@pulumi/databricks`.
 * The floor loads it; `npm run bench` checks that the floor and the dev stack load the same SDK modules.
 */
import * as aws from "@pulumi/aws";
import * as awsxEcr from "@pulumi/awsx/ecr";
import "@pulumi/databricks";
import "@pulumi/pulumi";

/** The invokes and resource classes the dev stack uses; reading each loads its module, as using it does. */
export const used = [
  aws.getCallerIdentity,
  aws.getPartition,
  aws.getRegion,
  aws.iam.Role,
  aws.iam.Policy,
  aws.iam.RolePolicyAttachment,
  aws.iam.GroupPolicyAttachment,
  aws.iam.InstanceProfile,
  awsxEcr.Repository,
];

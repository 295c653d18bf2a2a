/**
 * Statements that read like the sentences in the AWS docs. Each returns plain data; none of them can
 * produce an unscoped PassRole or a `"*"` that nobody asked for.
 */
import { ArnContext, ecrRepositoryArn } from "./arn";
import { ConditionBlock, PolicyStatement, wildcardResourceReason } from "./document";

/** Allow `actions` on `resources` (never empty: use {@link allowOnAnyResource} for `"*"`). */
export function allow(
  sid: string,
  actions: readonly string[],
  resources: readonly string[],
  condition?: ConditionBlock,
): PolicyStatement {
  if (resources.length === 0) {
    throw new Error(`statement ${sid}: no resources given; an empty list would grant nothing`);
  }
  return {
    Sid: sid,
    Effect: "Allow",
    Action: sortedUnique(actions),
    Resource: sortedUnique(resources),
    ...(condition ? { Condition: condition } : {}),
  };
}

/**
 * Allow `actions` on `"*"`. Catalog validation accepts this only for actions without resource
 * types, unless `reason` explains why `"*"` is intended anyway.
 */
export function allowOnAnyResource(
  sid: string,
  actions: readonly string[],
  reason?: string,
  condition?: ConditionBlock,
): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Action: sortedUnique(actions),
    Resource: ["*"],
    ...(condition ? { Condition: condition } : {}),
    ...(reason ? { [wildcardResourceReason]: reason } : {}),
  };
}

/**
 * `iam:PassRole` of exactly these roles, only to `service` (e.g. `sagemaker.amazonaws.com`):
 * the grant AWS recommends and the one a confused job cannot abuse to pass a role elsewhere.
 */
export function passRole(sid: string, roleArns: readonly string[], service: string): PolicyStatement {
  if (roleArns.some((arn) => arn.includes("*"))) {
    throw new Error(`statement ${sid}: iam:PassRole must name its roles, got ${roleArns.join(", ")}`);
  }
  return allow(sid, ["iam:PassRole"], roleArns, { StringEquals: { "iam:PassedToService": service } });
}

/** A trust statement: these AWS services may assume the role, under optional conditions. */
export function trustServices(
  sid: string,
  services: readonly string[],
  condition?: ConditionBlock,
): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: sortedUnique(services) },
    Action: ["sts:AssumeRole"],
    ...(condition ? { Condition: condition } : {}),
  };
}

/** A trust statement: these IAM principals (role, user or account ARNs) may assume the role. */
export function trustPrincipals(sid: string, principalArns: readonly string[]): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { AWS: sortedUnique(principalArns) },
    Action: ["sts:AssumeRole"],
  };
}

/**
 * The AWS service principals the program's roles trust and pass roles to, the same in every
 * partition, China's (aws-cn) included: service principals are standardized as
 * `<service>.amazonaws.com` (AWS CDK's `@aws-cdk/aws-iam:standardizedServicePrincipals`,
 * https://docs.amazonaws.cn/cdk/api/v2/docs/aws-cdk-lib.aws_iam.ServicePrincipalOpts.html), and
 * the AWS provider's table of exceptions in aws-cn holds only codedeploy, elasticmapreduce and logs,
 * none of them trusted here (https://www.pulumi.com/registry/packages/aws/api-docs/getserviceprincipal,
 * whose data source reads that table). `ec2.amazonaws.com.cn`, which China once required, is not used.
 */
export const servicePrincipals = {
  sagemaker: "sagemaker.amazonaws.com",
  ec2: "ec2.amazonaws.com",
} as const;

/**
 * What a role needs to pull a container image from this account's ECR repositories (in its
 * region). `ecr:GetAuthorizationToken` has no resource type, so `"*"` is its only form.
 */
export function ecrPullStatements(
  ctx: ArnContext,
  sidPrefix: string,
  repositoryArns: readonly string[] = [ecrRepositoryArn(ctx, "*")],
): PolicyStatement[] {
  return [
    allowOnAnyResource(`${sidPrefix}EcrLogin`, ["ecr:GetAuthorizationToken"]),
    allow(
      `${sidPrefix}EcrPull`,
      ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      repositoryArns,
    ),
  ];
}

/** Sorted and de-duplicated, so documents diff cleanly whatever order config lists things in. */
export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

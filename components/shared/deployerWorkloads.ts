/**
 * The deployer's workload: the AWS calls `pulumi up` and its refresh make for each resource a stack
 * registers. They are terraform-provider-aws's, which pulumi-aws bridges (awsx.ecr.Repository only
 * registers its two ECR children, awsx/ecr/repository.ts), each row citing the provider's file and
 * function. tests/deployer.test.ts evaluates the stack output `deployer` against it: the deploy
 * policy must allow every row, the preview policy every read and none that writes.
 */
import {
  ArnContext,
  ecrRepositoryArn,
  instanceProfileArn,
  policyArn,
  roleArn,
  sagemakerArn,
} from "../../iam";
import { WorkloadRequest } from "./workloads";

/** One resource as the stack registers it: its type token and inputs, as the engine sees them. */
export interface RegisteredInputs {
  readonly type: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** When the provider makes a call: creating, reading (after each create and on refresh), updating, deleting. */
export type DeployerPhase = "create" | "read" | "update" | "delete";

export interface DeployerRequest extends WorkloadRequest {
  readonly phase: DeployerPhase;
}

/** What the rows need besides the resources: where the stack deploys, and its boundary if any. */
export interface DeployerWorkloadContext {
  readonly arn: ArnContext;
  readonly permissionsBoundaryArn?: string;
}

const IAM = "terraform-provider-aws internal/service/iam";
const ECR = "terraform-provider-aws internal/service/ecr";
const SAGEMAKER = "terraform-provider-aws internal/service/sagemaker";
/** Tags on create are authorized as the tagging action too (AWS's IAM and ECR tag-on-create pages). */
const TAG_ON_CREATE = "with tags on create, IAM (and ECR, SageMaker) also authorize the tagging action";

/** The rows of every resource of the stack, in the order the resources were registered. */
export function deployerRequests(
  ctx: DeployerWorkloadContext,
  resources: readonly RegisteredInputs[],
): DeployerRequest[] {
  const text = (value: unknown) => String(value ?? "");
  const pathOf = (resource: RegisteredInputs) => text(resource.inputs.path ?? "/");
  // Attachments and instance profiles name a role; a stack role carries the stack's path.
  const rolePaths = new Map(
    resources
      .filter((resource) => resource.type === "aws:iam/role:Role")
      .map((role) => [text(role.inputs.name), pathOf(role)] as const),
  );
  const role = (name: unknown) => roleArn(ctx.arn, text(name), rolePaths.get(text(name)) ?? "/");
  const principal = (kind: "group" | "user", name: unknown) =>
    `arn:${ctx.arn.partition}:iam::${ctx.arn.accountId}:${kind}/${text(name)}`;
  return resources.flatMap((resource): DeployerRequest[] => {
    const inputs = resource.inputs;
    switch (resource.type) {
      case "aws:iam/role:Role":
        return roleRequests(ctx, roleArn(ctx.arn, text(inputs.name), pathOf(resource)));
      case "aws:iam/rolePolicy:RolePolicy":
        return inlinePolicyRequests(role(inputs.role));
      case "aws:iam/policy:Policy":
        return policyRequests(policyArn(ctx.arn, text(inputs.name), pathOf(resource)));
      case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
        return attachmentRequests("Role", role(inputs.role), text(inputs.policyArn));
      case "aws:iam/groupPolicyAttachment:GroupPolicyAttachment":
        return attachmentRequests("Group", principal("group", inputs.group), text(inputs.policyArn));
      case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
        return attachmentRequests("User", principal("user", inputs.user), text(inputs.policyArn));
      case "aws:iam/instanceProfile:InstanceProfile":
        return instanceProfileRequests(
          instanceProfileArn(ctx.arn, text(inputs.name), pathOf(resource)),
          role(inputs.role),
        );
      case "awsx:ecr:Repository":
        return ecrRequests(
          ecrRepositoryArn(ctx.arn, text(inputs.name), text(inputs.region ?? ctx.arn.region)),
        );
      case "aws:sagemaker/mlflowTrackingServer:MlflowTrackingServer":
        return mlflowRequests(
          "MlflowTrackingServer",
          "mlflow_tracking_server.go",
          sagemakerArn(ctx.arn, "mlflow-tracking-server", text(inputs.trackingServerName)),
          text(inputs.roleArn),
        );
      case "aws:sagemaker/mlflowApp:MlflowApp":
        // SageMaker assigns the app's id; any stand-in id names the same ARN pattern.
        return mlflowRequests(
          "MlflowApp",
          "mlflow_app.go",
          sagemakerArn(ctx.arn, "mlflow-app", `app-${text(inputs.name)}`),
          text(inputs.roleArn),
        );
      default:
        // The program's components call nothing, and the Databricks registration (its provider and
        // instance profile) calls the workspace with its token, not AWS. Any other type is a gap to fill.
        if (/^(mlops-iam:|databricks:|pulumi:providers:)/.test(resource.type)) return [];
        throw new Error(`deployerWorkloads: no provider calls listed for ${resource.type}`);
    }
  });
}

function row(
  phase: DeployerPhase,
  action: string,
  resource: string,
  source: string,
  extra: Partial<DeployerRequest> = {},
): DeployerRequest {
  return { phase, action, resource, source, step: `pulumi up (${phase})`, ...extra };
}

function roleRequests(ctx: DeployerWorkloadContext, arn: string): DeployerRequest[] {
  const file = `${IAM}/role.go`;
  const boundary = ctx.permissionsBoundaryArn;
  const bounded = boundary ? { context: { "iam:PermissionsBoundary": boundary } } : {};
  return [
    row("create", "iam:CreateRole", arn, `${file}: resourceRoleCreate (retryCreateRole)`, bounded),
    row("create", "iam:TagRole", arn, `${file}: resourceRoleCreate`, { when: TAG_ON_CREATE }),
    row("read", "iam:GetRole", arn, `${file}: resourceRoleRead (findRoleByName)`),
    row("read", "iam:ListRolePolicies", arn, `${file}: resourceRoleRead (readRoleInlinePolicies)`),
    row("read", "iam:ListAttachedRolePolicies", arn, `${file}: resourceRoleRead (findRoleAttachedPolicies)`),
    row("update", "iam:UpdateAssumeRolePolicy", arn, `${file}: resourceRoleUpdate`, {
      when: "trust changed",
    }),
    row("update", "iam:UpdateRoleDescription", arn, `${file}: resourceRoleUpdate`, {
      when: "description changed",
    }),
    row("update", "iam:UntagRole", arn, `${file}: resourceRoleUpdate (roleUpdateTags)`, {
      when: "tags changed",
    }),
    ...(boundary
      ? [
          row("update", "iam:PutRolePermissionsBoundary", arn, `${file}: resourceRoleUpdate`, {
            ...bounded,
            when: "boundary set on an existing role",
          }),
        ]
      : []),
    row(
      "delete",
      "iam:ListInstanceProfilesForRole",
      arn,
      `${file}: deleteRole (findInstanceProfilesForRole)`,
    ),
    row("delete", "iam:DeleteRole", arn, `${file}: resourceRoleDelete (deleteRole)`),
  ];
}

function inlinePolicyRequests(role: string): DeployerRequest[] {
  const file = `${IAM}/role_policy.go`;
  return [
    row("create", "iam:PutRolePolicy", role, `${file}: resourceRolePolicyPut`),
    row("read", "iam:GetRolePolicy", role, `${file}: resourceRolePolicyRead (findRolePolicyByTwoPartKey)`),
    row("delete", "iam:DeleteRolePolicy", role, `${file}: resourceRolePolicyDelete`),
  ];
}

function policyRequests(arn: string): DeployerRequest[] {
  const file = `${IAM}/policy.go`;
  return [
    row("create", "iam:CreatePolicy", arn, `${file}: resourcePolicyCreate`),
    row("create", "iam:TagPolicy", arn, `${file}: resourcePolicyCreate`, { when: TAG_ON_CREATE }),
    row("read", "iam:GetPolicy", arn, `${file}: resourcePolicyRead (findPolicyByARN)`),
    row("read", "iam:GetPolicyVersion", arn, `${file}: resourcePolicyRead (findPolicyVersionByTwoPartKey)`),
    row("update", "iam:ListPolicyVersions", arn, `${file}: policyPruneVersions`, {
      when: "document changed",
    }),
    row("update", "iam:DeletePolicyVersion", arn, `${file}: policyPruneVersions`, {
      when: "document changed with five versions kept",
    }),
    row("update", "iam:CreatePolicyVersion", arn, `${file}: resourcePolicyUpdate`, {
      when: "document changed",
    }),
    row("delete", "iam:DeletePolicy", arn, `${file}: resourcePolicyDelete`),
  ];
}

function attachmentRequests(
  kind: "Role" | "Group" | "User",
  principalArn: string,
  policyArnAttached: string,
): DeployerRequest[] {
  const source = `${IAM}/${kind.toLowerCase()}_policy_attachment.go: resource${kind}PolicyAttachment`;
  const attached = { context: { "iam:PolicyARN": policyArnAttached } };
  return [
    row("create", `iam:Attach${kind}Policy`, principalArn, `${source}Create`, attached),
    // Create ends in Read, which finds the attachment among the principal's attached policies.
    row(
      "read",
      `iam:ListAttached${kind}Policies`,
      principalArn,
      `${source}Read (findAttached${kind}PolicyByTwoPartKey)`,
    ),
    row("delete", `iam:Detach${kind}Policy`, principalArn, `${source}Delete`, attached),
  ];
}

function instanceProfileRequests(arn: string, role: string): DeployerRequest[] {
  const file = `${IAM}/instance_profile.go`;
  return [
    row("create", "iam:CreateInstanceProfile", arn, `${file}: resourceInstanceProfileCreate`),
    row("create", "iam:TagInstanceProfile", arn, `${file}: resourceInstanceProfileCreate`, {
      when: TAG_ON_CREATE,
    }),
    row("create", "iam:AddRoleToInstanceProfile", arn, `${file}: instanceProfileAddRole`),
    row(
      "create",
      "iam:PassRole",
      role,
      `${file}: instanceProfileAddRole (the API requires PassRole on the role)`,
      {
        context: { "iam:PassedToService": "ec2.amazonaws.com" },
        uncertain:
          "the iam:PassedToService the call carries (EC2, as AWS's managed policies for it condition it)",
      },
    ),
    row(
      "read",
      "iam:GetInstanceProfile",
      arn,
      `${file}: resourceInstanceProfileRead (findInstanceProfileByName)`,
    ),
    row("read", "iam:GetRole", role, `${file}: resourceInstanceProfileRead (findRoleByName)`),
    row("delete", "iam:RemoveRoleFromInstanceProfile", arn, `${file}: resourceInstanceProfileDelete`),
    row("delete", "iam:DeleteInstanceProfile", arn, `${file}: resourceInstanceProfileDelete`),
  ];
}

function ecrRequests(arn: string): DeployerRequest[] {
  const repository = `${ECR}/repository.go`;
  const lifecycle = `${ECR}/lifecycle_policy.go`;
  return [
    row("create", "ecr:CreateRepository", arn, `${repository}: resourceRepositoryCreate`),
    row("create", "ecr:TagResource", arn, `${repository}: resourceRepositoryCreate`, { when: TAG_ON_CREATE }),
    row("create", "ecr:PutLifecyclePolicy", arn, `${lifecycle}: resourceLifecyclePolicyCreate`),
    row(
      "read",
      "ecr:DescribeRepositories",
      arn,
      `${repository}: resourceRepositoryRead (findRepositoryByName)`,
    ),
    row("read", "ecr:ListTagsForResource", arn, `${repository}: the tags interceptor after Read`),
    row("read", "ecr:GetLifecyclePolicy", arn, `${lifecycle}: resourceLifecyclePolicyRead`),
    row("update", "ecr:PutImageTagMutability", arn, `${repository}: resourceRepositoryUpdate`, {
      when: "tag mutability changed",
    }),
    row("update", "ecr:PutImageScanningConfiguration", arn, `${repository}: resourceRepositoryUpdate`, {
      when: "scanning changed",
    }),
    row("update", "ecr:UntagResource", arn, `${repository}: the tags interceptor`, { when: "tags changed" }),
    row("delete", "ecr:DeleteLifecyclePolicy", arn, `${lifecycle}: resourceLifecyclePolicyDelete`),
    row("delete", "ecr:DeleteRepository", arn, `${repository}: resourceRepositoryDelete`),
  ];
}

function mlflowRequests(kind: string, file: string, arn: string, role: string): DeployerRequest[] {
  const source = `${SAGEMAKER}/${file}`;
  return [
    row("create", `sagemaker:Create${kind}`, arn, `${source}: resource${kind}Create`),
    row("create", "sagemaker:AddTags", arn, `${source}: resource${kind}Create`, { when: TAG_ON_CREATE }),
    row("create", "iam:PassRole", role, `${source}: resource${kind}Create (RoleArn)`, {
      context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
    }),
    row("read", `sagemaker:Describe${kind}`, arn, `${source}: resource${kind}Read, and the waiters`),
    row("read", "sagemaker:ListTags", arn, `${source}: the tags interceptor after Read`),
    row("update", `sagemaker:Update${kind}`, arn, `${source}: resource${kind}Update`, {
      when: "settings changed",
    }),
    row("update", "sagemaker:DeleteTags", arn, `${source}: the tags interceptor`, { when: "tags changed" }),
    row("delete", `sagemaker:Delete${kind}`, arn, `${source}: resource${kind}Delete`),
  ];
}

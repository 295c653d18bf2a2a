/**
 * The policy of the role that runs `pulumi up` for a stack (the GitOps deployer, docs/gitops.md),
 * generated from what the stack registers, so it grows and shrinks with the config:
 * - the roles, policies and instance profiles it creates, all named `<namePrefix>-*` on its path;
 * - attaching its policies (and only its policies: `iam:PolicyARN`) to the existing principals the
 *   config names;
 * - what each section registers beyond IAM (MLflow servers and apps, serving-image repositories),
 *   from the section's `deployer` statements.
 * The actions are the AWS provider's create, read, update and delete calls of those resource types
 * (`aws.iam.Role`, `Policy`, `RolePolicy`, `RolePolicyAttachment`, `InstanceProfile`, ...), as
 * terraform-provider-aws makes them (`internal/service/iam/role.go`, `policy.go`,
 * `role_policy_attachment.go`, `instance_profile.go`, ...; the rows of `deployerWorkloads.ts`, which
 * the tests evaluate). The preview jobs get only the catalog's Read and List actions of the same
 * statements.
 *
 * Not granted: `iam:DeleteRolePermissionsBoundary` (the provider calls it when the config drops the
 * boundary; with a boundary, the deployer is not to lift it), and `iam:SetDefaultPolicyVersion`
 * (only with `delayAfterPolicyCreationInMs`, which the program does not set).
 */
import {
  ArnContext,
  IamCatalog,
  PolicyDocument,
  PolicyStatement,
  allow,
  instanceProfileArn,
  policyArn,
  policyDocument,
  roleArn,
  sortedUnique,
} from "../../iam";
import { PlatformSettings, PolicyPlan, RolePlan } from "./plan";

/** What `pulumi up` of one stack may do, and the read-only subset `pulumi preview` needs. */
export interface DeployerPolicies {
  /** For the deploying role of the stack's GitHub Environment `<stack>`. */
  readonly deploy: PolicyDocument;
  /** For the preview and drift jobs' role (`<stack>-preview`): only Read and List actions. */
  readonly preview: PolicyDocument;
}

const roleActions = [
  "iam:DeleteRole",
  "iam:DeleteRolePolicy",
  "iam:GetRole",
  "iam:GetRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
  "iam:ListRolePolicies",
  "iam:ListRoleTags",
  "iam:PutRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
];
/** Creating a role and setting its boundary: conditioned on the stack's boundary when it has one. */
const roleBoundaryActions = ["iam:CreateRole", "iam:PutRolePermissionsBoundary"];
/** Attaching policies to the stack's roles: only the policies the stack attaches (`iam:PolicyARN`). */
const roleAttachActions = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"];
const policyActions = [
  "iam:CreatePolicy",
  "iam:CreatePolicyVersion",
  "iam:DeletePolicy",
  "iam:DeletePolicyVersion",
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
  "iam:ListPolicyTags",
  "iam:ListPolicyVersions",
  "iam:TagPolicy",
  "iam:UntagPolicy",
];
const instanceProfileActions = [
  "iam:AddRoleToInstanceProfile",
  "iam:CreateInstanceProfile",
  "iam:DeleteInstanceProfile",
  "iam:GetInstanceProfile",
  "iam:ListInstanceProfileTags",
  "iam:RemoveRoleFromInstanceProfile",
  "iam:TagInstanceProfile",
  "iam:UntagInstanceProfile",
];

/**
 * What the stack's own IAM needs: `<namePrefix>-*` on its path, its policies (and the AWS-managed
 * ones its roles use) on its roles, and its policies on existing principals, whose attached policies
 * the provider lists after attaching (`resourceRolePolicyAttachmentRead` and the group's and user's).
 */
export function iamDeployerStatements(
  settings: PlatformSettings,
  plans: { readonly roles: readonly RolePlan[]; readonly policies: readonly PolicyPlan[] },
): PolicyStatement[] {
  const { policies } = plans;
  const ctx = settings.arn;
  const names = `${settings.namePrefix}-*`;
  const ownPolicies = policyArn(ctx, names, settings.rolePath);
  const roles = [roleArn(ctx, names, settings.rolePath)];
  const awsManagedPolicies = sortedUnique(plans.roles.flatMap((role) => role.awsManagedPolicyArns));
  const boundary = settings.permissionsBoundaryArn;
  const existing = (list: "roles" | "groups" | "users") =>
    sortedUnique(policies.flatMap((policy) => policy.attachTo[list]));
  const attachTo: [string, string, string[]][] = [
    ["Role", "role", existing("roles")],
    ["Group", "group", existing("groups")],
    ["User", "user", existing("users")],
  ];
  return [
    allow("StackRoles", roleActions, roles),
    // With a boundary, the deployer cannot create a role without it, nor swap it.
    allow(
      "StackRolesCreate",
      roleBoundaryActions,
      roles,
      boundary ? { StringEquals: { "iam:PermissionsBoundary": boundary } } : undefined,
    ),
    allow("StackRolesAttach", roleAttachActions, roles, {
      ArnLike: { "iam:PolicyARN": [ownPolicies, ...awsManagedPolicies] },
    }),
    allow("StackPolicies", policyActions, [ownPolicies]),
    // Existing principals get the stack's policies, and only those.
    ...attachTo
      .filter(([, , principals]) => principals.length > 0)
      .flatMap(([kind, type, principals]) => {
        const arns = principals.flatMap((name) => existingPrincipalArns(ctx, type, name));
        return [
          allow(`AttachToExisting${kind}s`, [`iam:Attach${kind}Policy`, `iam:Detach${kind}Policy`], arns, {
            ArnLike: { "iam:PolicyARN": ownPolicies },
          }),
          // Read after each attach and on refresh; the action has no iam:PolicyARN, so apart.
          allow(`ListPoliciesOfExisting${kind}s`, [`iam:ListAttached${kind}Policies`], arns),
        ];
      }),
  ];
}

/** Instance profiles named `<namePrefix>-*` on the stack's path, for a section that registers one. */
export function instanceProfileDeployerStatement(settings: PlatformSettings): PolicyStatement {
  return allow("StackInstanceProfiles", instanceProfileActions, [
    instanceProfileArn(settings.arn, `${settings.namePrefix}-*`, settings.rolePath),
  ]);
}

/** An existing principal by name, at the root path or any other (config names it without its path). */
function existingPrincipalArns(ctx: ArnContext, type: string, name: string): string[] {
  return [
    `arn:${ctx.partition}:iam::${ctx.accountId}:${type}/${name}`,
    `arn:${ctx.partition}:iam::${ctx.accountId}:${type}/*/${name}`,
  ];
}

/** The deploy document, and the preview document: each statement kept with its Read and List actions only. */
export function deployerPolicies(
  statements: readonly PolicyStatement[],
  catalog: IamCatalog,
): DeployerPolicies {
  const readOnly = statements.flatMap((statement): PolicyStatement[] => {
    const actions = statement.Action.filter((action) => isReadOrList(catalog, action));
    if (actions.length === 0) return [];
    // Conditions on creating (a boundary, a policy ARN) do not apply to reading.
    const read: PolicyStatement = { ...statement, Sid: `${statement.Sid}Read`, Action: actions };
    delete read.Condition;
    return [read];
  });
  return { deploy: policyDocument([...statements]), preview: policyDocument(readOnly) };
}

function isReadOrList(catalog: IamCatalog, action: string): boolean {
  const level = catalog.action(action)?.accessLevel;
  return level === "Read" || level === "List";
}

/**
 * Registers planned roles and policies as Pulumi resources. The only place that knows how a plan
 * becomes `aws.iam.*` resources, so tags, boundaries, paths and protection apply everywhere alike.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renderDocument } from "../../iam";
import { PlatformSettings, PolicyPlan, RolePlan, packedPolicies, quotasOf, rolePolicies } from "./plan";

/**
 * An attachment is a (principal, policy) pair, not an object of its own: creating the replacement
 * first and then deleting the old one would detach the pair the replacement just attached.
 */
const replaceAttachment: pulumi.CustomResourceOptions = { deleteBeforeReplace: true };

/**
 * A managed policy has a fixed IAM name, so its replacement (a changed description or path, which
 * IAM cannot update in place) must delete the old one first: creating the new one first would fail
 * with EntityAlreadyExists. Pulumi deletes the attachments that depend on it first, and re-creates
 * them after, so the principals go without the policy for the seconds that takes.
 */
const replacePolicy: pulumi.CustomResourceOptions = { deleteBeforeReplace: true };

/** A registered role; `arn` resolves only once every policy is attached to it. */
export interface CreatedRole {
  readonly role: aws.iam.Role;
  readonly policies: aws.iam.Policy[];
  /** The role ARN, available only after the role's policies are attached (so consumers never race them). */
  readonly arn: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;
  /** ARNs of the role's own managed policies (packed parts). */
  readonly policyArns: pulumi.Output<string[]>;
}

/** Registers a planned role with its inline and managed policies, as children of `parent`. */
export function createRole(parent: pulumi.Resource, plan: RolePlan, settings: PlatformSettings): CreatedRole {
  const opts: pulumi.CustomResourceOptions = { parent, protect: settings.protect };
  const role = new aws.iam.Role(
    plan.key,
    {
      name: plan.name,
      path: settings.rolePath,
      description: plan.description,
      assumeRolePolicy: renderDocument(plan.trust),
      permissionsBoundary: settings.permissionsBoundaryArn,
      tags: { ...settings.tags, ...plan.extraTags },
    },
    opts,
  );
  const ready: pulumi.Output<string>[] = [];
  for (const [name, document] of Object.entries(plan.inlinePolicies).sort(([a], [b]) => a.localeCompare(b))) {
    const inline = new aws.iam.RolePolicy(
      `${plan.key}-${name}`,
      { name, role: role.name, policy: renderDocument(document) },
      opts,
    );
    ready.push(inline.id);
  }
  const policies = rolePolicies(plan, quotasOf(settings)).map(
    (policy) =>
      new aws.iam.Policy(
        `${plan.key}-${policy.name.slice(plan.name.length + 1)}`,
        {
          name: policy.name,
          path: settings.rolePath,
          description: `Permissions of role ${plan.name}`,
          policy: renderDocument(policy.document),
          tags: settings.tags,
        },
        { ...opts, ...replacePolicy },
      ),
  );
  const attachments = [
    ...policies.map((policy, index) => ({ key: `permissions-${index + 1}`, arn: policy.arn })),
    ...plan.awsManagedPolicyArns.map((arn) => ({ key: arn.slice(arn.lastIndexOf("/") + 1), arn })),
  ];
  for (const attachment of attachments) {
    const attached = new aws.iam.RolePolicyAttachment(
      `${plan.key}-${attachment.key}`,
      { role: role.name, policyArn: attachment.arn },
      { parent, ...replaceAttachment },
    );
    ready.push(attached.id);
  }
  return {
    role,
    policies,
    arn: pulumi.all([role.arn, ...ready]).apply(([arn]) => arn),
    name: role.name,
    policyArns: pulumi.all(policies.map((policy) => policy.arn)),
  };
}

/** A registered stand-alone policy (its packed parts) with its attachments. */
export interface CreatedPolicy {
  readonly policies: aws.iam.Policy[];
  /** ARNs of the policy's parts, in order. */
  readonly policyArns: pulumi.Output<string[]>;
}

/** Registers a planned customer-managed policy and attaches it to existing roles, groups and users. */
export function createPolicy(
  parent: pulumi.Resource,
  plan: PolicyPlan,
  settings: PlatformSettings,
): CreatedPolicy {
  const parts = packedPolicies(plan.name, plan.statements, quotasOf(settings));
  const policies = parts.map(
    (part, index) =>
      new aws.iam.Policy(
        index === 0 ? plan.key : `${plan.key}-${index + 1}`,
        {
          name: part.name,
          path: settings.rolePath,
          description: plan.description,
          policy: renderDocument(part.document),
          tags: settings.tags,
        },
        { parent, protect: settings.protect, ...replacePolicy },
      ),
  );
  policies.forEach((policy, index) => {
    const part = index === 0 ? plan.key : `${plan.key}-${index + 1}`;
    // Attachment names come from the principal's name, so reordering config lists renames nothing.
    for (const role of plan.attachTo.roles) {
      new aws.iam.RolePolicyAttachment(
        `${part}-role-${role}`,
        { role, policyArn: policy.arn },
        { parent, ...replaceAttachment },
      );
    }
    for (const group of plan.attachTo.groups) {
      new aws.iam.GroupPolicyAttachment(
        `${part}-group-${group}`,
        { group, policyArn: policy.arn },
        { parent, ...replaceAttachment },
      );
    }
    for (const user of plan.attachTo.users) {
      new aws.iam.UserPolicyAttachment(
        `${part}-user-${user}`,
        { user, policyArn: policy.arn },
        { parent, ...replaceAttachment },
      );
    }
  });
  return { policies, policyArns: pulumi.all(policies.map((policy) => policy.arn)) };
}

/**
 * IAM's published limits, in one place: config validation and planning both read them, so a name,
 * a path or a document that passes here is one IAM accepts at `pulumi up`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */

/** Lengths and counts IAM fixes (not raisable). */
export const iamLimits = {
  /** Characters of a role name. */
  roleName: 64,
  /** Characters of a managed policy's or an instance profile's name. */
  policyName: 128,
  /** Characters of a user's or group's name (existing principals the program attaches to). */
  principalName: 128,
  /** Characters of an IAM path. */
  path: 512,
  /** Characters of a policy's description; changing one replaces the policy. */
  policyDescription: 1000,
  /** Characters of a role's description. */
  roleDescription: 1000,
  /** Tags on one role or policy. */
  tagsPerResource: 50,
  /** Characters of a tag key. */
  tagKey: 128,
  /** Characters of a tag value. */
  tagValue: 256,
} as const;

/** Characters IAM allows in role, policy and instance-profile names. */
export const iamNameCharacters = /^[A-Za-z0-9+=,.@_-]+$/;

/** IAM's path rule: `/` alone, or `/`, printable ASCII, `/` (so `//` is not a path). */
export const iamPathPattern = /^\/([\x21-\x7E]+\/)?$/;

/** Characters IAM allows in tag keys and values. */
export const iamTagCharacters = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The quotas that apply to one account; the defaults are IAM's, some are raisable. */
export interface IamQuotas {
  /** Characters of one customer-managed policy document (fixed by IAM). */
  readonly managedPolicySize: number;
  /** Characters of all inline policies of one role together (fixed by IAM). */
  readonly inlinePoliciesPerRoleSize: number;
  /** Characters of a role's trust policy (2,048 by default, raisable to 4,096). */
  readonly trustPolicySize: number;
  /** Managed policies attached to one role (10 by default, raisable to 20). */
  readonly managedPoliciesPerRole: number;
  /** Managed policies attached to one user (10 by default, raisable to 20). */
  readonly managedPoliciesPerUser: number;
  /** Managed policies attached to one group (10, not raisable). */
  readonly managedPoliciesPerGroup: number;
  /** Customer-managed policies in the account (1,500 by default, raisable to 5,000). */
  readonly customerManagedPolicies: number;
}

/** Each account starts with these. */
export const defaultQuotas: IamQuotas = {
  managedPolicySize: 6144,
  inlinePoliciesPerRoleSize: 10240,
  trustPolicySize: 2048,
  managedPoliciesPerRole: 10,
  managedPoliciesPerUser: 10,
  managedPoliciesPerGroup: 10,
  customerManagedPolicies: 1500,
};

/** The most IAM grants on request; a fixed quota's maximum is its default. */
export const maximumQuotas: IamQuotas = {
  managedPolicySize: 6144,
  inlinePoliciesPerRoleSize: 10240,
  trustPolicySize: 4096,
  managedPoliciesPerRole: 20,
  managedPoliciesPerUser: 20,
  // "You can attach up to 10 managed policies to each group"; only users' and roles' are raisable.
  // https://repost.aws/knowledge-center/iam-increase-policy-size
  managedPoliciesPerGroup: 10,
  customerManagedPolicies: 5000,
};

/**
 * IAM's size and count quotas, checked at preview time: a document over a quota is an error naming
 * the role and the numbers, never a failed `pulumi up` half-way through a deployment.
 */
import { PolicyDocument, PolicyStatement, policyDocument, renderDocument } from "./document";

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
}

export const defaultQuotas: IamQuotas = {
  managedPolicySize: 6144,
  inlinePoliciesPerRoleSize: 10240,
  trustPolicySize: 2048,
  managedPoliciesPerRole: 10,
};

/** A document's size as IAM counts it: its JSON without whitespace. */
export function documentSize(document: PolicyDocument): number {
  return renderDocument(document).replace(/\s/g, "").length;
}

/**
 * Packs statements, in order, into as few managed-policy documents as fit `limit` each. Order is
 * kept so that adding a statement at the end never moves existing statements between policies.
 */
export function packStatements(
  statements: readonly PolicyStatement[],
  label: string,
  limit = defaultQuotas.managedPolicySize,
): PolicyDocument[] {
  const documents: PolicyDocument[] = [];
  let current: PolicyStatement[] = [];
  for (const statement of statements) {
    const single = documentSize(policyDocument([statement]));
    if (single > limit) {
      throw new QuotaError(
        `${label}: statement ${statement.Sid ?? ""} alone is ${single} characters, over the ${limit}-character managed-policy quota`,
      );
    }
    if (current.length > 0 && documentSize(policyDocument([...current, statement])) > limit) {
      documents.push(policyDocument(current));
      current = [];
    }
    current.push(statement);
  }
  if (current.length > 0) documents.push(policyDocument(current));
  return documents;
}

/** What one role carries, for the per-role quotas. */
export interface RoleQuotaInput {
  readonly roleName: string;
  readonly trust: PolicyDocument;
  readonly inlinePolicies: readonly PolicyDocument[];
  readonly managedPolicies: readonly PolicyDocument[];
  /** AWS managed or pre-existing policies attached besides `managedPolicies`. */
  readonly otherAttachedPolicies: number;
}

/** Every quota a role would exceed, as messages naming the role and the numbers. */
export function roleQuotaProblems(role: RoleQuotaInput, quotas: IamQuotas = defaultQuotas): string[] {
  const problems: string[] = [];
  const trustSize = documentSize(role.trust);
  if (trustSize > quotas.trustPolicySize) {
    problems.push(
      `role ${role.roleName}: trust policy is ${trustSize} characters, over the quota of ${quotas.trustPolicySize}`,
    );
  }
  const inlineSize = role.inlinePolicies.reduce((sum, document) => sum + documentSize(document), 0);
  if (inlineSize > quotas.inlinePoliciesPerRoleSize) {
    problems.push(
      `role ${role.roleName}: inline policies total ${inlineSize} characters, over the quota of ${quotas.inlinePoliciesPerRoleSize}`,
    );
  }
  for (const [index, document] of role.managedPolicies.entries()) {
    const size = documentSize(document);
    if (size > quotas.managedPolicySize) {
      problems.push(
        `role ${role.roleName}: managed policy ${index + 1} is ${size} characters, over the quota of ${quotas.managedPolicySize}`,
      );
    }
  }
  const attached = role.managedPolicies.length + role.otherAttachedPolicies;
  if (attached > quotas.managedPoliciesPerRole) {
    problems.push(
      `role ${role.roleName}: ${attached} managed policies attached, over the quota of ${quotas.managedPoliciesPerRole} ` +
        `(raise mlops-iam:quotas.managedPoliciesPerRole if your account's quota is higher)`,
    );
  }
  return problems;
}

export class QuotaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuotaError";
  }
}

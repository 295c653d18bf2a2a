/**
 * IAM's size and count quotas, checked at preview time: a document over a quota is an error naming
 * the role and the numbers, never a failed `pulumi up` half-way through a deployment.
 */
import { PolicyDocument, PolicyStatement, policyDocument, renderDocument } from "./document";
import { IamQuotas, defaultQuotas } from "./limits";

/** A document's size as IAM counts it: its JSON without whitespace. */
export function documentSize(document: PolicyDocument): number {
  return withoutWhitespace(renderDocument(document));
}

function withoutWhitespace(json: string): number {
  return json.replace(/\s/g, "").length;
}

/** A document's size without its statements: `{"Version":...,"Statement":[]}`. */
const emptyDocumentSize = documentSize(policyDocument([]));

/**
 * Packs statements, in order, into as few managed-policy documents as fit `limit` each. Order is
 * kept so that adding a statement at the end never moves existing statements between policies.
 * A document's size is its empty document's plus its statements' and the commas between them, so
 * each statement is measured once rather than each growing document again.
 */
export function packStatements(
  statements: readonly PolicyStatement[],
  label: string,
  limit = defaultQuotas.managedPolicySize,
): PolicyDocument[] {
  const documents: PolicyDocument[] = [];
  let current: PolicyStatement[] = [];
  let currentSize = emptyDocumentSize;
  for (const statement of statements) {
    const statementSize = withoutWhitespace(JSON.stringify(statement));
    const single = emptyDocumentSize + statementSize;
    if (single > limit) {
      throw new QuotaError(
        `${label}: statement ${statement.Sid ?? ""} alone is ${single} characters, over the ${limit}-character managed-policy quota`,
      );
    }
    // A statement after another costs its size and the comma between them.
    if (current.length > 0 && currentSize + 1 + statementSize > limit) {
      documents.push(policyDocument(current));
      current = [];
      currentSize = emptyDocumentSize;
    }
    currentSize += (current.length > 0 ? 1 : 0) + statementSize;
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

/**
 * Every quota a role would exceed, as messages naming the role and the numbers. `raise` says how to
 * raise a raisable quota where the caller knows (e.g. the config key that holds it).
 */
export function roleQuotaProblems(
  role: RoleQuotaInput,
  quotas: IamQuotas = defaultQuotas,
  raise: Partial<Record<keyof IamQuotas, string>> = {},
): string[] {
  const hint = (quota: keyof IamQuotas) => (raise[quota] ? ` (${raise[quota]})` : "");
  const problems: string[] = [];
  const trustSize = documentSize(role.trust);
  if (trustSize > quotas.trustPolicySize) {
    problems.push(
      `role ${role.roleName}: trust policy is ${trustSize} characters, over the quota of ${quotas.trustPolicySize}${hint("trustPolicySize")}`,
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
      `role ${role.roleName}: ${attached} managed policies attached, over the quota of ${quotas.managedPoliciesPerRole}` +
        hint("managedPoliciesPerRole"),
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

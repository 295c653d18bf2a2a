/**
 * Typed IAM policy documents. Pure data: these objects are what `pulumi preview` shows and what the
 * tests evaluate, so nothing here may depend on a Pulumi output.
 */

export type Effect = "Allow" | "Deny";

/** `{ Operator: { "condition:key": value } }`, as IAM writes it. */
export type ConditionBlock = Record<string, Record<string, string | string[]>>;

/** Who a trust statement trusts. */
export interface Principal {
  Service?: string[];
  AWS?: string[];
  Federated?: string[];
}

/**
 * Marks a statement whose `"Resource": "*"` is deliberate although an action in it supports
 * resource-level permissions. A symbol, so `JSON.stringify` never emits it.
 */
export const wildcardResourceReason: unique symbol = Symbol("wildcardResourceReason");

export interface PolicyStatement {
  Sid?: string;
  Effect: Effect;
  Action: string[];
  Resource?: string[];
  Principal?: Principal;
  Condition?: ConditionBlock;
  /** Why `"*"` is intended; see {@link wildcardResourceReason}. */
  [wildcardResourceReason]?: string;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** Whether a document grants permissions to an identity or says who may assume a role. */
export type DocumentKind = "identity" | "trust";

export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** The document as IAM stores it: compact JSON, the order of keys as written. */
export function renderDocument(document: PolicyDocument): string {
  return JSON.stringify(document);
}

/** Every action a document grants, sorted, for summaries and tests. */
export function actionsOf(document: PolicyDocument): string[] {
  return [...new Set(document.Statement.flatMap((statement) => statement.Action))].sort();
}

/**
 * A document as IAM accepts it (JSON text or object; `Action`, `Resource` and principals as a
 * string or a list) in this model's normalized form, for checking documents this program did not
 * build. Statements with `NotAction`, `NotResource` or `NotPrincipal` are dropped: their meaning is
 * the complement of a list, which the catalog checks cannot judge.
 */
export function parsePolicyDocument(value: unknown): PolicyDocument | undefined {
  const raw = typeof value === "string" ? safeJson(value) : value;
  if (!raw || typeof raw !== "object") return undefined;
  const statements = [(raw as { Statement?: unknown }).Statement ?? []].flat() as Record<string, unknown>[];
  return policyDocument(
    statements
      .filter(
        (statement) =>
          !("NotAction" in statement || "NotResource" in statement || "NotPrincipal" in statement),
      )
      .map((statement) => ({
        ...(typeof statement.Sid === "string" ? { Sid: statement.Sid } : {}),
        Effect: statement.Effect === "Deny" ? "Deny" : "Allow",
        Action: asList(statement.Action),
        ...(statement.Resource !== undefined ? { Resource: asList(statement.Resource) } : {}),
        ...(statement.Principal !== undefined ? { Principal: asPrincipal(statement.Principal) } : {}),
        ...(statement.Condition ? { Condition: statement.Condition as ConditionBlock } : {}),
      })),
  );
}

function asList(value: unknown): string[] {
  return value === undefined ? [] : ([value].flat() as string[]);
}

function asPrincipal(value: unknown): Principal {
  if (value === "*") return { AWS: ["*"] };
  const principal = value as Record<string, unknown>;
  return {
    ...(principal.Service !== undefined ? { Service: asList(principal.Service) } : {}),
    ...(principal.AWS !== undefined ? { AWS: asList(principal.AWS) } : {}),
    ...(principal.Federated !== undefined ? { Federated: asList(principal.Federated) } : {}),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

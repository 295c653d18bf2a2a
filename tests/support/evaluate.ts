/**
 * Evaluates policies the way IAM does, with `@cloud-copilot/iam-simulate` (AGPL: a test-only
 * dependency, never loaded by the program). Tests assert on effective permissions through it.
 */
import { runSimulation, Simulation } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "node:assert";
import { PolicyDocument } from "../../iam";
import { testContext } from "./setup";

/** A request to evaluate against a principal's identity policies. */
export interface Request {
  readonly action: string;
  readonly resource: string;
  /** Request context, e.g. `{ "iam:PassedToService": "sagemaker.amazonaws.com" }`. */
  readonly context?: Record<string, string | string[]>;
  /** The caller; a role of the test account by default. */
  readonly principal?: string;
}

/** Whether identity policies allow a request (no resource policy, no SCP). */
export async function isAllowed(policies: readonly PolicyDocument[], request: Request): Promise<boolean> {
  return (await decide(policies, request)) === "Allowed";
}

/** A request of `action` on `resource`: shorthand for the rows of a table of requests. */
export function request(
  action: string,
  resource: string,
  context?: Record<string, string | string[]>,
): Request {
  return context === undefined ? { action, resource } : { action, resource, context };
}

/** A workload row or a denial (each section's `workloads.ts`) as the evaluator takes it. */
export function asRequest(row: {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
}): Request {
  return request(row.action, row.resource, row.context && { ...row.context });
}

/** The requests identity policies must allow, and those they must deny. */
export interface Decisions {
  readonly allowed?: readonly Request[];
  readonly denied?: readonly Request[];
}

/**
 * Asserts each request's decision; the failure message names every request decided otherwise
 * (`ALLOWED but expected denied: <action> on <resource> [context]`), so one run shows them all.
 */
export async function assertDecisions(
  policies: readonly PolicyDocument[],
  expected: Decisions,
): Promise<void> {
  const checks = [
    ...(expected.allowed ?? []).map((row) => ({ request: row, allow: true })),
    ...(expected.denied ?? []).map((row) => ({ request: row, allow: false })),
  ];
  assert.ok(checks.length > 0, "assertDecisions: no requests to check");
  // Workload tables repeat requests (every workload reads the run first): each is evaluated once.
  const unique = new Map<string, Promise<boolean>>();
  const decide = (request: Request) => {
    const key = JSON.stringify([request.action, request.resource, request.context, request.principal]);
    if (!unique.has(key)) unique.set(key, isAllowed(policies, request));
    return unique.get(key) as Promise<boolean>;
  };
  const decisions = await Promise.all(checks.map((check) => decide(check.request)));
  const mismatches = checks
    .filter((check, index) => decisions[index] !== check.allow)
    .map((check) =>
      check.allow
        ? `DENIED but expected allowed: ${describeRequest(check.request)}`
        : `ALLOWED but expected denied: ${describeRequest(check.request)}`,
    );
  if (mismatches.length > 0) {
    assert.fail(
      `${mismatches.length} of ${checks.length} requests decided otherwise:\n  ${mismatches.join("\n  ")}`,
    );
  }
}

/** `<action> on <resource>`, then the context and the principal when the request names them. */
function describeRequest(request: Request): string {
  const context = Object.keys(request.context ?? {}).length > 0 ? ` ${JSON.stringify(request.context)}` : "";
  const principal = request.principal === undefined ? "" : ` as ${request.principal}`;
  return `${request.action} on ${request.resource}${context}${principal}`;
}

/** Whether a role's trust policy lets `principal` (a service such as `sagemaker.amazonaws.com`, or an ARN) assume it. */
export async function mayAssume(
  trust: PolicyDocument,
  roleArn: string,
  principal: string,
  context: Record<string, string | string[]> = {},
): Promise<boolean> {
  const simulation: Simulation = {
    request: {
      action: "sts:AssumeRole",
      principal,
      resource: { resource: roleArn, accountId: testContext.accountId },
      contextVariables: context,
    },
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: JSON.parse(JSON.stringify(trust)),
  };
  return (await run(simulation)) === "Allowed";
}

/**
 * A KMS key's default key policy: it lets IAM policies of the key's account grant use of the key
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html). KMS, unlike most
 * services, requires the key policy to allow too, and IAM's evaluation (as simulated) models that.
 */
function defaultKeyPolicy(keyArn: string): unknown {
  const account = keyArn.split(":")[4];
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EnableIAMUserPermissions",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  };
}

async function decide(policies: readonly PolicyDocument[], request: Request): Promise<string> {
  const simulation: Simulation = {
    request: {
      action: request.action,
      principal: request.principal ?? `arn:aws:iam::${testContext.accountId}:role/test-principal`,
      resource: { resource: request.resource, accountId: testContext.accountId },
      contextVariables: request.context ?? {},
    },
    identityPolicies: policies.map((policy, index) => ({
      name: `policy-${index}`,
      policy: JSON.parse(JSON.stringify(policy)),
    })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(request.action.toLowerCase().startsWith("kms:")
      ? { resourcePolicy: defaultKeyPolicy(request.resource) }
      : {}),
  };
  return run(simulation);
}

async function run(simulation: Simulation): Promise<string> {
  const response = await runSimulation(simulation, {});
  if (response.resultType === "error") {
    throw new Error(`the simulator rejected the request: ${JSON.stringify(response.errors)}`);
  }
  return response.overallResult;
}

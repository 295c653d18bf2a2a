/**
 * Evaluates policies the way IAM does, with `@cloud-copilot/iam-simulate` (AGPL: a test-only
 * dependency, never loaded by the program). Tests assert on effective permissions through it.
 */
import { runSimulation, Simulation } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "node:assert";
import { dirname, join } from "node:path";
import { PolicyDocument } from "../../iam";
import { testContext } from "./setup";

/**
 * The simulator works out, for every request, which of the action's resource types the request's
 * ARN is, by intersecting the ARN with every type's pattern: half of the time of the workload tables,
 * which evaluate the same request against many roles and stacks. The answer depends only on the
 * action and the ARN (and the catalog, fixed for a run), so it is remembered per process. The module
 * is the simulator's own (its package exports only its index); if a release moves it, the tests
 * only lose the speed.
 */
function rememberResourceTypes(): void {
  const file = join(
    dirname(require.resolve("@cloud-copilot/iam-simulate")),
    "simulation_engine",
    "resourceTypes.js",
  );
  let module: {
    getResourceTypesForAction?: (service: string, action: string, resource: string) => Promise<unknown>;
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module = require(file);
  } catch {
    return;
  }
  const lookUp = module.getResourceTypesForAction;
  if (typeof lookUp !== "function") return;
  const known = new Map<string, Promise<unknown>>();
  module.getResourceTypesForAction = (service, action, resource) => {
    const key = `${service}\0${action}\0${resource}`;
    let types = known.get(key);
    if (!types) {
      types = lookUp(service, action, resource);
      known.set(key, types);
    }
    return types;
  };
}
rememberResourceTypes();

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

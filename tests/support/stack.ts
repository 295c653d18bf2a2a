/** Builds a stack from a config under the suite's mocks and returns what it registered. */
import * as pulumi from "@pulumi/pulumi";
import { buildStack } from "../../components/stack";
import { parseStackConfig } from "../../components/stack";
import { StackConfigInput } from "../../components/stack";
import { ArnContext, PolicyDocument } from "../../iam";
import { RegisteredResource, registrationsSettled } from "../../offline/mocks";
import { mocks, testContext } from "./setup";

export interface TestStack {
  readonly resources: RegisteredResource[];
  readonly outputs: Record<string, unknown>;
  /** Resources of one type (e.g. `aws:iam/role:Role`). */
  ofType(type: string): RegisteredResource[];
  /** The resource of a type whose IAM `name` input is `name`; fails the test when absent. */
  named(type: string, name: string): RegisteredResource;
  /** Every registered identity policy document attached to a role, by role name. */
  rolePolicies(roleName: string): PolicyDocument[];
  /** Every registered policy document attached to a group (existing groups the stack attaches to). */
  groupPolicies(groupName: string): PolicyDocument[];
  /** A role's trust policy. */
  trustOf(roleName: string): PolicyDocument;
}

/** Config as a user writes it, keyed without the `mlops-iam:` prefix. */
export async function buildTestStack(
  config: StackConfigInput | Record<string, unknown>,
  context: ArnContext = testContext,
): Promise<TestStack> {
  const raw = Object.fromEntries(Object.entries(config).map(([key, value]) => [`mlops-iam:${key}`, value]));
  const parsed = parseStackConfig(raw);
  mocks.reset();
  mocks.context = context;
  let resolved: Record<string, unknown>;
  try {
    resolved = await resolve(buildStack(parsed, context));
    await registrationsSettled();
  } finally {
    mocks.context = testContext;
  }
  const resources = [...mocks.registered];
  const ofType = (type: string) => resources.filter((resource) => resource.type === type);
  const named = (type: string, name: string) => {
    const found = ofType(type).find((resource) => resource.inputs.name === name);
    if (!found) {
      const names = ofType(type).map((resource) => resource.inputs.name);
      throw new Error(`no ${type} named ${name}; registered: ${names.join(", ")}`);
    }
    return found;
  };
  const policyByArn = new Map(
    ofType("aws:iam/policy:Policy").map((policy) => [
      `arn:${context.partition}:iam::${context.accountId}:policy${policy.inputs.path ?? "/"}${policy.inputs.name}`,
      JSON.parse(policy.inputs.policy as string) as PolicyDocument,
    ]),
  );
  return {
    resources,
    outputs: resolved,
    ofType,
    named,
    groupPolicies: (groupName) =>
      ofType("aws:iam/groupPolicyAttachment:GroupPolicyAttachment")
        .filter((attachment) => attachment.inputs.group === groupName)
        .flatMap((attachment) => policyByArn.get(attachment.inputs.policyArn as string) ?? []),
    trustOf: (roleName) => JSON.parse(named("aws:iam/role:Role", roleName).inputs.assumeRolePolicy as string),
    rolePolicies: (roleName) => [
      ...ofType("aws:iam/rolePolicy:RolePolicy")
        .filter((inline) => inline.inputs.role === roleName)
        .map((inline) => JSON.parse(inline.inputs.policy as string) as PolicyDocument),
      ...ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .filter((attachment) => attachment.inputs.role === roleName)
        .flatMap((attachment) => policyByArn.get(attachment.inputs.policyArn as string) ?? []),
    ],
  };
}

const sharedStacks = new Map<string, Promise<TestStack>>();

/**
 * The stack of a config built once per process (with `--parallel`, per worker), for tests that only
 * read what it registered: the dev stack alone is built by five tests. Keyed by the config and the
 * engine's config of the moment (a section may read provider keys such as `databricks:host`). A test
 * that looks at the mocks or the mock engine after building (`mocks.registered`, URNs) builds its own
 * with {@link buildTestStack}.
 */
export function sharedTestStack(config: StackConfigInput | Record<string, unknown>): Promise<TestStack> {
  const key = JSON.stringify([config, pulumi.runtime.allConfig()]);
  let stack = sharedStacks.get(key);
  if (!stack) {
    stack = buildTestStack(config);
    sharedStacks.set(key, stack);
  }
  return stack;
}

/** Resolves nested outputs to plain values. */
export function resolve<T>(value: T): Promise<pulumi.Unwrap<T>> {
  return new Promise((done) => pulumi.output(value).apply((plain) => done(plain as pulumi.Unwrap<T>)));
}

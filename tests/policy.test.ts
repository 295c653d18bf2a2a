import { strict as assert } from "node:assert";
import { ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs } from "@pulumi/policy";
import {
  catalogResourcesAndConditions,
  documentQuotas,
  iamActionsExist,
  inlinePolicyQuotaPerRole,
  noWildcardResource,
  passRoleScoped,
  policies,
  sagemakerTrustConfusedDeputy,
} from "../policy/rules";
import { stackFileConfig } from "./support/config";
import { sharedTestStack } from "./support/stack";

/** The arguments CrossGuard passes a resource rule; the rules read only type, name and props. */
function resourceArgs(type: string, props: Record<string, unknown>, name = "r"): ResourceValidationArgs {
  return {
    type,
    name,
    props,
    urn: `urn:pulumi:test::p::${type}::${name}`,
  } as unknown as ResourceValidationArgs;
}

async function violations(rule: ResourceValidationPolicy, type: string, props: Record<string, unknown>) {
  const found: string[] = [];
  for (const validate of [rule.validateResource ?? []].flat()) {
    await validate(resourceArgs(type, props), (message) => found.push(message));
  }
  return found;
}

const policy = (statements: unknown[]) => ({
  policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
});
const trust = (statements: unknown[]) => ({
  assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
});
const managed = "aws:iam/policy:Policy";

describe("CrossGuard policy pack", () => {
  const cases: [
    string,
    ResourceValidationPolicy,
    string,
    Record<string, unknown>,
    Record<string, unknown>,
    RegExp,
  ][] = [
    [
      "an action missing from the catalog",
      iamActionsExist,
      managed,
      policy([
        {
          Effect: "Allow",
          Action: "ecr:DescribeGitRepositories",
          Resource: "arn:aws:ecr:*:123456789012:repository/*",
        },
      ]),
      policy([
        {
          Effect: "Allow",
          Action: "ecr:DescribeRepositories",
          Resource: "arn:aws:ecr:*:123456789012:repository/*",
        },
      ]),
      /did you mean ecr:DescribeRepositories/,
    ],
    [
      "iam:PassRole on * without iam:PassedToService",
      passRoleScoped,
      "aws:iam/rolePolicy:RolePolicy",
      policy([{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }]),
      policy([
        {
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: "arn:aws:iam::123456789012:role/step",
          Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
        },
      ]),
      /iam:PassRole on \*; name the roles/,
    ],
    [
      '"Resource": "*" for a scopable action',
      noWildcardResource,
      managed,
      policy([{ Effect: "Allow", Action: ["sagemaker-mlflow:*"], Resource: "*" }]),
      policy([{ Effect: "Allow", Action: ["sagemaker-mlflow:AccessUI"], Resource: "*" }]),
      /"Resource": "\*" for actions that support resource-level permissions/,
    ],
    [
      "a resource that fits no resource type of its action",
      catalogResourcesAndConditions,
      managed,
      policy([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket" }]),
      policy([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" }]),
      /no resource fits s3:GetObject/,
    ],
    [
      "SageMaker trust without confused-deputy conditions",
      sagemakerTrustConfusedDeputy,
      "aws:iam/role:Role",
      trust([
        { Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]),
      trust([
        {
          Effect: "Allow",
          Principal: { Service: "sagemaker.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        },
      ]),
      /without an aws:SourceAccount or aws:SourceArn condition/,
    ],
    [
      "a managed policy over 6,144 characters",
      documentQuotas,
      managed,
      policy(
        Array.from({ length: 40 }, (_, i) => ({
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: `arn:aws:s3:::bucket-${i}-${"x".repeat(150)}/*`,
        })),
      ),
      policy([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" }]),
      /policy r is \d+ characters, over IAM's managed-policy quota of 6144/,
    ],
  ];
  for (const [what, rule, type, bad, good, message] of cases) {
    it(`${rule.name} rejects ${what} and passes the fixed resource`, async () => {
      const found = await violations(rule, type, bad);
      assert.ok(
        found.some((text) => message.test(text)),
        `expected ${message}, got ${JSON.stringify(found)}`,
      );
      assert.deepEqual(await violations(rule, type, good), []);
    });
  }

  it("iam-inline-quota-per-role adds up a role's inline policies", async () => {
    const big = policy(
      Array.from({ length: 30 }, (_, i) => ({
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::bucket-${i}-${"x".repeat(150)}/*`,
      })),
    ).policy;
    const stack = (roles: string[]) =>
      ({
        resources: roles.map((role, i) => ({
          type: "aws:iam/rolePolicy:RolePolicy",
          name: `p${i}`,
          props: { role, policy: big },
        })),
      }) as unknown as StackValidationArgs;
    const found: string[] = [];
    await inlinePolicyQuotaPerRole.validateStack(stack(["a", "a"]), (message) => found.push(message));
    assert.equal(found.length, 1);
    assert.match(found[0], /role a: inline policies total \d+ characters, over IAM's quota of 10240/);
    const none: string[] = [];
    await inlinePolicyQuotaPerRole.validateStack(stack(["a", "b"]), (message) => none.push(message));
    assert.deepEqual(none, []);
  });

  it("finds nothing mandatory in the dev stack's registered resources", async () => {
    const config = stackFileConfig();
    const stack = await sharedTestStack(config);
    const iamResources = stack.resources.filter((resource) => resource.type.startsWith("aws:iam/"));
    assert.ok(iamResources.length > 5, "the dev stack registers IAM resources to check");
    const mandatory: string[] = [];
    const checked: string[] = [];
    for (const rule of policies.filter((candidate) => candidate.enforcementLevel === "mandatory")) {
      const report = (message: string) => mandatory.push(`${rule.name}: ${message}`);
      checked.push(rule.name);
      if ("validateResource" in rule) {
        for (const resource of iamResources) {
          for (const validate of [rule.validateResource ?? []].flat()) {
            await validate(resourceArgs(resource.type, resource.inputs, resource.name), report);
          }
        }
      } else if ("validateStack" in rule) {
        const resources = iamResources.map((resource) => ({
          type: resource.type,
          name: resource.name,
          props: resource.inputs,
        }));
        await rule.validateStack({ resources } as unknown as StackValidationArgs, report);
      }
    }
    assert.deepEqual(mandatory, []);
    assert.deepEqual(checked.sort(), [
      "iam-actions-exist",
      "iam-document-quotas",
      "iam-inline-quota-per-role",
      "iam-no-wildcard-resource",
      "iam-passrole-scoped",
    ]);
  });
});

import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { PlanError, PlatformSettings, RolePlan, assertValidPlans } from "../components/shared/plan";
import { createPolicy, createRole } from "../components/shared/resources";
import { allow, defaultQuotas, iamCatalog, policyDocument, trustServices } from "../iam";
import { registrationsSettled } from "../offline/mocks";
import { mocks, testContext } from "./support/setup";
import { resolve } from "./support/stack";

const settings: PlatformSettings = {
  namePrefix: "acme",
  tags: { team: "ml" },
  permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/boundary",
  rolePath: "/ml/",
  protect: true,
  quotas: defaultQuotas,
  arn: testContext,
};

class Holder extends pulumi.ComponentResource {
  constructor(name: string) {
    super("mlops-iam:test:Holder", name);
  }
}

function bigRole(statements: number): RolePlan {
  return {
    key: "holder-role",
    name: "acme-big",
    description: "a role with many statements",
    trust: policyDocument([trustServices("SageMaker", ["sagemaker.amazonaws.com"])]),
    inlinePolicies: {
      extra: policyDocument([
        allow(
          "Logs",
          ["logs:CreateLogGroup"],
          ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/*"],
        ),
      ]),
    },
    managedStatements: Array.from({ length: statements }, (_, i) =>
      allow(`Bucket${i}`, ["s3:GetObject"], [`arn:aws:s3:::bucket-${i}-${"x".repeat(300)}/*`]),
    ),
    awsManagedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"],
    extraTags: { "mlops:pipeline-executor": "true" },
  };
}

describe("shared resources", () => {
  beforeEach(() => mocks.reset());

  it("registers a role with the stack's tags, boundary, path and protection, and packs its policies", async () => {
    const created = createRole(new Holder("holder"), bigRole(30), settings);
    const arn = await resolve(created.arn);
    await registrationsSettled();
    const role = mocks.registered.find((resource) => resource.type === "aws:iam/role:Role");
    assert.ok(role);
    assert.equal(role.inputs.name, "acme-big");
    assert.equal(role.inputs.path, "/ml/");
    assert.equal(role.inputs.permissionsBoundary, settings.permissionsBoundaryArn);
    assert.deepEqual(role.inputs.tags, { team: "ml", "mlops:pipeline-executor": "true" });
    assert.equal(arn, "arn:aws:iam::123456789012:role/ml/acme-big");
    // Resource options are not passed to mocks; the resource object carries them.
    assert.equal((created.role as unknown as { __protect: boolean }).__protect, true);

    const policies = mocks.registered.filter((resource) => resource.type === "aws:iam/policy:Policy");
    assert.deepEqual(
      policies.map((policy) => policy.inputs.name),
      ["acme-big-permissions", "acme-big-permissions-2"],
    );
    const attachments = mocks.registered.filter(
      (resource) => resource.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    );
    assert.deepEqual(attachments.map((attachment) => attachment.name).sort(), [
      "holder-role-AmazonSageMakerFullAccess",
      "holder-role-permissions-1",
      "holder-role-permissions-2",
    ]);
    const inline = mocks.registered.filter((resource) => resource.type === "aws:iam/rolePolicy:RolePolicy");
    assert.deepEqual(
      inline.map((policy) => [policy.inputs.name, policy.inputs.role]),
      [["extra", "acme-big"]],
    );
  });

  it("attaches a stand-alone policy to existing principals under names taken from them", async () => {
    createPolicy(
      new Holder("holder2"),
      {
        key: "holder2-readers",
        name: "acme-readers",
        description: "read",
        statements: [allow("Read", ["s3:GetObject"], ["arn:aws:s3:::b/*"])],
        attachTo: { roles: ["DataAnalyst"], groups: ["ds"], users: ["alice"] },
      },
      settings,
    );
    await registrationsSettled();
    const names = mocks.registered.map((resource) => `${resource.type} ${resource.name}`).sort();
    assert.deepEqual(names, [
      "aws:iam/groupPolicyAttachment:GroupPolicyAttachment holder2-readers-group-ds",
      "aws:iam/policy:Policy holder2-readers",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment holder2-readers-role-DataAnalyst",
      "aws:iam/userPolicyAttachment:UserPolicyAttachment holder2-readers-user-alice",
      "mlops-iam:test:Holder holder2",
    ]);
  });

  it("reports every problem of a plan together, naming the role", () => {
    const plan = bigRole(80);
    const broken: RolePlan = {
      ...plan,
      name: "x".repeat(70),
      inlinePolicies: { bad: policyDocument([allow("Ecr", ["ecr:DescribeGitRepositories"], ["*"])]) },
    };
    assert.throws(
      () =>
        assertValidPlans({ roles: [broken] }, { ...settings, quotas: { ...defaultQuotas } }, iamCatalog()),
      (error: Error) => {
        assert.ok(error instanceof PlanError);
        const text = error.problems.join("\n");
        assert.match(text, /role x{70}: the name is 70 characters, over IAM's 64/);
        assert.match(
          text,
          /ecr:DescribeGitRepositories does not exist; did you mean ecr:DescribeRepositories/,
        );
        return true;
      },
    );
  });

  it("rejects quotas above IAM's maximum, which would pass the plan and fail at pulumi up", () => {
    assert.throws(
      () =>
        assertValidPlans(
          { roles: [bigRole(1)] },
          { ...settings, quotas: { ...defaultQuotas, managedPolicySize: 10240 } },
          iamCatalog(),
        ),
      /settings\.quotas\.managedPolicySize: expected a whole number from 1 to IAM's maximum of 6144, got 10240/,
    );
  });

  it("protects stand-alone policies too when the stack asks for it", async () => {
    const created = createPolicy(
      new Holder("holder3"),
      {
        key: "holder3-readers",
        name: "acme-readers",
        description: "read",
        statements: [allow("Read", ["s3:GetObject"], ["arn:aws:s3:::b/*"])],
        attachTo: { roles: [], groups: [], users: [] },
      },
      settings,
    );
    await registrationsSettled();
    // Resource options are not passed to mocks; the resource object carries them.
    assert.deepEqual(
      created.policies.map((policy) => (policy as unknown as { __protect: boolean }).__protect),
      [true],
    );
  });

  it("rejects a role whose packed policies exceed the attachment quota", () => {
    assert.throws(
      () => assertValidPlans({ roles: [bigRole(200)] }, settings, iamCatalog()),
      /role acme-big: \d+ managed policies attached, over the quota of 10/,
    );
    assertValidPlans({ roles: [bigRole(30)] }, settings, iamCatalog());
  });
});

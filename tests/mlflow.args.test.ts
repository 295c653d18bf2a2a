import { strict as assert } from "node:assert";
import {
  MlflowAccessPolicy,
  MlflowAccessPolicyArgs,
  MlflowDomainRoleActivities,
  MlflowDomainRoleActivitiesArgs,
  planAccessPolicy,
  planDomainRoleActivities,
} from "../components/mlflow";
import { PlanError, PlatformSettings } from "../components/shared/plan";
import { defaultQuotas, iamCatalog } from "../iam";
import { registrationsSettled } from "../offline/mocks";
import { mocks, testContext } from "./support/setup";
import { resolve } from "./support/stack";

const settings: PlatformSettings = {
  namePrefix: "acme",
  tags: {},
  rolePath: "/",
  protect: false,
  quotas: defaultQuotas,
  arn: testContext,
};

const accessArgs: MlflowAccessPolicyArgs = {
  settings,
  policyName: "readers",
  level: "read",
  trackingServers: ["mlflow-dev"],
  attachTo: { roles: ["DataAnalyst"], groups: [], users: [] },
};

const domainArgs: MlflowDomainRoleActivitiesArgs = {
  settings,
  roles: [{ name: "Exec", path: "/service-role/", activities: ["useMlflow", "awsServices"] }],
  trackingServers: ["mlflow-dev"],
  artifactStores: ["acme-artifacts"],
};

/** Asserts `build` throws a PlanError with exactly one problem matching `message`, registering nothing. */
async function assertRejectsArgs(build: () => unknown, message: RegExp): Promise<void> {
  mocks.reset();
  assert.throws(build, (error: Error) => {
    assert.ok(error instanceof PlanError, `expected a PlanError, got ${error}`);
    assert.equal(error.problems.length, 1, error.message);
    assert.match(error.problems[0], message);
    return true;
  });
  await registrationsSettled();
  assert.deepEqual(mocks.registered, [], "nothing registered, not even the component");
}

describe("mlflow: component args from other languages", () => {
  it("rejects an access level that is not one, naming level, the allowed values and the value given", async () => {
    const args = { ...accessArgs, level: "reader" };
    const message = /^mlflow-access-x: level: expected one of read, write, admin, got "reader"$/;
    await assertRejectsArgs(() => new MlflowAccessPolicy("mlflow-access-x", args), message);
    assert.throws(() => planAccessPolicy("mlflow-access-x", args, iamCatalog()), PlanError);
  });

  it("rejects a domain-role activity that is not one, naming the role's activities argument", async () => {
    const args = {
      ...domainArgs,
      roles: [...domainArgs.roles, { name: "Legacy", path: "/", activities: ["useMlflow", "useMLflow"] }],
    };
    const message =
      /^mlflow-domain-x: roles\[1\]\.activities\[1\]: expected one of useMlflow, manageTrackingServers, awsServices, got "useMLflow"$/;
    await assertRejectsArgs(() => new MlflowDomainRoleActivities("mlflow-domain-x", args), message);
    assert.throws(() => planDomainRoleActivities("mlflow-domain-x", args, iamCatalog()), PlanError);
  });

  it("accepts the allowed values as plain strings", async () => {
    mocks.reset();
    const policy = new MlflowAccessPolicy("mlflow-access-ok", accessArgs);
    const activities = new MlflowDomainRoleActivities("mlflow-domain-ok", domainArgs);
    assert.deepEqual(await resolve(policy.policyArns), [
      "arn:aws:iam::123456789012:policy/acme-mlflow-access-readers",
    ]);
    assert.deepEqual(Object.keys(await resolve(activities.policyArns)).sort(), ["aws-services", "use"]);
    // The same check that finds nothing registered above does see these components.
    await registrationsSettled();
    const components = mocks.registered.filter((resource) => resource.type.startsWith("mlops-iam:index:"));
    assert.deepEqual(components.map((resource) => resource.name).sort(), [
      "mlflow-access-ok",
      "mlflow-domain-ok",
    ]);
    mocks.reset();
  });
});

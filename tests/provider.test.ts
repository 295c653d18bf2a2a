import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { MlflowAccessPolicy, MlflowAccessPolicyArgs } from "../components/mlflow/accessPolicies";
import { registrationsSettled } from "../offline/mocks";
import { components } from "../provider";
import { mocks } from "./support/setup";
import { memoizedPackageSchema } from "./support/schema";

interface ResourceSpec {
  isComponent: boolean;
  inputProperties: Record<string, { plain?: boolean; description?: string }>;
  requiredInputs?: string[];
  properties: Record<string, unknown>;
}

describe("multi-language component package", function () {
  // The analyzer builds a TypeScript program of the components: seconds, unless the schema's snapshot
  // is up to date (tests/support/schema.ts).
  this.timeout(60000);
  let resources: Record<string, ResourceSpec>;
  let types: Record<string, unknown>;

  before(async () => {
    const schema = (await memoizedPackageSchema(
      components.map((component) => component.name),
    )) as unknown as {
      resources: Record<string, ResourceSpec>;
      types: Record<string, unknown>;
    };
    resources = schema.resources;
    types = schema.types;
  });

  it("declares the Node.js runtime for `pulumi package add`", () => {
    const plugin = parse(readFileSync(join(__dirname, "..", "provider", "PulumiPlugin.yaml"), "utf8"));
    assert.equal(plugin.runtime, "nodejs");
  });

  it("lists every exported component under mlops-iam:index:<Name>", () => {
    assert.equal(components.length, 13);
    assert.deepEqual(
      Object.keys(resources).sort(),
      components.map((component) => `mlops-iam:index:${component.name}`).sort(),
    );
    for (const [token, spec] of Object.entries(resources)) {
      assert.equal(spec.isComponent, true, token);
      assert.ok(Object.keys(spec.inputProperties).length > 0, `${token} has inputs`);
      assert.ok(Object.keys(spec.properties).length > 0, `${token} has outputs`);
      for (const [input, property] of Object.entries(spec.inputProperties)) {
        assert.ok(property.description, `${token}.${input} has a description (TSDoc)`);
      }
      for (const [output, property] of Object.entries(spec.properties)) {
        assert.ok(
          (property as { description?: string }).description,
          `${token}.${output} has a description (TSDoc)`,
        );
      }
    }
  });

  it("gives each component the inputs and outputs a user sets and reads", () => {
    const expected: Record<string, { inputs: string[]; required: string[]; outputs: string[] }> = {
      MlflowAccessPolicy: {
        inputs: [
          "actions",
          "artifactAccess",
          "artifactKmsKeyArn",
          "artifactStores",
          "attachTo",
          "level",
          "policyName",
          "presignedUrls",
          "settings",
          "trackingServers",
        ],
        required: ["policyName", "settings", "trackingServers"],
        outputs: ["policyArns"],
      },
      DatabricksWorkspacePassRole: {
        inputs: ["settings", "workspaceRoleName"],
        required: ["settings", "workspaceRoleName"],
        outputs: ["policyArns"],
      },
      DatabricksDeploymentRole: {
        inputs: [
          "appNamePrefix",
          "regions",
          "repositoryName",
          "sagemakerAccess",
          "servingRoleArn",
          "settings",
          "transformJobs",
        ],
        required: ["settings"],
        outputs: ["awsManagedPolicyArns", "instanceProfileArn", "policyArns", "roleArn", "roleName"],
      },
    };
    for (const [name, want] of Object.entries(expected)) {
      const spec = resources[`mlops-iam:index:${name}`];
      assert.deepEqual(Object.keys(spec.inputProperties).sort(), want.inputs, `${name} inputs`);
      assert.deepEqual([...(spec.requiredInputs ?? [])].sort(), want.required, `${name} required inputs`);
      assert.deepEqual(Object.keys(spec.properties).sort(), want.outputs, `${name} outputs`);
    }
  });

  it("takes enumerated arguments (step types, access levels) as plain strings, checked by the component", () => {
    const input = (component: string, name: string) =>
      resources[`mlops-iam:index:${component}`].inputProperties[name] as {
        type?: string;
        items?: { type: string };
      };
    for (const [component, name] of [
      ["PipelineExecutionRole", "stepTypes"],
      ["PipelineExecutionRole", "stepRoleTypes"],
      ["PipelineTeamPolicy", "stepTypes"],
    ]) {
      assert.equal(input(component, name).items?.type, "string", `${component}.${name}`);
    }
    assert.equal(input("PipelineStepRole", "stepType").type, "string");
    assert.equal(input("MlflowAccessPolicy", "level").type, "string");
    assert.equal(input("DatabricksDeploymentRole", "sagemakerAccess").type, "string");
    const domainRole = types["mlops-iam:index:MlflowDomainRole"] as {
      properties: Record<string, { description?: string }>;
    };
    const { description, ...activities } = domainRole.properties.activities;
    assert.ok(description, "MlflowDomainRole.activities has a description (TSDoc)");
    assert.deepEqual(activities, { type: "array", items: { type: "string", plain: true }, plain: true });
  });

  it("takes plain values, since lists and names decide which resources exist", () => {
    for (const [token, spec] of Object.entries(resources)) {
      if (token.endsWith("DatabricksInstanceProfileRegistration")) continue; // takes outputs (host, token, ARN)
      for (const [input, property] of Object.entries(spec.inputProperties)) {
        assert.equal(property.plain, true, `${token}.${input} is plain`);
      }
    }
  });

  it("describes the shared settings as a type other languages can build", () => {
    for (const type of ["PlatformSettings", "QuotaSettings", "ArnContext", "Attachments"]) {
      assert.ok(types[`mlops-iam:index:${type}`], `type ${type} is in the schema`);
    }
    // Quotas and attachment lists default, so a YAML or Python user spells out only what differs.
    const required = (type: string) =>
      (types[`mlops-iam:index:${type}`] as { required?: string[] }).required ?? [];
    assert.ok(!required("PlatformSettings").includes("quotas"), "settings.quotas is optional");
    assert.deepEqual(required("QuotaSettings"), []);
    assert.deepEqual(required("Attachments"), []);
  });

  it("accepts the YAML example of docs/other-languages.md as written, and the component deploys from it", async () => {
    const page = readFileSync(join(__dirname, "..", "docs", "other-languages.md"), "utf8");
    const block = /```yaml\n(name: analytics[\s\S]*?)```/.exec(page)?.[1];
    assert.ok(block, "docs/other-languages.md has the YAML program example");
    const program = parse(block) as {
      resources: Record<string, { type: string; properties: Record<string, unknown> }>;
    };
    const { type, properties } = program.resources.readers;
    const spec = resources[type];
    assert.ok(spec, `${type} is a component of the package`);
    for (const input of Object.keys(properties))
      assert.ok(input in spec.inputProperties, `${type} takes ${input}`);
    for (const input of spec.requiredInputs ?? [])
      assert.ok(input in properties, `the example sets ${input}`);
    const settingsType = types["mlops-iam:index:PlatformSettings"] as {
      properties: Record<string, unknown>;
      required: string[];
    };
    const given = Object.keys(properties.settings as object);
    for (const key of settingsType.required)
      assert.ok(given.includes(key), `the example sets settings.${key}`);
    for (const key of given) assert.ok(key in settingsType.properties, `settings.${key} is a setting`);

    // What the package's construct does with these inputs: the component, from plain values.
    mocks.reset();
    new MlflowAccessPolicy("docs-readers", properties as unknown as MlflowAccessPolicyArgs);
    await registrationsSettled();
    const policy = mocks.registered.find((resource) => resource.type === "aws:iam/policy:Policy");
    assert.equal(policy?.inputs.name, "analytics-prod-mlflow-access-readers");
  });
});

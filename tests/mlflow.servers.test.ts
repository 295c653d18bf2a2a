/** Tracking servers the stack creates: the server, its role's policies first, and the config checks. */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { runPlan } from "../offline/plan";
import { mocks } from "./support/setup";
import { MlflowConfigInput } from "../components/mlflow/config";
import { configProblems } from "./support/config";
import { assertDecisions, request } from "./support/evaluate";
import { buildTestStack, TestStack } from "./support/stack";

const serverType = "aws:sagemaker/mlflowTrackingServer:MlflowTrackingServer";
const mlflow: MlflowConfigInput = {
  trackingServers: [
    "mlflow-legacy",
    {
      name: "mlflow-team",
      create: true,
      artifactStore: "s3://acme-mlflow-artifacts-dev/team-a",
      size: "Medium",
      mlflowVersion: "3.0",
      weeklyMaintenanceWindowStart: "Tue:03:30",
    },
  ],
  artifactBuckets: ["acme-mlflow-artifacts-dev"],
};

describe("mlflow: tracking servers created by the stack", () => {
  let stack: TestStack;
  before(async () => {
    stack = await buildTestStack({
      namePrefix: "acme-dev",
      rolePath: "/ml-platform/",
      tags: { team: "ml-platform" },
      mlflow,
    });
  });

  it("creates the server with its store, size, version, window and tags, running as the tracking-server role", () => {
    const servers = stack.ofType(serverType);
    assert.deepEqual(
      servers.map((server) => server.name),
      ["mlflow-server-mlflow-team"],
      "only the server marked create",
    );
    const { inputs } = servers[0];
    assert.equal(inputs.trackingServerName, "mlflow-team");
    assert.equal(inputs.artifactStoreUri, "s3://acme-mlflow-artifacts-dev/team-a");
    assert.equal(inputs.roleArn, "arn:aws:iam::123456789012:role/ml-platform/acme-dev-mlflow-tracking");
    assert.equal(inputs.trackingServerSize, "Medium");
    assert.equal(inputs.mlflowVersion, "3.0");
    assert.equal(inputs.automaticModelRegistration, true, "follows modelRegistrySync");
    assert.equal(inputs.weeklyMaintenanceWindowStart, "Tue:03:30");
    assert.deepEqual(inputs.tags, { team: "ml-platform" });
  });

  it("registers the server only after every policy of its role is attached", () => {
    const order = stack.resources.map((resource) => `${resource.type} ${resource.name}`);
    const server = order.indexOf(`${serverType} mlflow-server-mlflow-team`);
    const attachments = order.filter(
      (entry) => entry.includes("RolePolicyAttachment") && entry.includes("mlflow-tracking-server-role-"),
    );
    assert.ok(attachments.length > 0, "the role has attachments");
    for (const attachment of attachments) {
      assert.ok(order.indexOf(attachment) < server, `${attachment} before the server`);
    }
  });

  it("outputs each server's tracking URI and artifact store, and a create command only for the others", () => {
    const outputs = stack.outputs.mlflow as {
      trackingServers: Record<string, { trackingUri: string; artifactStores: string[] }>;
      createTrackingServerCommands: Record<string, string>;
    };
    assert.deepEqual(outputs.trackingServers["mlflow-team"].artifactStores, [
      "s3://acme-mlflow-artifacts-dev/team-a",
    ]);
    assert.match(outputs.trackingServers["mlflow-team"].trackingUri, /:mlflow-tracking-server\/mlflow-team$/);
    assert.equal(
      outputs.trackingServers["mlflow-legacy"].trackingUri,
      "arn:aws:sagemaker:us-east-1:123456789012:mlflow-tracking-server/mlflow-legacy",
    );
    assert.deepEqual(Object.keys(outputs.createTrackingServerCommands), ["mlflow-legacy"]);
    assert.match(
      outputs.createTrackingServerCommands["mlflow-legacy"],
      /--artifact-store-uri s3:\/\/acme-mlflow-artifacts-dev /,
    );
  });

  it("rejects bad server settings together, each naming its key, what was expected and what was given", () => {
    const problems = configProblems({
      namePrefix: "acme-dev",
      mlflow: {
        trackingServers: [
          "x".repeat(257),
          {
            name: "mlflow-team",
            create: true,
            artifactStore: "s3://Acme_Bucket//team",
            size: "Huge",
            mlflowVersion: "latest",
            weeklyMaintenanceWindowStart: "TUE:3:30",
          },
          { name: "mlflow-typo", creat: true },
        ],
        artifactBuckets: ["acme-mlflow-artifacts-dev"],
      },
    });
    const key = "mlops-iam:mlflow.trackingServers";
    for (const expected of [
      new RegExp(`^${key}\\[0\\]: expected a tracking-server name: 1-256 letters.*, got "x+\\.\\.\\.$`),
      new RegExp(
        `^${key}\\[1\\]\\.artifactStore: expected an S3 bucket name of only lower-case letters.*, got "s3://Acme_Bucket//team"$`,
      ),
      new RegExp(`^${key}\\[1\\]\\.artifactStore: expected a key prefix of letters, digits`),
      new RegExp(`^${key}\\[1\\]\\.size: expected one of Small, Medium, Large, got "Huge"$`),
      new RegExp(
        `^${key}\\[1\\]\\.mlflowVersion: expected an MLflow version such as 3\\.0 or 2\\.16\\.2, got "latest"$`,
      ),
      new RegExp(
        `^${key}\\[1\\]\\.weeklyMaintenanceWindowStart: expected a weekly maintenance start in UTC.*, got "TUE:3:30"$`,
      ),
      new RegExp(`^${key}\\[2\\]\\.creat: unknown key .*; did you mean create\\?$`),
    ]) {
      assert.ok(
        problems.some((problem) => expected.test(problem)),
        `${expected} among:\n${problems.join("\n")}`,
      );
    }
  });

  it("rejects a created server whose role is disabled, and a KMS key of another region", async () => {
    const problems = configProblems({
      namePrefix: "acme-dev",
      mlflow: {
        trackingServers: [
          { name: "mlflow-team", create: true, artifactStore: "s3://acme-mlflow-artifacts-dev" },
        ],
        trackingServerRole: { enabled: false },
        serviceRole: { enabled: false },
      },
    });
    assert.deepEqual(problems, [
      "mlops-iam:mlflow.trackingServers[0].create: expected false while trackingServerRole.enabled is false: a created server runs as the tracking-server role, got true",
    ]);
    await assert.rejects(
      buildTestStack({
        namePrefix: "acme-dev",
        mlflow: {
          ...mlflow,
          artifactKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        },
      }),
      /mlops-iam:mlflow\.artifactKmsKeyArn: expected a key of the stack's partition aws and region us-east-1/,
    );
  });

  it("plans a stack file with a created server offline, showing the server and its outputs", async () => {
    const directory = mkdtempSync(join(tmpdir(), "mlops-iam-servers-"));
    const config = {
      "aws:region": "us-east-1",
      "aws:allowedAccountIds": ["123456789012"],
      "mlops-iam:namePrefix": "acme-dev",
      "mlops-iam:mlflow": mlflow,
    };
    writeFileSync(join(directory, "Pulumi.servers.yaml"), stringify({ config }));
    try {
      const { report } = await runPlan({ stack: "servers", directory });
      assert.match(report, /aws:sagemaker\/mlflowTrackingServer:MlflowTrackingServer/);
      const planned = JSON.parse(readFileSync(join(directory, "plan", "servers", "stack.json"), "utf8"));
      assert.deepEqual(planned.outputs.mlflow.trackingServers["mlflow-team"], {
        trackingUri: "arn:aws:sagemaker:us-east-1:123456789012:mlflow-tracking-server/mlflow-team",
        artifactStores: ["s3://acme-mlflow-artifacts-dev/team-a"],
      });
    } finally {
      // runPlan installs mocks of its own; give the rest of the suite its mocks back.
      await pulumi.runtime.setMocks(mocks, "mlops-iam", "test", false);
    }
  });
});

describe("mlflow: MLflow Apps created by the stack", () => {
  const appType = "aws:sagemaker/mlflowApp:MlflowApp";
  const anyApp = (id: string) => `arn:aws:sagemaker:us-east-1:123456789012:mlflow-app/${id}`;
  const tagged = (name: string) => ({ "aws:ResourceTag/mlops-iam:mlflow-app": name });
  let stack: TestStack;
  before(async () => {
    stack = await buildTestStack({
      namePrefix: "acme-dev",
      rolePath: "/ml-platform/",
      mlflow: {
        trackingServers: ["mlflow-dev"],
        artifactBuckets: ["acme-mlflow-artifacts-dev"],
        apps: {
          create: [
            {
              name: "team-app",
              artifactStore: "s3://acme-mlflow-apps-dev/team",
              weeklyMaintenanceWindowStart: "Sun:03:00",
            },
          ],
          attachToRoles: ["AppUser"],
        },
      },
    });
  });

  it("creates the app, tagged, running as the tracking-server role after its policies", () => {
    const [app] = stack.ofType(appType);
    assert.equal(app.name, "mlflow-app-team-app");
    assert.equal(app.inputs.artifactStoreUri, "s3://acme-mlflow-apps-dev/team");
    assert.equal(app.inputs.roleArn, "arn:aws:iam::123456789012:role/ml-platform/acme-dev-mlflow-tracking");
    assert.equal(app.inputs.modelRegistrationMode, "AutoModelRegistrationDisabled");
    assert.deepEqual(app.inputs.tags, { "mlops-iam:mlflow-app": "team-app" });
    const order = stack.resources.map((resource) => resource.name);
    const lastAttachment = Math.max(
      ...order.map((name, index) =>
        name.startsWith("mlflow-tracking-server-role-permissions") ? index : -1,
      ),
    );
    assert.ok(lastAttachment >= 0 && lastAttachment < order.indexOf("mlflow-app-team-app"));
  });

  it("lets its users call the app by its tag, before its id exists, and its store; no other app", async () => {
    await assertDecisions(stack.rolePolicies("AppUser"), {
      allowed: [
        request("sagemaker:CallMlflowAppApi", anyApp("app-assigned-later"), tagged("team-app")),
        request("sagemaker:CreatePresignedMlflowAppUrl", anyApp("app-assigned-later"), tagged("team-app")),
        request("s3:PutObject", "arn:aws:s3:::acme-mlflow-apps-dev/team/7/run/artifacts/model.pkl"),
      ],
      denied: [
        request("sagemaker:CallMlflowAppApi", anyApp("app-other"), tagged("other-app")),
        request("sagemaker:CallMlflowAppApi", anyApp("app-other")),
        request("s3:PutObject", "arn:aws:s3:::acme-mlflow-apps-dev/other/model.pkl"),
      ],
    });
    const outputs = stack.outputs.mlflow as { apps: Record<string, { trackingUri: string }> };
    assert.match(outputs.apps["team-app"].trackingUri, /:mlflow-app\//);
  });

  it("asks for the app's id before registry sync, whose groups are named after it", () => {
    const problems = configProblems({
      namePrefix: "acme-dev",
      mlflow: {
        trackingServers: ["mlflow-dev"],
        artifactBuckets: ["acme-mlflow-artifacts-dev"],
        apps: {
          create: [{ name: "team-app", artifactStore: "s3://acme-mlflow-apps-dev", modelRegistration: true }],
        },
      },
    });
    assert.deepEqual(problems, [
      "mlops-iam:mlflow.apps.create[0].modelRegistration: expected false until id is set: registry sync names its groups after the app's id, which SageMaker assigns on creation, got true",
    ]);
  });
});

describe("mlflow: options of a disabled role", () => {
  it("are errors rather than silently ignored", () => {
    const problems = configProblems({
      namePrefix: "acme-dev",
      mlflow: {
        trackingServers: ["mlflow-dev"],
        trackingServerRole: { enabled: false, trustSourceAccountOnly: true },
        serviceRole: { enabled: false, trustedPrincipals: ["arn:aws:iam::123456789012:role/admin"] },
      },
    });
    assert.deepEqual(problems, [
      "mlops-iam:mlflow.trackingServerRole.trustSourceAccountOnly: expected false while trackingServerRole.enabled is false (it conditions that role's trust), got true",
      'mlops-iam:mlflow.serviceRole.trustedPrincipals: expected none while serviceRole.enabled is false (they may assume that role), got ["arn:aws:iam::123456789012:role/admin"]',
    ]);
  });
});

import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { planStack, readStack, parseStackConfig } from "../components/stack";
import { platformSettings } from "../components/settings";
import { PolicyPlan, noAttachments, planProblems } from "../components/shared/plan";
import { ConfigError } from "../config/read";
import { ArnContext, allow, defaultQuotas, iamCatalog, servicePrincipals } from "../iam";
import { readStackFile, runPlan } from "../offline/plan";
import { stackFileConfig } from "./support/config";
import { mocks, testContext } from "./support/setup";

/** The problems of a raw config, read in one pass against the test context. */
async function onePass(raw: Record<string, unknown>, context: () => ArnContext = () => testContext) {
  try {
    await readStack(raw, { arnContext: context, warn: () => {} });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail("config was accepted");
}

const servers = { trackingServers: ["mlflow-dev"], artifactBuckets: ["acme-mlflow-artifacts-dev"] };

describe("stack config: one pass", () => {
  it("reports a provider key, a schema problem and a catalog problem of another section together", async () => {
    const problems = await onePass({
      "mlops-iam:namePrefix": "acme-dev",
      "aws:allowedAcountIds": '["123456789012"]',
      "mlops-iam:mlflow": {
        ...servers,
        accessPolicies: [{ name: "x", actions: ["sagemaker-mlflow:LogMetrik"], attachToRoles: ["Analyst"] }],
      },
      "mlops-iam:databricks": { workspaceRoleName: "ws", sagemakerAccess: "partial" },
    });
    assert.deepEqual(problems, [
      "aws:allowedAcountIds: expected a key the aws provider reads, got allowedAcountIds; did you mean aws:allowedAccountIds?",
      'mlops-iam:databricks.sagemakerAccess: expected one of full, deploy-only, got "partial"',
      'mlops-iam:mlflow.accessPolicies[0].actions[0]: expected a sagemaker-mlflow action that exists, got "sagemaker-mlflow:LogMetrik"; did you mean sagemaker-mlflow:LogMetric?',
    ]);
  });

  it("offline: a misspelt aws:region with did-you-mean, the missing region and a schema problem at once", async () => {
    const directory = mkdtempSync(join(tmpdir(), "mlops-iam-pass-"));
    writeFileSync(
      join(directory, "Pulumi.pass.yaml"),
      "config:\n  aws:regoin: eu-west-1\n  mlops-iam:namePrefix: acme\n  mlops-iam:rolePath: ml\n",
    );
    await assert.rejects(runPlan({ stack: "pass", directory }), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, [
        "aws:regoin: expected a key the aws provider reads, got regoin; did you mean aws:region?",
        'mlops-iam:rolePath: expected a path that starts and ends with /, e.g. /ml-platform/, got "ml"',
        "aws:region: expected the stack's region (or --region), got nothing",
      ]);
      return true;
    });
  });

  it("plans the sections that parsed even when the settings of another key fail", async () => {
    const problems = await onePass({
      "mlops-iam:namePrefix": "acme-dev",
      "mlops-iam:colour": "blue",
      "mlops-iam:mlflow": { ...servers, accessPolicies: [{ name: "x", actions: ["sagemaker-mlflow:Nope"] }] },
    });
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.match(problems[0], /^mlops-iam:colour: unknown key/);
    assert.match(
      problems[1],
      /^mlops-iam:mlflow\.accessPolicies\[0\]\.actions\[0\]: expected a sagemaker-mlflow action/,
    );
  });

  it("accepts the dev stack as the offline plan reads it, with its own region and account", async () => {
    const raw = readStackFile(join(__dirname, ".."), "dev");
    const { config, arn } = await readStack(raw, { arnContext: () => testContext, warn: assert.fail });
    assert.equal(config.namePrefix, "acme-dev");
    assert.equal(arn, testContext);
  });
});

describe("stack config: Pulumi's reading of stack files", () => {
  function stackFile(text: string): Record<string, unknown> {
    const directory = mkdtempSync(join(tmpdir(), "mlops-iam-secure-"));
    writeFileSync(join(directory, "Pulumi.s.yaml"), text);
    return readStackFile(directory, "s");
  }

  it("refuses a secret where no key is secret, naming the key, and lets providers have theirs", () => {
    const raw = stackFile(
      "config:\n  namePrefix:\n    secure: v1:abc\n  mlops-iam:tags:\n    team:\n      secure: v1:def\n" +
        "  aws:secretKey:\n    secure: v1:ghi\n",
    );
    assert.throws(
      () => parseStackConfig(raw),
      (error: ConfigError) => {
        const because =
          "expected a plain value (no mlops-iam key is a secret: each ends up in IAM names, ARNs, tags or policy documents, which are not secret), got a secret";
        assert.deepEqual(error.problems, [
          `mlops-iam:namePrefix: ${because}`,
          `mlops-iam:tags.team: ${because}`,
        ]);
        return true;
      },
    );
  });

  it("refuses a key the engine passes as secret (pulumi config set --secret)", () => {
    const raw = { "mlops-iam:namePrefix": "acme", "mlops-iam:rolePath": "/x/" };
    assert.throws(
      () => parseStackConfig(raw, { isSecret: (key) => key === "mlops-iam:rolePath" }),
      /mlops-iam:rolePath: expected a plain value \(no mlops-iam key is a secret/,
    );
  });
});

describe("stack config: options that only matter together", () => {
  const withMlflow = (mlflow: Record<string, unknown>) => ({
    "mlops-iam:namePrefix": "acme",
    "mlops-iam:mlflow": { ...servers, ...mlflow },
  });

  it("refuses manageTrackingServers on a disabled service role", () => {
    assert.throws(
      () =>
        parseStackConfig(
          withMlflow({
            serviceRole: { enabled: false, manageTrackingServers: true },
            trackingServerRole: { enabled: true },
          }),
        ),
      (error: ConfigError) =>
        error.problems.includes(
          "mlops-iam:mlflow.serviceRole.manageTrackingServers: expected no value while serviceRole.enabled is false (it is what the service role may do with the servers), got true",
        ),
    );
  });

  it("refuses ecrRepository.name where it names nothing (create: false with full access)", () => {
    assert.throws(
      () =>
        parseStackConfig({
          "mlops-iam:namePrefix": "acme",
          "mlops-iam:databricks": {
            workspaceRoleName: "ws",
            ecrRepository: { create: false, name: "images" },
          },
        }),
      (error: ConfigError) =>
        error.problems.includes(
          'mlops-iam:databricks.ecrRepository.name: expected no name with create: false and sagemakerAccess: full (the stack neither creates the repository nor grants pulls from it), got "images"',
        ),
    );
    // deploy-only grants pulls from the named repository, created here or not.
    const config = parseStackConfig({
      "mlops-iam:namePrefix": "acme",
      "mlops-iam:databricks": {
        workspaceRoleName: "ws",
        sagemakerAccess: "deploy-only",
        ecrRepository: { create: false, name: "images" },
      },
    });
    assert.equal(config.databricks?.ecrRepository.name, "images");
  });
});

describe("IAM's rules before pulumi up", () => {
  const settings = platformSettings(parseStackConfig({ "mlops-iam:namePrefix": "acme" }), testContext);
  const policy = (name: string, attachTo: Partial<PolicyPlan["attachTo"]> = {}): PolicyPlan => ({
    key: name,
    name,
    description: "d",
    statements: [allow("S3", ["s3:GetObject"], ["arn:aws:s3:::b/*"])],
    attachTo: { ...noAttachments, ...attachTo },
  });

  it("keeps the access and apps policies' descriptions the same however many servers and apps, within IAM's 1,000", () => {
    // Planned, not registered: the plan's description is what registration passes to IAM.
    const description = (count: number) => {
      const names = Array.from({ length: count }, (_, i) => `mlflow-${i}`);
      const config = parseStackConfig({
        "mlops-iam:namePrefix": "acme",
        "mlops-iam:mlflow": {
          trackingServers: names,
          artifactBuckets: ["acme-artifacts"],
          apps: { ids: names.map((_, i) => `app-${i}`), attachToGroups: ["ds"] },
          accessPolicies: [{ name: "readers", level: "read", attachToRoles: ["Analyst"] }],
        },
      });
      const policies = planStack(config, testContext).plan.mlflow?.policies ?? [];
      return ["acme-mlflow-access-readers", "acme-mlflow-apps"].map(
        (name) => policies.find((policy) => policy.name === name)?.description,
      );
    };
    const [one, sixty] = [description(1), description(60)];
    assert.deepEqual(sixty, one);
    assert.ok(sixty.every((text) => text !== undefined && text.length <= 1000));
  });

  it("keeps a team policy's description the same whatever step types the team runs", () => {
    const description = (stepTypes: string[]) => {
      const config = parseStackConfig({
        "mlops-iam:namePrefix": "acme",
        "mlops-iam:pipelines": {
          stepTypes: ["training", "processing", "transform"],
          jobPrefix: "churn",
          teams: [{ name: "fraud", prefix: "fraud", stepTypes, attachToRoles: ["FraudDS"] }],
        },
      });
      return planStack(config, testContext).plan.pipelines?.policies.find(
        (policy) => policy.name === "acme-pipelines-team-fraud",
      )?.description;
    };
    assert.equal(description(["training"]), "SageMaker jobs named fraud-* for team fraud");
    assert.equal(description(["training", "processing", "transform"]), description(["training"]));
  });

  it("refuses a description over IAM's 1,000 characters", () => {
    const problems = planProblems(
      { policies: [{ ...policy("p"), description: "x".repeat(1001) }] },
      settings,
      iamCatalog(),
    );
    assert.deepEqual(problems, ["policy p: the description is 1001 characters, over IAM's 1000"]);
  });

  it("counts the stack's policies on an existing principal with those it holds, against its quota", () => {
    const policies = Array.from({ length: 8 }, (_, i) =>
      policy(`p${i}`, { roles: ["Analyst"], groups: ["ds"] }),
    );
    assert.deepEqual(planProblems({ policies }, settings, iamCatalog()), []);
    const holding = { ...settings, quotas: { ...defaultQuotas, alreadyAttached: 3 } };
    assert.deepEqual(planProblems({ policies }, holding, iamCatalog()), [
      "existing role Analyst: 8 managed policies of this stack (p0, p1, p2, p3, p4, p5, p6, p7) and 3 it already has (mlops-iam:quotas.alreadyAttached) are 11, over the quota of 10 (raise mlops-iam:quotas.managedPoliciesPerRole if your account's quota is higher)",
      "existing group ds: 8 managed policies of this stack (p0, p1, p2, p3, p4, p5, p6, p7) and 3 it already has (mlops-iam:quotas.alreadyAttached) are 11, over the quota of 10",
    ]);
  });

  it("counts the stack's customer-managed policies against the account's quota", () => {
    const quotas = { ...defaultQuotas, customerManagedPolicies: 2 };
    const policies = [policy("a"), policy("b"), policy("c")];
    assert.deepEqual(planProblems({ policies }, { ...settings, quotas }, iamCatalog()), [
      "the account: this stack's 3 customer-managed policies are over the quota of 2",
    ]);
  });
});

describe("partitions: service principals", () => {
  it("trusts and passes roles to <service>.amazonaws.com in China too (aws-cn)", () => {
    const china: ArnContext = { partition: "aws-cn", region: "cn-north-1", accountId: "123456789012" };
    const config = parseStackConfig(
      Object.fromEntries(
        Object.entries(stackFileConfig("dev")).map(([key, value]) => [`mlops-iam:${key}`, value]),
      ),
    );
    const planned = planStack(
      { ...config, databricks: config.databricks && { ...config.databricks, regions: ["cn-north-1"] } },
      china,
    );
    const text = JSON.stringify(planned.plan);
    const services = new Set(
      [...text.matchAll(/"(?:Service|iam:PassedToService)":(\[[^\]]*\]|"[^"]*")/g)].flatMap(
        ([, value]) => [JSON.parse(value)].flat() as string[],
      ),
    );
    assert.deepEqual([...services].sort(), [servicePrincipals.ec2, servicePrincipals.sagemaker].sort());
    assert.deepEqual([...services].sort(), ["ec2.amazonaws.com", "sagemaker.amazonaws.com"]);
  });
});

describe("the Pulumi program: one pass", () => {
  it("reports a misspelt aws key and a schema problem together, registering nothing", async () => {
    const programPath = join(__dirname, "..", "index.ts");
    pulumi.runtime.setAllConfig(
      { "mlops-iam:namePrefix": "acme", "mlops-iam:rolePath": "ml", "aws:regoin": "us-east-1" },
      [],
    );
    mocks.reset();
    delete require.cache[require.resolve(programPath)];
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      await assert.rejects(require(programPath) as Promise<unknown>, (error: Error) => {
        assert.match(
          error.message,
          /aws:regoin: expected a key the aws provider reads, got regoin; did you mean aws:region\?/,
        );
        assert.match(error.message, /mlops-iam:rolePath: expected a path that starts and ends with \//);
        return true;
      });
    } finally {
      pulumi.runtime.setAllConfig({});
    }
    assert.deepEqual(
      mocks.registered.filter((resource) => resource.type.startsWith("aws:iam")),
      [],
    );
  });
});

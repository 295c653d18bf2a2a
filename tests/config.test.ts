import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readStackFile } from "../offline/plan";
import { buildTestStack } from "./support/stack";
import { parseStackConfig, stackConfigSchema } from "../components/stack";
import { readConfig } from "../config/read";
import { configProblems as problemsOf, parseConfig as parse } from "./support/config";

const valid = { namePrefix: "acme-dev" };

describe("stack config", () => {
  it("applies defaults to a minimal config", () => {
    const config = parse(valid);
    assert.equal(config.rolePath, "/");
    assert.equal(config.protect, false);
    assert.deepEqual(config.tags, {});
    assert.deepEqual(config.quotas, {
      managedPoliciesPerRole: 10,
      trustPolicySize: 2048,
      alreadyAttached: 0,
    });
  });

  it("decodes structured values the Pulumi engine passes as JSON text", () => {
    const config = parse({ ...valid, tags: '{"team":"ml"}', protect: "true" });
    assert.deepEqual(config.tags, { team: "ml" });
    assert.equal(config.protect, true);
  });

  it("ignores other namespaces such as aws:region", () => {
    assert.equal(
      parseStackConfig({ "mlops-iam:namePrefix": "x", "aws:region": "eu-west-1" }).namePrefix,
      "x",
    );
  });

  const invalid: [string, Record<string, unknown>, RegExp][] = [
    [
      "a missing namePrefix",
      {},
      /^mlops-iam:namePrefix: expected a string \(this key is required\), got nothing$/,
    ],
    [
      "a namePrefix with a space",
      { namePrefix: "acme dev" },
      /^mlops-iam:namePrefix: .*letters, digits.*got "acme dev"/,
    ],
    ["a namePrefix with a slash", { namePrefix: "acme/dev" }, /^mlops-iam:namePrefix: .*got "acme\/dev"/],
    ["an empty namePrefix", { namePrefix: "" }, /^mlops-iam:namePrefix: expected a non-empty prefix/],
    [
      "a namePrefix too long for the longest suffix",
      { namePrefix: "a".repeat(60) },
      /^mlops-iam:namePrefix: expected at most \d+ characters, so that .* fits IAM's 64-character role-name limit/,
    ],
    ["a number as namePrefix", { namePrefix: 42 }, /^mlops-iam:namePrefix: expected a string, got 42$/],
    [
      "a tag value that is not a string",
      { ...valid, tags: { team: 1 } },
      /^mlops-iam:tags\.team: expected a string, got 1$/,
    ],
    [
      "a tag value over 256 characters",
      { ...valid, tags: { team: "x".repeat(257) } },
      /^mlops-iam:tags\.team: expected a tag value of at most 256/,
    ],
    [
      "a tag key over 128 characters",
      { ...valid, tags: { ["k".repeat(129)]: "v" } },
      /^mlops-iam:tags.*: expected a tag key of 1-128 characters/,
    ],
    [
      "51 tags",
      { ...valid, tags: Object.fromEntries([...Array(51).keys()].map((i) => [`t${i}`, "v"])) },
      /^mlops-iam:tags: expected at most 50 tags/,
    ],
    [
      "a tag key in the aws: namespace",
      { ...valid, tags: { "aws:team": "x" } },
      /^mlops-iam:tags: expected tag keys that do not start with aws:/,
    ],
    [
      "a rolePath without the trailing slash",
      { ...valid, rolePath: "/ml" },
      /^mlops-iam:rolePath: expected a path that starts and ends with \/.*got "\/ml"/,
    ],
    [
      "a rolePath over 512 characters",
      { ...valid, rolePath: `/${"a".repeat(512)}/` },
      /^mlops-iam:rolePath: expected a path of at most 512/,
    ],
    [
      "a boundary that is not a policy ARN",
      { ...valid, permissionsBoundaryArn: "arn:aws:iam::123456789012:role/x" },
      /^mlops-iam:permissionsBoundaryArn: expected the ARN of a managed policy/,
    ],
    [
      "protect as a word",
      { ...valid, protect: "yes" },
      /^mlops-iam:protect: expected a boolean \(structured YAML\), got "yes"$/,
    ],
    [
      "protect as a string in YAML",
      { ...valid, protect: { on: true } },
      /^mlops-iam:protect: expected a boolean, got \{"on":true\}$/,
    ],
    [
      "an attached-policy quota above AWS's maximum",
      { ...valid, quotas: { managedPoliciesPerRole: 30 } },
      /^mlops-iam:quotas\.managedPoliciesPerRole: expected number to be <=20, got 30$/,
    ],
    [
      "a misspelt top-level key",
      { ...valid, rolPath: "/x/" },
      /^mlops-iam:rolPath: unknown key \(expected one of namePrefix, .*\); did you mean rolePath\?$/,
    ],
    [
      "an unknown key inside quotas",
      { ...valid, quotas: { trustPolicySise: 4096 } },
      /^mlops-iam:quotas\.trustPolicySise: unknown key .*did you mean trustPolicySize\?$/,
    ],
    [
      "tags as JSON that does not parse",
      { ...valid, tags: "{team: ml" },
      /^mlops-iam:tags: expected a map \(structured YAML\), got "\{team: ml"$/,
    ],
  ];
  for (const [what, config, message] of invalid) {
    it(`rejects ${what}, naming the key`, () => {
      const problems = problemsOf(config);
      assert.ok(
        problems.some((problem) => message.test(problem)),
        `no problem matches ${message}:\n${problems.join("\n")}`,
      );
    });
  }

  it("reports every problem of a config together", () => {
    const problems = problemsOf({ namePrefix: "a b", rolePath: "x", protect: "maybe", colour: "blue" });
    assert.deepEqual(
      problems.map((problem) => problem.slice(0, problem.indexOf(":", "mlops-iam:".length))).sort(),
      ["mlops-iam:colour", "mlops-iam:namePrefix", "mlops-iam:protect", "mlops-iam:rolePath"],
    );
  });
});

describe("stack config: keys as Pulumi reads them", () => {
  for (const name of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
    it(`reports a key named ${name} as unknown instead of crashing`, () => {
      assert.throws(
        () => parseStackConfig({ "mlops-iam:namePrefix": "acme", [`mlops-iam:${name}`]: "x" }),
        (error: Error) =>
          error.message.includes(`mlops-iam:${name}: unknown key (expected one of namePrefix,`),
      );
    });
  }

  it("warns of a namespace nobody reads, with the one it was probably meant to be, and accepts the config", () => {
    const reading = readConfig(stackConfigSchema, {
      "mlops-iam:namePrefix": "acme",
      "mlops_iam:protect": "true",
      "pulumi:tags": '{"owner":"ml"}',
    });
    assert.deepEqual(reading.problems, []);
    assert.equal(reading.value?.protect, false);
    assert.deepEqual(reading.warnings, [
      "mlops_iam:protect: namespace mlops_iam is read neither by this program nor by its providers (mlops-iam, aws, databricks, pulumi, awsx), so this key does nothing; did you mean mlops-iam:protect?",
    ]);
  });

  it("reads a stack file's keys without a namespace as the project's, and top-level scalars as text", () => {
    const directory = mkdtempSync(join(tmpdir(), "mlops-iam-keys-"));
    writeFileSync(
      join(directory, "Pulumi.keys.yaml"),
      "config:\n  namePrefix: 12345\n  protect: true\n  aws:region: us-east-1\n",
    );
    const raw = readStackFile(directory, "keys");
    assert.deepEqual(raw, {
      "mlops-iam:namePrefix": "12345",
      "mlops-iam:protect": "true",
      "aws:region": "us-east-1",
    });
    const config = parseStackConfig(raw);
    assert.equal(config.namePrefix, "12345");
    assert.equal(config.protect, true);
  });
});

describe("stack config: what IAM would refuse at pulumi up", () => {
  it("rejects tags IAM refuses: its characters, keys equal but for case", () => {
    const problems = problemsOf({ ...valid, tags: { "cost#center!": "x", team: "a,b;{c}" } });
    assert.ok(
      problems.some((p) => /^mlops-iam:tags\.cost#center!: expected a tag key of letters, digits/.test(p)),
      problems.join("\n"),
    );
    assert.ok(
      problems.some((p) => /^mlops-iam:tags\.team: expected a tag value of letters, digits/.test(p)),
      problems.join("\n"),
    );
    assert.deepEqual(problemsOf({ ...valid, tags: { team: "a", Team: "b" } }), [
      'mlops-iam:tags: expected tag keys that differ in more than case (IAM treats keys equal but for case as one), got {"team":"a","Team":"b"}',
    ]);
  });

  it("rejects the path // and an existing role name longer than IAM's 64 characters", () => {
    assert.ok(
      problemsOf({ ...valid, rolePath: "//" }).some((p) =>
        p.startsWith("mlops-iam:rolePath: expected a path"),
      ),
    );
    const problems = problemsOf({ ...valid, databricks: { workspaceRoleName: "r".repeat(65) } });
    assert.ok(
      problems.some((p) =>
        p.startsWith("mlops-iam:databricks.workspaceRoleName: expected at most 64 characters"),
      ),
      problems.join("\n"),
    );
  });

  it("rejects a boundary or a trusted principal of another partition, and a boundary of another account", async () => {
    const build = (config: Record<string, unknown>) => buildTestStack({ ...valid, ...config });
    await assert.rejects(
      build({
        permissionsBoundaryArn: "arn:aws-cn:iam::123456789012:policy/boundary",
        mlflow: { trackingServers: ["s"], artifactBuckets: ["bkt-1"] },
      }),
      /mlops-iam:permissionsBoundaryArn: expected a policy of the stack's partition aws/,
    );
    await assert.rejects(
      build({
        permissionsBoundaryArn: "arn:aws:iam::999999999999:policy/boundary",
        mlflow: { trackingServers: ["s"], artifactBuckets: ["bkt-1"] },
      }),
      /expected an AWS managed policy or one of the stack's account 123456789012/,
    );
    await assert.rejects(
      build({
        mlflow: {
          trackingServers: ["s"],
          artifactBuckets: ["bkt-1"],
          serviceRole: { trustedPrincipals: ["arn:aws-us-gov:iam::123456789012:role/admin"] },
        },
      }),
      /mlops-iam:mlflow\.serviceRole\.trustedPrincipals\[0\]: expected a principal of the stack's partition aws/,
    );
  });

  it("counts the principal tag with the stack's 50 tags", async () => {
    const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`tag${i}`, "x"]));
    await assert.rejects(
      buildTestStack({ ...valid, tags, pipelines: { stepTypes: ["training"] } }),
      /role acme-dev-pipeline-exec: 51 tags with the stack's, over IAM's 50/,
    );
  });
});

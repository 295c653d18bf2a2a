import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config/read";
import { stripVTControlCharacters } from "node:util";
import { performance } from "node:perf_hooks";
import { componentTree } from "../offline/componentTree";
import { RegisteredResource } from "../offline/mocks";
import { runPlan } from "../offline/plan";
import { colourize } from "../offline/report";
import { mocks } from "./support/setup";

const root = join(__dirname, "..");

/** Every file under a directory, relative path → content. */
function readTree(directory: string, prefix = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(directory, prefix), { withFileTypes: true })) {
    const relative = join(prefix, entry.name);
    if (entry.isDirectory()) Object.assign(files, readTree(directory, relative));
    else files[relative] = readFileSync(join(directory, relative), "utf8");
  }
  return files;
}

/** The stacks shipped as `Pulumi.<stack>.yaml`. */
function stackNames(): string[] {
  return readdirSync(root)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined);
}

function planInto(stack: string, options: { account?: string; region?: string } = {}) {
  const output = mkdtempSync(join(tmpdir(), "mlops-iam-plan-"));
  return runPlan({ stack, directory: root, outputDirectory: output, ...options }).then((result) => ({
    ...result,
    tree: readTree(join(output, "plan", stack)),
  }));
}

const plans = new Map<string, ReturnType<typeof planInto>>();

/**
 * The plan of a stack file with its own account and region, computed once for the tests that only
 * read it (a plan builds the whole stack); tests that compare plans or change options plan afresh.
 */
function planOf(stack: string): ReturnType<typeof planInto> {
  let plan = plans.get(stack);
  if (!plan) {
    plan = planInto(stack);
    plans.set(stack, plan);
  }
  return plan;
}

/** Runs a command to its end, as spawnSync would, without blocking the tests' process meanwhile. */
function run(command: string, args: string[], cwd: string) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(command, args, { cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", fail).on("close", (status) => done({ status, stdout, stderr }));
  });
}

describe("offline plan", () => {
  // runPlan installs mocks of its own; give the rest of the suite its mocks back.
  after(() => pulumi.runtime.setMocks(mocks, "mlops-iam", "test", false));

  it("writes every role's and policy's documents for the dev stack as pretty JSON", async () => {
    const { tree, report, files } = await planOf("dev");
    const roles = Object.keys(tree).filter((file) => file.startsWith("roles/"));
    assert.ok(roles.length >= 3, `expected the dev stack's roles, got ${Object.keys(tree).join(", ")}`);
    assert.equal(files.length, Object.keys(tree).length);
    for (const [file, content] of Object.entries(tree)) {
      const parsed = JSON.parse(content);
      assert.equal(content, `${JSON.stringify(parsed, null, 2)}\n`, `${file} is pretty-printed`);
      if (file.startsWith("roles/")) {
        assert.equal(`roles/${parsed.role}.json`, file);
        assert.equal(parsed.trustPolicy.Version, "2012-10-17");
        assert.ok(report.includes(`Role ${parsed.role}:`), `the summary shows ${parsed.role}`);
      }
    }
    assert.match(report, /may be assumed by:/);
    // The component tree: each component with the IAM resources it owns.
    assert.match(
      report,
      /\n {2}MlflowTrackingServerRole mlflow-tracking-server\n {4}Policy acme-dev-mlflow-tracking-permissions\n {4}Role acme-dev-mlflow-tracking\n/,
    );
    assert.match(
      report,
      /\n {2}DatabricksDeploymentRole databricks-deployment\n(?: {4}.*\n)* {4}InstanceProfile acme-dev-databricks-deploy\n/,
    );
  });

  it("is committed up to date for every stack, so a pull request shows every permission it changes", async () => {
    for (const stack of stackNames()) {
      const { tree } = await planOf(stack);
      const committed = readTree(join(root, "plan", stack));
      assert.deepEqual(
        committed,
        tree,
        `plan/${stack}/ is stale: run \`npm run plan -- --stack ${stack}\` and commit the result`,
      );
    }
  });

  it("lists its files in a stable, sorted order", async () => {
    const { files } = await planOf("dev");
    assert.deepEqual(files, [...files].sort());
  });

  it("shows conditions in the summary: PassRole's service and the trust's source account", async () => {
    const { report } = await planOf("dev");
    assert.match(
      report,
      /Allow iam:PassRole on .* when iam:PassedToService StringEquals sagemaker\.amazonaws\.com/,
    );
    assert.match(report, /sagemaker\.amazonaws\.com when aws:SourceAccount StringEquals 123456789012/);
  });

  it("renders every ARN in the region's partition (aws-cn for China)", async () => {
    const { tree } = await planInto("dev", { region: "cn-north-1" });
    const arns =
      Object.values(tree)
        .join("\n")
        .match(/"arn:[a-z-]+:/g) ?? [];
    assert.ok(arns.length > 20);
    assert.deepEqual([...new Set(arns)], ['"arn:aws-cn:']);
  });

  it("is stable: two plans of the same stack are identical", async () => {
    const first = await planOf("dev");
    const second = await planInto("dev");
    assert.deepEqual(second.tree, first.tree);
    assert.equal(second.report, first.report);
  });

  it("renders the real account and region when a reviewer names them", async () => {
    const { tree } = await planInto("dev", { account: "999988887777", region: "eu-west-1" });
    const text = Object.values(tree).join("\n");
    assert.match(text, /999988887777/);
    assert.doesNotMatch(text, /123456789012/);
  });

  it("plans every stack file shipped in the repository", async () => {
    for (const stack of stackNames()) {
      const { tree } = await planOf(stack);
      assert.ok(Object.keys(tree).length > 0, `stack ${stack} plans something`);
    }
  });

  it("colours headings only when asked (a terminal), leaving the text itself unchanged", () => {
    const report = "Stack dev: account 1\n\n== mlflow ==\n\nRole r: d\n  may:\n    Allow s3:GetObject on x";
    const coloured = colourize(report);
    assert.notEqual(coloured, report);
    assert.equal(stripVTControlCharacters(coloured), report);
    assert.ok(coloured.split("\n").at(-1) === "    Allow s3:GetObject on x", "statements stay plain");
  });

  it("names a missing stack file", async () => {
    await assert.rejects(planInto("nosuchstack"), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /Pulumi\.nosuchstack\.yaml: no such stack file/);
      return true;
    });
  });

  it("as a command: exits 0 and prints the summary; exits 1 naming the key of a broken stack file", async () => {
    const directory = mkdtempSync(join(tmpdir(), "mlops-iam-stack-"));
    copyFileSync(join(root, "Pulumi.dev.yaml"), join(directory, "Pulumi.dev.yaml"));
    writeFileSync(
      join(directory, "Pulumi.broken.yaml"),
      readFileSync(join(root, "Pulumi.dev.yaml"), "utf8").replace(/namePrefix: .*/, "namePrefix: acme dev"),
    );
    const plan = (stack: string) =>
      run(
        process.execPath,
        [join(root, "node_modules", ".bin", "ts-node"), join(root, "offline", "plan.ts"), "--stack", stack],
        directory,
      );
    // Both at once: each is a fresh ts-node process, most of it loading modules.
    const [good, broken] = await Promise.all([plan("dev"), plan("broken")]);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /Wrote \d+ documents to plan\/dev\//);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /mlops-iam:namePrefix: expected .*got "acme dev"/);
  });

  it("builds the component tree in time linear in the number of components", () => {
    const resources = (n: number): RegisteredResource[] =>
      Array.from({ length: n }, (_, i) => [
        { type: "mlops-iam:index:PipelineTeamPolicy", name: `pipelines-team-t${i}`, inputs: {} },
        { type: "aws:iam/policy:Policy", name: `pipelines-team-t${i}-policy`, inputs: { name: `p${i}` } },
        {
          type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
          name: `pipelines-team-t${i}-policy-role-ds`,
          inputs: {},
        },
      ]).flat();
    const fastest = (registered: RegisteredResource[]) => {
      let best = Infinity;
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        componentTree(registered);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    assert.equal(componentTree(resources(2))[1], "    Policy p0");
    const [few, many] = [resources(200), resources(2000)];
    fastest(few); // compiled before it is timed
    const [small, large] = [fastest(few), fastest(many)];
    // Ten times the teams: linear is about ten times the time, quadratic a hundred (and before this
    // was linear, 1,000 teams planned in 502 s).
    assert.ok(large < 40 * Math.max(small, 0.05), `200 teams ${small} ms, 2,000 teams ${large} ms`);
  });
});

import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config/read";
import { stripVTControlCharacters } from "node:util";
import { performance } from "node:perf_hooks";
import { iamCatalog } from "../iam";
import { collisions, StackFootprint } from "../offline/collisions";
import { fitColumns } from "../offline/columns";
import { componentTree } from "../offline/componentTree";
import { projectFootprints } from "../offline/footprints";
import { RegisteredResource } from "../offline/mocks";
import { permissionLines } from "../offline/permissions";
import { offlineContext, PlanOptions, runPlan } from "../offline/plan";
import { committedPlanProblem, diffPlans, diffSummary } from "../offline/planDiff";
import { colourize, wantsColour } from "../offline/report";
import { pinnedAccounts } from "../offline/stackFile";
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

function planInto(stack: string, options: Partial<PlanOptions> = {}) {
  const output = mkdtempSync(join(tmpdir(), "mlops-iam-plan-"));
  return runPlan({ stack, directory: root, outputDirectory: output, ...options }).then((result) => ({
    ...result,
    output,
    tree: readTree(join(output, result.directory)),
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
        assert.ok(report.includes(`\nRole ${parsed.role}\n`), `the summary shows ${parsed.role}`);
      }
    }
    assert.match(report, /may be assumed by:/);
  });

  it("is committed up to date for every stack, so a pull request shows every permission it changes", async () => {
    for (const stack of stackNames()) {
      const { diff } = await planOf(stack);
      // A new stack file without its plan is a message that says what to run, not ENOENT.
      assert.equal(committedPlanProblem(diff, stack), undefined);
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
      /\n {6}Write: PassRole\n {8}on arn:.*\n(?: {11}arn:.*\n)* {8}when iam:PassedToService StringEquals sagemaker\.amazonaws\.com\n/,
    );
    assert.match(
      report,
      /\n {4}sagemaker\.amazonaws\.com\n {6}when aws:SourceAccount StringEquals 123456789012\n/,
    );
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

  it("renders the real account and region when a reviewer names them, beside the committed plan", async () => {
    const { tree, directory, files, output } = await planInto("dev", {
      account: "999988887777",
      region: "eu-west-1",
    });
    const text = Object.values(tree).join("\n");
    assert.match(text, /999988887777/);
    assert.doesNotMatch(text, /123456789012/);
    // Never over plan/dev/, which is committed for the stack file's own account and region.
    assert.equal(directory, join("plan", ".rendered", "dev-999988887777-eu-west-1"));
    assert.ok(files.every((file) => file.startsWith(`${directory}/`)));
    assert.equal(existsSync(join(output, "plan", "dev")), false);
  });

  it("plans every stack file shipped in the repository", async () => {
    for (const stack of stackNames()) {
      const { tree } = await planOf(stack);
      assert.ok(Object.keys(tree).length > 0, `stack ${stack} plans something`);
    }
  });

  it("colours only a terminal, and not when NO_COLOR is set", () => {
    assert.equal(wantsColour({ isTTY: true }, {}), true);
    assert.equal(wantsColour({ isTTY: true }, { NO_COLOR: "1" }), false);
    assert.equal(wantsColour({ isTTY: false }, {}), false);
    assert.equal(wantsColour({}, {}), false);
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
    const plan = (...args: string[]) =>
      run(
        process.execPath,
        [join(root, "node_modules", ".bin", "ts-node"), join(root, "offline", "plan.ts"), ...args],
        directory,
      );
    // Both at once: each is a fresh ts-node process, most of it loading modules.
    const [good, broken] = await Promise.all([plan("--stack", "dev", "--tree"), plan("--stack", "broken")]);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /Wrote \d+ documents to plan\/dev\//);
    // Not a terminal: no colour.
    assert.equal(stripVTControlCharacters(good.stdout), good.stdout);
    // --tree: each component with the IAM resources it owns.
    assert.match(
      good.stdout,
      /\n {2}MlflowTrackingServerRole mlflow-tracking-server\n {4}Policy acme-dev-mlflow-tracking-permissions\n {4}Role acme-dev-mlflow-tracking\n/,
    );
    assert.match(
      good.stdout,
      /\n {2}DatabricksDeploymentRole databricks-deployment\n(?: {4}.*\n)* {4}InstanceProfile acme-dev-databricks-deploy\n/,
    );
    // The broken stack file does not plan, so dev could not be checked against it, and says so.
    assert.match(good.stdout, /Not checked for names taken twice in one account .*Pulumi\.broken\.yaml/);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /mlops-iam:namePrefix: expected .*got "acme dev"/);
  });
});

describe("offline plan: a review", () => {
  after(() => pulumi.runtime.setMocks(mocks, "mlops-iam", "test", false));

  it("groups a principal's actions per service by access level, each resource on a line of its own", () => {
    const bucket = "arn:aws:s3:::acme-data";
    const lines = permissionLines(
      [
        {
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:GetObject"],
          Resource: [`${bucket}/a/*`, `${bucket}/b/*`],
        },
        { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucket] },
        {
          Effect: "Allow",
          Action: ["iam:PassRole"],
          Resource: ["arn:aws:iam::123456789012:role/r"],
          Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
        },
      ],
      iamCatalog(),
    );
    assert.deepEqual(lines, [
      "  iam",
      "    Write: PassRole",
      "      on arn:aws:iam::123456789012:role/r",
      "      when iam:PassedToService StringEquals sagemaker.amazonaws.com",
      "  s3",
      "    Read: GetObject",
      `      on ${bucket}/a/*`,
      `         ${bucket}/b/*`,
      "    List: ListBucket",
      `      on ${bucket}`,
      "    Write: PutObject",
      `      on ${bucket}/a/*`,
      `         ${bucket}/b/*`,
    ]);
  });

  it("fits every line of the shipped stacks' reviews in 100 columns, with one ARN a line", async () => {
    for (const stack of stackNames()) {
      const { report } = await planOf(stack);
      for (const line of report.split("\n")) {
        assert.ok(line.length <= 100, `${stack}: ${line.length} columns: ${line}`);
        assert.ok((line.match(/arn:/g) ?? []).length <= 1, `${stack}: several ARNs on one line: ${line}`);
      }
    }
  });

  it("breaks a line too long at a space, or inside an ARN after a / or :, indenting what follows", () => {
    const arn = `arn:aws:iam::210987654321:role/aws-reserved/sso.amazonaws.com/${"A".repeat(40)}`;
    const lines = fitColumns([
      `      on ${arn}`,
      `    Write: ${Array(30).fill("CreateTrainingJob").join(", ")}`,
    ]);
    assert.ok(lines.every((line) => line.length <= 100));
    assert.equal(lines[0], `      on arn:aws:iam::210987654321:role/aws-reserved/sso.amazonaws.com/`);
    assert.equal(lines[1], `        ${"A".repeat(40)}`);
    // A list goes on under its first item.
    assert.match(lines[3], /^ {11}CreateTrainingJob, /);
  });

  it("reviews roles first, then the policies of existing principals, then the resources; the tree on request", async () => {
    const { report } = await planOf("dev");
    const firstRole = report.indexOf("\nRole ");
    const firstPolicy = report.indexOf("\nPolicy ");
    const resources = report.indexOf("\nResources that would be created:");
    assert.ok(
      firstRole > 0 && firstRole < firstPolicy && firstPolicy < resources,
      "roles, policies, resources",
    );
    assert.doesNotMatch(report, /Component tree:/);
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

describe("offline plan: stack files checked together", () => {
  after(() => pulumi.runtime.setMocks(mocks, "mlops-iam", "test", false));

  const footprint = (file: string, overrides: Partial<StackFootprint> = {}): StackFootprint => ({
    file,
    namePrefix: "acme-dev",
    accounts: ["123456789012"],
    names: [{ kind: "IAM role", name: "acme-dev-pipeline-exec" }],
    ...overrides,
  });
  const repository = (region: string) => ({ kind: "ECR repository", name: "mlflow-pyfunc", region });

  it("takes no name twice in one account across the shipped stack files", async () => {
    await planOf("dev"); // the footprints of its plan, not one more simulation
    const { footprints, unchecked } = await projectFootprints(root);
    assert.deepEqual(unchecked, []);
    assert.deepEqual(
      footprints.map((stack) => stack.file),
      stackNames().map((stack) => `Pulumi.${stack}.yaml`),
    );
    assert.deepEqual(collisions(footprints), []);
  });

  it("refuses `cp Pulumi.dev.yaml Pulumi.staging.yaml`, naming both files", async () => {
    const directory = mkdtempSync(join(tmpdir(), "mlops-iam-stacks-"));
    copyFileSync(join(root, "Pulumi.dev.yaml"), join(directory, "Pulumi.dev.yaml"));
    copyFileSync(join(root, "Pulumi.dev.yaml"), join(directory, "Pulumi.staging.yaml"));
    await assert.rejects(runPlan({ stack: "staging", directory }), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(
        error.problems.map((problem) => problem.replace(/:.*/, "")),
        ["Pulumi.dev.yaml and Pulumi.staging.yaml", "Pulumi.dev.yaml and Pulumi.staging.yaml"],
      );
      assert.match(error.problems[0], /both use namePrefix acme-dev and may deploy to account 123456789012/);
      assert.match(
        error.problems[1],
        /ECR repository mlflow-pyfunc in account 123456789012, region us-east-1/,
      );
      return true;
    });
    assert.equal(existsSync(join(directory, "plan", "staging")), false, "nothing written");
  });

  it("compares IAM names in every region, and names without the prefix per region", () => {
    const dev = footprint("Pulumi.dev.yaml", { names: [repository("us-east-1")] });
    // Same prefix, another region: IAM names are global per account.
    assert.match(collisions([dev, footprint("Pulumi.eu.yaml", { names: [] })])[0], /both use namePrefix/);
    // Equal but for case: IAM ignores case.
    assert.match(
      collisions([dev, footprint("Pulumi.b.yaml", { namePrefix: "Acme-Dev" })])[0],
      /namePrefix acme-dev and Acme-Dev \(IAM ignores case\)/,
    );
    // Another prefix: only the repository, and only in the same region.
    const other = (region: string) =>
      footprint("Pulumi.qa.yaml", { namePrefix: "acme-qa", names: [repository(region)] });
    assert.deepEqual(collisions([dev, other("eu-west-1")]), []);
    const [problem, ...more] = collisions([dev, other("us-east-1")]);
    assert.deepEqual(more, []);
    assert.match(
      problem,
      /^Pulumi\.dev\.yaml and Pulumi\.qa\.yaml: both would create ECR repository mlflow-pyfunc in account 123456789012, region us-east-1/,
    );
  });

  it("compares a stack file that pins no account with every other, and none across accounts", () => {
    const dev = footprint("Pulumi.dev.yaml");
    assert.deepEqual(collisions([dev, footprint("Pulumi.prod.yaml", { accounts: ["210987654321"] })]), []);
    assert.match(
      collisions([dev, footprint("Pulumi.sandbox.yaml", { accounts: undefined })])[0],
      /may deploy to account 123456789012 \(Pulumi\.sandbox\.yaml pins no account in aws:allowedAccountIds/,
    );
    // Only the planned file's own pairs when it is named.
    const pairs = [
      dev,
      footprint("Pulumi.a.yaml"),
      footprint("Pulumi.b.yaml", { accounts: ["111122223333"] }),
    ];
    assert.equal(collisions(pairs).length, 1);
    assert.deepEqual(collisions(pairs, "Pulumi.b.yaml"), []);
  });
});

describe("offline plan: against the committed plan", () => {
  after(() => pulumi.runtime.setMocks(mocks, "mlops-iam", "test", false));

  const committed = () => readTree(join(root, "plan", "dev"));

  it("says when nothing changed", async () => {
    const { report, diff } = await planOf("dev");
    assert.match(report, /\nNo changes against the committed plan \(plan\/dev\/\)\.$/);
    assert.deepEqual([diff.added, diff.removed, diff.changed], [[], [], []]);
  });

  it("shows the documents a removed section would delete, and the lines of a changed one", () => {
    const before = committed();
    const after = Object.fromEntries(Object.entries(before).filter(([file]) => !/databricks/.test(file)));
    after["stack.json"] = before["stack.json"].replace('"protect": false', '"protect": true');
    const lines = diffSummary(diffPlans(before, after), "dev");
    assert.equal(lines[0], "Changes against the committed plan (plan/dev/):");
    assert.ok(
      lines.includes(
        "  removed  roles/acme-dev-databricks-deploy.json: pulumi up would delete role acme-dev-databricks-deploy",
      ),
    );
    assert.ok(
      lines.includes(
        "  removed  policies/acme-dev-databricks-workspace-passrole.json: pulumi up would delete policy acme-dev-databricks-workspace-passrole",
      ),
    );
    assert.deepEqual(lines.slice(lines.indexOf("  changed  stack.json") + 1), [
      '      - "protect": false,',
      '      + "protect": true,',
    ]);
  });

  it("flags a namePrefix change with every role and policy it replaces", () => {
    const before = committed();
    const after = Object.fromEntries(
      Object.entries(before).map(([file, content]) => [
        file.replaceAll("acme-dev", "acme-stg"),
        content.replaceAll("acme-dev", "acme-stg"),
      ]),
    );
    const diff = diffPlans(before, after);
    assert.deepEqual(diff.prefixChange?.from, "acme-dev");
    const lines = diffSummary(diff, "dev");
    assert.match(
      lines[1],
      /^ {2}namePrefix changes from acme-dev to acme-stg\. IAM cannot rename, so pulumi up replaces/,
    );
    assert.ok(lines.includes("  replaced role acme-dev-mlflow-tracking by acme-stg-mlflow-tracking"));
    assert.ok(
      lines.includes("  replaced policy acme-dev-pipelines-team-fraud by acme-stg-pipelines-team-fraud"),
    );
    const roles = Object.keys(before).filter((file) => file.startsWith("roles/"));
    assert.equal(lines.filter((line) => line.startsWith("  replaced role ")).length, roles.length);
    // Shown as replaced, not also as added and removed.
    assert.ok(!lines.some((line) => /^ {2}(added|removed) +(roles|policies)\//.test(line)));
  });

  it("plans a new stack file without a committed plan, saying so, and loudly when its account is a placeholder", async () => {
    const directory = mkdtempSync(join(tmpdir(), "mlops-iam-new-"));
    const config = {
      "aws:region": "us-east-1",
      "mlops-iam:namePrefix": "acme-sbx",
      "mlops-iam:pipelines": { stepTypes: ["training"] },
    };
    writeFileSync(join(directory, "Pulumi.sandbox.yaml"), JSON.stringify({ config }));
    const { report, diff } = await runPlan({ stack: "sandbox", directory });
    assert.match(report, /^Stack sandbox: account 123456789012 \(PLACEHOLDER\), region us-east-1/);
    assert.match(report, /\n!! PLACEHOLDER ACCOUNT 123456789012: aws:allowedAccountIds is absent\./);
    assert.match(
      report,
      /\nNo committed plan for stack sandbox \(plan\/sandbox\/ does not exist\): every document is new\./,
    );
    assert.doesNotMatch((await planOf("dev")).report, /PLACEHOLDER/, "dev pins its account");
    assert.equal(
      committedPlanProblem(diff, "sandbox"),
      "Pulumi.sandbox.yaml has no committed plan (plan/sandbox/): run `npm run plan -- --stack sandbox` and commit plan/sandbox/",
    );
  });

  it("leaves the account a placeholder unless aws:allowedAccountIds is a list of one id", () => {
    assert.deepEqual(pinnedAccounts(["123456789012"]), { ids: ["123456789012"] });
    assert.deepEqual(pinnedAccounts('["123456789012"]'), { ids: ["123456789012"] });
    assert.match(String(pinnedAccounts(undefined).placeholderReason), /absent/);
    assert.match(String(pinnedAccounts("123456789012").placeholderReason), /a bare value, not a list/);
    const two = pinnedAccounts(["123456789012", "210987654321"]);
    assert.match(String(two.placeholderReason), /lists 2 accounts \(123456789012, 210987654321\)/);
    assert.deepEqual(two.ids, ["123456789012", "210987654321"]);
    assert.equal(
      offlineContext(
        {},
        { "aws:region": "us-east-1", "aws:allowedAccountIds": ["111122223333", "210987654321"] },
      ).accountId,
      "123456789012",
    );
  });
});

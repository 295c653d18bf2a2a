import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const root = join(__dirname, "..");

interface Job {
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: { stack?: string[] } };
  steps: { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }[];
}

function workflow(name: string): {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
} {
  return parse(readFileSync(join(root, ".github", "workflows", name), "utf8"));
}

const stackFiles = readdirSync(root)
  .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
  .filter((stack): stack is string => stack !== undefined)
  .sort();

function pulumiStep(job: Job) {
  const step = job.steps.find((candidate) => candidate.uses?.startsWith("pulumi/actions@"));
  assert.ok(step, "the job runs pulumi/actions");
  return step;
}

describe("GitOps workflows", () => {
  it("finds the stack files the workflows must cover", () => {
    assert.ok(stackFiles.includes("dev"));
    assert.ok(stackFiles.length >= 2, `expected an example second stack, found ${stackFiles.join(", ")}`);
  });

  const jobs: [string, string, string | undefined][] = [
    ["pull-request.yml", "plan", undefined],
    ["pull-request.yml", "preview", "preview"],
    ["deploy.yml", "up", "up"],
    ["drift.yml", "drift", "preview"],
  ];
  for (const [file, jobName, command] of jobs) {
    it(`${file} job ${jobName} has a matrix entry for every stack file`, () => {
      const job = workflow(file).jobs[jobName];
      assert.ok(job, `${file} has a job ${jobName}`);
      assert.deepEqual([...(job.strategy?.matrix?.stack ?? [])].sort(), stackFiles);
      if (command) assert.equal(pulumiStep(job).with?.command, command);
    });
  }

  it("the plan job runs the offline plan for its stack", () => {
    const job = workflow("pull-request.yml").jobs.plan;
    assert.ok(job.steps.some((step) => step.run === "npm run plan -- --stack ${{ matrix.stack }}"));
  });

  it("previews comment on the pull request and the drift check expects no changes", () => {
    assert.equal(pulumiStep(workflow("pull-request.yml").jobs.preview).with?.["comment-on-pr"], true);
    assert.equal(pulumiStep(workflow("drift.yml").jobs.drift).with?.["expect-no-changes"], true);
    assert.ok("schedule" in workflow("drift.yml").on);
  });

  it("deploys on merge to main through the stack's GitHub Environment (the approval gate for prod)", () => {
    const deploy = workflow("deploy.yml");
    assert.deepEqual(deploy.on.push, { branches: ["main"] });
    assert.equal(deploy.jobs.up.environment, "${{ matrix.stack }}");
  });

  /** What each job may do with the repository's token: only what its steps use. */
  const jobPermissions: Record<string, Record<string, Record<string, string>>> = {
    "pull-request.yml": {
      checks: { contents: "read" },
      plan: { contents: "read" },
      // OIDC for AWS credentials, and the preview comment on the pull request.
      preview: { contents: "read", "id-token": "write", "pull-requests": "write" },
    },
    "deploy.yml": { up: { contents: "read", "id-token": "write" } },
    "drift.yml": { drift: { contents: "read", "id-token": "write" } },
  };
  for (const [file, expected] of Object.entries(jobPermissions)) {
    it(`${file}: each job gets only the permissions it uses, none by inheritance`, () => {
      const parsed = workflow(file);
      assert.deepEqual(parsed.permissions, {});
      assert.deepEqual(
        Object.fromEntries(Object.entries(parsed.jobs).map(([name, job]) => [name, job.permissions])),
        expected,
      );
    });
  }

  for (const [file, jobName] of [
    ["pull-request.yml", "preview"],
    ["deploy.yml", "up"],
    ["drift.yml", "drift"],
  ]) {
    it(`${file} job ${jobName} runs the project's policy pack`, () => {
      assert.equal(pulumiStep(workflow(file).jobs[jobName]).with?.policyPacks, "./policy");
    });
  }

  for (const file of ["pull-request.yml", "deploy.yml", "drift.yml"]) {
    it(`${file} gets AWS credentials through OIDC, never long-lived keys`, () => {
      const text = readFileSync(join(root, ".github", "workflows", file), "utf8");
      assert.doesNotMatch(text, /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/);
      for (const job of Object.values(workflow(file).jobs)) {
        if (!job.steps.some((step) => step.uses?.startsWith("pulumi/actions@"))) continue;
        const credentials = job.steps.find((step) =>
          step.uses?.startsWith("aws-actions/configure-aws-credentials@"),
        );
        assert.ok(credentials?.with?.["role-to-assume"], "assumes a role with OIDC");
        assert.equal(job.permissions?.["id-token"], "write");
      }
    });
  }
});

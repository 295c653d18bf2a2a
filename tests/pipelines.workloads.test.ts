/**
 * The Pipelines workloads (`components/pipelines/workloads.ts`: what the Pipelines service, the jobs
 * and the SageMaker Python SDK call, per step type, SDK v2 and v3) against the dev stack. Not every
 * row passes yet: the rows decided otherwise today are held in `tests/snapshots/pipelines-gaps.json`,
 * each one a gap to close (or a row to correct). A change that opens a new gap, or closes one,
 * fails here until the snapshot says so (`UPDATE_PIPELINES_GAPS=1 npm test`), so gaps can only be
 * closed on purpose and never reopened silently.
 */
import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stepTypeNames, stepTypes as stepTypeTable } from "../components/pipelines/stepTypes";
import {
  alwaysFittingPrefixLength,
  nameLimits,
  PipelineStepType,
  SdkVersion,
  WorkloadContext,
  pipelinesDenials,
  runtimeRoleArn,
  workloadRequests,
} from "../components/pipelines/workloads";
import { asRequest, isAllowed } from "./support/evaluate";
import { stackFileConfig } from "./support/config";
import { buildTestStack, TestStack } from "./support/stack";

const gapsFile = join(__dirname, "snapshots", "pipelines-gaps.json");
const role = (name: string) => `arn:aws:iam::123456789012:role/ml-platform/${name}`;
const stepTypes: PipelineStepType[] = [
  "training",
  "processing",
  "transform",
  "tuning",
  "model",
  "registerModel",
  "qualityCheck",
];

/** The dev stack's pipelines, as the workloads see them. */
function devContext(sdk: SdkVersion): WorkloadContext {
  return {
    partition: "aws",
    region: "us-east-1",
    accountId: "123456789012",
    executionRoleArn: role("acme-dev-pipeline-exec"),
    stepRoleArns: { training: role("acme-dev-step-training"), model: role("acme-dev-step-model") },
    jobPrefix: "churn",
    pipelineName: "churn-train",
    dataBucket: "acme-pipelines-dev",
    modelPackageGroup: "churn-models",
    sdk,
    stepTypes,
  };
}

describe("pipelines: job-name prefixes that always fit", () => {
  it("are what the name formats the workloads cite leave of SageMaker's name limits", () => {
    for (const type of stepTypeNames) {
      const created = stepTypeTable[type].grants[0].resourceType;
      const limit = nameLimits[created as keyof typeof nameLimits] ?? nameLimits["training-job"];
      assert.equal(stepTypeTable[type].maxPrefixLength, alwaysFittingPrefixLength(limit), type);
    }
  });
});

describe("pipelines workloads against the dev stack", () => {
  let stack: TestStack;
  before(async () => {
    stack = await buildTestStack(stackFileConfig("dev"));
  });

  it("decides every row as today's gap snapshot says, and no row otherwise", async () => {
    const gaps: string[] = [];
    const decisions = new Map<string, boolean>();
    for (const sdk of ["v2", "v3"] as const) {
      const ctx = devContext(sdk);
      const policiesOf = (arn: string) => stack.rolePolicies(arn.slice(arn.lastIndexOf("/") + 1));
      const rows = [
        ...workloadRequests(ctx, "pipelineService").map((row) => ({
          row,
          principal: ctx.executionRoleArn,
          allow: true,
        })),
        ...stepTypes.flatMap((type) =>
          workloadRequests(ctx, "jobRuntime", type).map((row) => ({
            row,
            principal: runtimeRoleArn(ctx, type),
            allow: true,
          })),
        ),
        ...pipelinesDenials(ctx)
          .filter((denial) => denial.persona !== "sdkClient")
          .map((row) => ({
            row,
            principal:
              row.persona === "pipelineService" ? ctx.executionRoleArn : runtimeRoleArn(ctx, "training"),
            allow: false,
          })),
      ];
      for (const { row, principal, allow } of rows) {
        // SDK v2 and v3 share most rows: each distinct request is evaluated once.
        const key = JSON.stringify([principal, row.action, row.resource, row.context]);
        const decided = decisions.get(key) ?? (await isAllowed(policiesOf(principal), asRequest(row)));
        decisions.set(key, decided);
        if (decided !== allow) {
          const context = row.context ? ` ${JSON.stringify(row.context)}` : "";
          gaps.push(
            `${sdk} ${allow ? "DENIED" : "ALLOWED"} ${principal.split("/").pop()}: ${row.action} on ${row.resource}${context}`,
          );
        }
      }
    }
    const found = [...new Set(gaps)].sort();
    if (process.env.UPDATE_PIPELINES_GAPS) writeFileSync(gapsFile, `${JSON.stringify(found, null, 2)}\n`);
    const known = JSON.parse(readFileSync(gapsFile, "utf8")) as string[];
    assert.ok(found.length > 0 || known.length === 0);
    assert.deepEqual(
      {
        opened: found.filter((gap) => !known.includes(gap)),
        closed: known.filter((gap) => !found.includes(gap)),
      },
      { opened: [], closed: [] },
      "the dev stack's pipelines decide workload rows otherwise than tests/snapshots/pipelines-gaps.json says",
    );
  });
});

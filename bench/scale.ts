// One synthetic stack of a given size, timed from config to the last resource registered, or with
// --plan the whole offline plan of it (its stack file in a temporary directory).
//   ts-node bench/scale.ts <teams|trackingServers> <n> [--plan]
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { PlanError } from "../components/shared/plan";
import { formatSdkBookkeepingTracesUnmapped } from "../components/stackTraces";
import { parseStackConfig, planStack, registerStack } from "../components/stack";
import { documentSize } from "../iam";
import { RecordingMocks, registrationsSettled } from "../offline/mocks";
import { runPlan } from "../offline/plan";

const context = { partition: "aws", region: "us-east-1", accountId: "123456789012" };

/** A stack whose size grows in one dimension; every name derives from its index. */
export function syntheticConfig(dimension: string, n: number): Record<string, unknown> {
  const ids = Array.from({ length: n }, (_, i) => String(i).padStart(4, "0"));
  const pipelines = {
    stepTypes: ["training", "processing"],
    jsonGetBuckets: ["acme-pipelines-bench"],
    teams:
      dimension === "teams"
        ? ids.map((id) => ({
            name: `team${id}`,
            prefix: `t${id}`,
            stepTypes: ["training"],
            attachToRoles: [`ds${id}`],
          }))
        : [],
  };
  const mlflow = {
    trackingServers: dimension === "trackingServers" ? ids.map((id) => `mlflow-${id}`) : ["mlflow-bench"],
    artifactBuckets: ["acme-mlflow-bench"],
    accessPolicies: [{ name: "readers", level: "read", attachToRoles: ["DataAnalyst"] }],
  };
  return { "mlops-iam:namePrefix": "bench", "mlops-iam:mlflow": mlflow, "mlops-iam:pipelines": pipelines };
}

/** The offline plan of the synthetic stack, as `npm run plan` runs it, from a stack file of its own. */
async function plan(dimension: string, n: number) {
  // As the plan command does: the SDK's bookkeeping stack traces are not worth their source maps.
  formatSdkBookkeepingTracesUnmapped();
  const directory = mkdtempSync(join(tmpdir(), "mlops-iam-scale-"));
  const config = { "aws:region": context.region, ...syntheticConfig(dimension, n) };
  // JSON is YAML: the stack file as `pulumi config set` would leave it, near enough.
  writeFileSync(join(directory, "Pulumi.bench.yaml"), JSON.stringify({ config }));
  const started = performance.now();
  const { files, report } = await runPlan({ stack: "bench", directory });
  const ms = performance.now() - started;
  console.log(
    JSON.stringify({ dimension, n, plan: true, ms, files: files.length, lines: report.split("\n").length }),
  );
}

async function main() {
  const [dimension, count, flag] = process.argv.slice(2);
  const n = Number(count);
  if (flag === "--plan") return plan(dimension, n);
  // As index.ts does first: the SDK's bookkeeping stack traces are not worth their source maps.
  formatSdkBookkeepingTracesUnmapped();
  const started = performance.now();
  const mocks = new RecordingMocks(context);
  await pulumi.runtime.setMocks(mocks, "mlops-iam", "bench", true);
  const config = parseStackConfig(syntheticConfig(dimension, n));
  let planned;
  try {
    planned = planStack(config, context);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    const quota = error.problems.find((problem) => /quota/.test(problem)) ?? error.problems[0];
    console.log(JSON.stringify({ dimension, n, ms: performance.now() - started, error: quota }));
    return;
  }
  registerStack(planned);
  await registrationsSettled();
  const policies = mocks.registered.filter((resource) => resource.type === "aws:iam/policy:Policy");
  const largest = Math.max(
    ...policies.map((policy) => documentSize(JSON.parse(policy.inputs.policy as string))),
  );
  console.log(
    JSON.stringify({
      dimension,
      n,
      ms: performance.now() - started,
      resources: mocks.registered.length,
      managedPolicies: policies.length,
      largestPolicy: largest,
    }),
  );
}

if (require.main === module) void main();

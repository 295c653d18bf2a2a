// The full dev stack under mocks: from process start to the last resource registered.
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { buildStack, parseStackConfig } from "../components/stack";
import { RecordingMocks, registrationsSettled } from "../offline/mocks";
import { readStackFile } from "../offline/plan";

async function main() {
  const context = { partition: "aws", region: "us-east-1", accountId: "123456789012" };
  const mocks = new RecordingMocks(context);
  await pulumi.runtime.setMocks(mocks, "mlops-iam", "dev", true);
  buildStack(parseStackConfig(readStackFile(process.cwd(), "dev")), context);
  await registrationsSettled();
  console.log(JSON.stringify({ ms: performance.now(), resources: mocks.registered.length }));
}

void main();

/**
 * The floor: an empty Pulumi program in TypeScript, run by the same loader as the dev stack (ts-node
 * with swc, as tsconfig.json sets it). It loads the SDK packages and modules the dev stack loads
 * (bench/sdk.ts), sets the same mocks, and registers nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks } from "../offline/mocks";
import { benchContext, report, sinceStart } from "./common";
import "./sdk";

async function main() {
  const imported = sinceStart();
  await pulumi.runtime.setMocks(new RecordingMocks(benchContext), "mlops-iam", "dev", true);
  report({ ms: sinceStart(), checkpoints: { imported } });
}

void main();

/**
 * The dev stack as `pulumi up` runs it, under mocks: the program (index.ts) with the config of
 * Pulumi.dev.yaml as the engine passes it (`PULUMI_CONFIG`, set by bench/run.ts), from process start
 * to the last resource registered. Checkpoints (ms since process start) show where the time goes;
 * bench/breakdown.ts splits it further.
 */
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks, registrationsSettled } from "../offline/mocks";
import { benchContext, report, sinceStart } from "./common";

async function main() {
  const imported = sinceStart();
  const mocks = new RecordingMocks(benchContext);
  await pulumi.runtime.setMocks(mocks, "mlops-iam", "dev", true);
  const mocksSet = sinceStart();
  // What Pulumi's loader does with the program: require it, then wait for what it exports.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require("../index") as Promise<Record<string, unknown>>;
  const programLoaded = sinceStart();
  const outputs = await program;
  const built = sinceStart();
  await registrationsSettled();
  report({
    ms: sinceStart(),
    resources: mocks.registered.length,
    outputs: Object.keys(outputs).sort(),
    checkpoints: { imported, mocksSet, programLoaded, built },
  });
}

void main();

/**
 * Loaded by mocha before any test file (.mocharc.json), in every process that runs tests (with
 * `--parallel`, in each worker): sets Pulumi's mocks once per process, before its first test, since a
 * second `setMocks` would replace the first for every file loaded before it.
 */
import { RecordingMocks } from "../../offline/mocks";
import { formatSdkBookkeepingTracesUnmapped } from "../../components/stackTraces";

/** The account and region every test stack deploys to. */
export const testContext = { partition: "aws", region: "us-east-1", accountId: "123456789012" } as const;

export const mocks = new RecordingMocks(testContext);

let mocksSet = false;

/**
 * A root hook: mocha runs it in each process that runs tests (each worker, or mocha's own process
 * without `--parallel`) before its first test. In a `--parallel` run, mocha's own process loads this
 * file but only hands out test files, so it does not load Pulumi for nothing.
 */
export const mochaHooks = {
  async beforeAll(): Promise<void> {
    if (mocksSet) return;
    mocksSet = true;
    const pulumi = await import("@pulumi/pulumi");
    await pulumi.runtime.setMocks(mocks, "mlops-iam", "test", false);
  },
};

/**
 * No test shows the SDK's bookkeeping stack traces, and the mock engine ignores the source positions
 * they give, so they are formatted as the program formats them (components/stackTraces.ts).
 */
formatSdkBookkeepingTracesUnmapped();

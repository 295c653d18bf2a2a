/**
 * Loaded by mocha before any test file (.mocharc.json), in every process that runs tests (with
 * `--parallel`, in each worker): sets Pulumi's mocks once per process, before its first test, since a
 * second `setMocks` would replace the first for every file loaded before it.
 */
import { RecordingMocks } from "../../offline/mocks";

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
 * Pulumi's SDK captures a stack trace for each promise it makes (`debuggablePromise`, kept for its
 * report of leaked promises) and for each resource (`Resource.callsites`, the source position it
 * sends the engine): about 35 per resource. ts-node's source-map support rewrites every one through
 * source maps, which took 12 of the suite's 26 s (48,000 traces). No test shows those traces, and the
 * mock engine ignores source positions, so they are formatted as V8 does without source maps; every
 * other error (assertion failures included) keeps its TypeScript positions.
 */
const mapStackTrace = Error.prepareStackTrace;
if (mapStackTrace) {
  Error.prepareStackTrace = (error, frames) =>
    isSdkBookkeeping(frames) ? formatUnmapped(error, frames) : mapStackTrace(error, frames);
}

const sdkBookkeeping = new Set(["debuggablePromise", "callsites"]);

function isSdkBookkeeping(frames: readonly NodeJS.CallSite[]): boolean {
  const top = frames[0];
  return (
    top !== undefined &&
    sdkBookkeeping.has(top.getFunctionName() ?? "") &&
    /[\\/]node_modules[\\/]@pulumi[\\/]pulumi[\\/]/.test(top.getFileName() ?? "")
  );
}

function formatUnmapped(error: Error, frames: readonly NodeJS.CallSite[]): string {
  return `${Error.prototype.toString.call(error)}${frames.map((frame) => `\n    at ${frame}`).join("")}`;
}

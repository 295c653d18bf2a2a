// What the benchmark's programs share: the ARN context they deploy to, and how they report.
import { performance } from "node:perf_hooks";
import { relative } from "node:path";

/** The account and region of every benchmark stack (as `npm run plan` renders them). */
export const benchContext = { partition: "aws", region: "us-east-1", accountId: "123456789012" };

/**
 * The Pulumi SDK modules loaded so far (files of `@pulumi/*` packages, relative to the project), so
 * the benchmark can check that the floor loads exactly the SDK modules the dev stack loads.
 */
export function sdkModules(): string[] {
  return Object.keys(require.cache)
    .filter((file) => /[\\/]node_modules[\\/]@pulumi[\\/]/.test(file))
    .map((file) => relative(process.cwd(), file).split("\\").join("/"))
    .sort();
}

/** Prints one measurement as the last line of stdout, with the SDK modules when `--modules` is given. */
export function report(measurement: Record<string, unknown>): void {
  const modules = process.argv.includes("--modules") ? { sdkModules: sdkModules() } : {};
  console.log(JSON.stringify({ ...measurement, ...modules }));
}

/** Milliseconds since the process started (`performance.now()`'s origin). */
export function sinceStart(): number {
  return performance.now();
}

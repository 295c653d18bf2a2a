/**
 * Pulumi's SDK captures a stack trace for each promise it makes (`debuggablePromise`, kept for its
 * report of leaked promises) and for each resource (`Resource.callsites`, the source position it
 * sends the engine): about 35 per resource. The loader's source-map support (ts-node installs it)
 * rewrites every one through source maps, loading the maps of every file on the stack the first
 * time: in the test suite that took 12 of its 26 s (48,000 traces), and in a run of the dev stack
 * about a third of its time. The program, the offline plan and the tests format those traces
 * unmapped; the price is that the source position Pulumi records for each resource points into the
 * transpiled JavaScript rather than the TypeScript line.
 */

const sdkBookkeeping = new Set(["debuggablePromise", "callsites"]);

/**
 * Formats the SDK's bookkeeping traces as V8 does without source maps; every other error (assertion
 * failures included) keeps its source-mapped TypeScript positions. Call it after the loader has
 * installed its source-map support.
 */
export function formatSdkBookkeepingTracesUnmapped(): void {
  const mapStackTrace = Error.prepareStackTrace;
  if (!mapStackTrace) return;
  Error.prepareStackTrace = (error, frames) =>
    isSdkBookkeeping(frames) ? formatUnmapped(error, frames) : mapStackTrace(error, frames);
}

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

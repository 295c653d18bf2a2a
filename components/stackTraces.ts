/**
 * Pulumi's SDK captures a stack trace for each promise it makes (`debuggablePromise`, kept for its
 * report of leaked promises) and for each resource (`Resource.callsites`, the source position it
 * sends the engine): about 35 per resource. The loader's source-map support (ts-node installs it)
 * rewrites every one through source maps, loading the maps of every file on the stack the first
 * time: in the test suite that took 12 of its 26 s (48,000 traces), and in a run of the dev stack
 * about a third of its time. So the program, the offline plan and the tests treat those traces apart:
 * - a promise's trace is printed only when `PULUMI_DEBUG_PROMISE_LEAKS` is set (the SDK's
 *   `leakedPromises`), so without it the trace is not formatted at all, and with it, it is mapped;
 * - a resource's trace is formatted without source maps, so the source position Pulumi records for
 *   each resource points into the transpiled JavaScript rather than the TypeScript line;
 * - traces captured inside gRPC (for each call, `makeUnaryRequest`; for a failed call's error,
 *   `callErrorFromStatus`) are formatted without source maps: their frames are the SDK's JavaScript,
 *   and mapping them loads gRPC's source maps, about 30 ms for the one call that fails in a run
 *   under mocks (the connection to Pulumi's callbacks server, which transforms use).
 * Every other error (assertion failures included) keeps its source-mapped TypeScript positions.
 */

/** What a promise's trace reads when nobody will print it. */
export const unformattedPromiseTrace =
  "(stack trace not formatted: set PULUMI_DEBUG_PROMISE_LEAKS to see where the promise was made)";

type Treatment = "mapped" | "unmapped" | "unformatted";

/**
 * Installs the treatment above over the loader's source-map support; call it after the loader has
 * installed that support (it does nothing when no `Error.prepareStackTrace` is installed).
 */
export function formatSdkBookkeepingTracesUnmapped(): void {
  const mapStackTrace = Error.prepareStackTrace;
  if (!mapStackTrace) return;
  Error.prepareStackTrace = (error, frames) => {
    switch (treatmentOf(frames)) {
      case "unformatted":
        return unformattedPromiseTrace;
      case "unmapped":
        return formatUnmapped(error, frames);
      case "mapped":
        return mapStackTrace(error, frames);
    }
  };
}

function treatmentOf(frames: readonly NodeJS.CallSite[]): Treatment {
  const top = frames[0];
  if (top === undefined) return "mapped";
  const file = top.getFileName() ?? "";
  const fn = top.getFunctionName() ?? "";
  if (/[\\/]node_modules[\\/]@pulumi[\\/]pulumi[\\/]/.test(file)) {
    if (fn === "debuggablePromise") return process.env.PULUMI_DEBUG_PROMISE_LEAKS ? "mapped" : "unformatted";
    if (fn === "callsites") return "unmapped";
  }
  if (/[\\/]node_modules[\\/]@grpc[\\/]grpc-js[\\/]/.test(file)) return "unmapped";
  return "mapped";
}

function formatUnmapped(error: Error, frames: readonly NodeJS.CallSite[]): string {
  return `${Error.prototype.toString.call(error)}${frames.map((frame) => `\n    at ${frame}`).join("")}`;
}

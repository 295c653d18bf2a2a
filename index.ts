// The Pulumi program: validate the stack's config, build the stack, export its outputs.
import * as pulumi from "@pulumi/pulumi";
import { currentArnContext } from "./components/arnContext";
import { formatSdkBookkeepingTracesUnmapped } from "./components/stackTraces";
import { buildStack, parseStackConfig } from "./components/stack";
import { ConfigError } from "./config/read";
import { PlanError } from "./components/shared/plan";

// The SDK's thousands of bookkeeping stack traces need no source maps (components/stackTraces.ts).
formatSdkBookkeepingTracesUnmapped();

export = (async () => {
  try {
    const config = parseStackConfig(pulumi.runtime.allConfig());
    return buildStack(config, await currentArnContext());
  } catch (error) {
    // A clear list of problems, without the stack trace Pulumi prints for unexpected errors.
    if (error instanceof ConfigError || error instanceof PlanError) throw new pulumi.RunError(error.message);
    throw error;
  }
})();

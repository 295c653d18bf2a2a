// The Pulumi program: validate the stack's config, build the stack, export its outputs.
import * as pulumi from "@pulumi/pulumi";
import { currentArnContext } from "./components/arnContext";
import { formatSdkBookkeepingTracesUnmapped } from "./components/stackTraces";
import { planStack, readStack, registerStack } from "./components/stack";
import { ConfigError } from "./config/read";
import { PlanError } from "./components/shared/plan";

// The SDK's thousands of bookkeeping stack traces need no source maps (components/stackTraces.ts).
formatSdkBookkeepingTracesUnmapped();

/**
 * Whether the engine passes a key as a secret. The SDK keeps this to itself (`isConfigSecret` is
 * marked internal), so it is read where present; without it a secret key is not told apart.
 */
function engineMarksSecret(key: string): boolean {
  const isConfigSecret = (pulumi.runtime as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
  return isConfigSecret?.(key) ?? false;
}

export = (async () => {
  try {
    // Config, providers' keys and where the stack deploys, checked together (plans too, on a problem).
    const { config, arn } = await readStack(pulumi.runtime.allConfig(), {
      arnContext: currentArnContext,
      isSecret: engineMarksSecret,
    });
    return registerStack(planStack(config, arn));
  } catch (error) {
    // A clear list of problems, without the stack trace Pulumi prints for unexpected errors.
    if (error instanceof ConfigError || error instanceof PlanError) throw new pulumi.RunError(error.message);
    throw error;
  }
})();

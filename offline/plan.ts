/**
 * The offline plan: runs the real program for a stack's `Pulumi.<stack>.yaml` under Pulumi's mock
 * runtime, with no Pulumi CLI, no cloud and no credentials. Validates the config and every document,
 * prints what would be created, and writes every document to `plan/<stack>/` for review.
 *
 *   npm run plan -- --stack dev [--account 123456789012] [--region eu-west-1] [--partition aws]
 *
 * The account is `--account`, else the one the stack pins in `aws:allowedAccountIds`, else a
 * placeholder; the region is `--region`, else the stack's `aws:region`.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseStackConfig } from "../components/stack";
import { formatSdkBookkeepingTracesUnmapped } from "../components/stackTraces";
import { ConfigError, projectName } from "../config/read";
import { PlanError } from "../components/shared/plan";
import { ContextOverrides, offlineContext, pinnedAccounts, readStackFile } from "./stackFile";

export { offlineAccountId, offlineContext, readStackFile } from "./stackFile";

export interface PlanOptions extends ContextOverrides {
  /** The stack's name: plans `Pulumi.<stack>.yaml`. */
  readonly stack: string;
  /** Project directory holding `Pulumi.<stack>.yaml`. */
  readonly directory: string;
  /** Where `plan/<stack>/` goes; `directory` by default. */
  readonly outputDirectory?: string;
  /** Print the component tree too (`--tree`); default false. */
  readonly tree?: boolean;
}

/** Runs the plan; returns the text it prints and the files it wrote. Throws ConfigError/PlanError. */
export async function runPlan(options: PlanOptions): Promise<{ report: string; files: string[] }> {
  const raw = readStackFile(options.directory, options.stack);
  const config = parseStackConfig(raw);
  const context = offlineContext(options, raw);
  // Providers' own keys (databricks:host, aws:region) reach the program as the engine would pass them.
  const providerConfig = Object.fromEntries(
    Object.entries(raw)
      .filter(([key]) => !key.startsWith(`${projectName}:`))
      .map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
  );
  const { simulateStack } = await import("./simulate");
  const { planFiles, summarize } = await import("./report");
  const { plan, settings, registered, outputs } = await simulateStack(
    options.stack,
    config,
    context,
    providerConfig,
  );

  const outputRoot = join(options.outputDirectory ?? options.directory, "plan", options.stack);
  rmSync(outputRoot, { recursive: true, force: true });
  const files = planFiles(plan, settings, outputs, registered);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(outputRoot, name, ".."), { recursive: true });
    writeFileSync(join(outputRoot, name), content);
  }
  const placeholderAccount = options.account
    ? undefined
    : pinnedAccounts(raw["aws:allowedAccountIds"]).placeholderReason;
  const report = summarize(options.stack, context, plan, settings, registered, {
    placeholderAccount,
    tree: options.tree,
  });
  return { report, files: Object.keys(files).map((name) => join("plan", options.stack, name)) };
}

const usage =
  "usage: npm run plan -- [--stack <name>] [--tree] [--account <12 digits>] [--region <region>] [--partition <partition>]\n" +
  "  --stack defaults to dev: plans Pulumi.<name>.yaml of the current directory\n" +
  "  --tree also prints the component tree";

async function main(): Promise<number> {
  formatSdkBookkeepingTracesUnmapped();
  let values: { stack?: string; account?: string; region?: string; partition?: string; tree?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        stack: { type: "string", default: "dev" },
        tree: { type: "boolean", default: false },
        account: { type: "string" },
        region: { type: "string" },
        partition: { type: "string" },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  try {
    const { report, files } = await runPlan({
      stack: values.stack ?? "dev",
      account: values.account,
      region: values.region,
      partition: values.partition,
      tree: values.tree,
      directory: process.cwd(),
    });
    const { colourize, wantsColour } = await import("./report");
    console.log(wantsColour(process.stdout, process.env) ? colourize(report) : report);
    console.log(`\nWrote ${files.length} documents to plan/${values.stack}/`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof PlanError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code));
}

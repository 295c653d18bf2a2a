/**
 * The offline plan: runs the real program for a stack's `Pulumi.<stack>.yaml` under Pulumi's mock
 * runtime, with no Pulumi CLI, no cloud and no credentials. Validates the config and every document,
 * checks the stack file against the directory's others, prints a review of what would be created and
 * what changed against the committed plan, and writes every document to `plan/<stack>/`.
 *
 *   npm run plan -- --stack dev [--tree] [--account 123456789012] [--region eu-west-1] [--partition aws]
 *
 * The account is `--account`, else the one the stack pins in `aws:allowedAccountIds`, else a
 * placeholder; the region is `--region`, else the stack's `aws:region`. A plan for another account,
 * region or partition goes to `plan/.rendered/`, never over the committed plan. docs/offline-plan.md
 * says what it prints.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatSdkBookkeepingTracesUnmapped } from "../components/stackTraces";
import { ConfigError } from "../config/read";
import { PlanError } from "../components/shared/plan";
import type { PlanDiff } from "./planDiff";
import { ContextOverrides } from "./stackFile";

export { offlineAccountId, offlineContext, readStackFile } from "./stackFile";

export interface PlanOptions extends ContextOverrides {
  /** The stack's name: plans `Pulumi.<stack>.yaml`. */
  readonly stack: string;
  /** Project directory holding `Pulumi.<stack>.yaml` and the committed `plan/<stack>/`. */
  readonly directory: string;
  /** Where the `plan/` directory it writes goes; `directory` by default. */
  readonly outputDirectory?: string;
  /** Print the component tree too (`--tree`); default false. */
  readonly tree?: boolean;
}

export interface PlanResult {
  /** The review it prints. */
  readonly report: string;
  /** The files it wrote, relative to the output directory (`plan/dev/roles/….json`). */
  readonly files: string[];
  /**
   * Where it wrote them, relative to the output directory: `plan/<stack>` for the stack file's own
   * account and region, else `plan/.rendered/<stack>-<account>-<region>`, so that rendering for
   * another account never overwrites the committed plan.
   */
  readonly directory: string;
  /** The documents against the committed plan. */
  readonly diff: PlanDiff;
}

/**
 * Runs the plan; returns the text it prints and the files it wrote. Throws ConfigError (also when
 * another stack file of the directory would take the same names in the same account) or PlanError.
 *
 * @param options - the stack, the project directory and the flags
 */
export async function runPlan(options: PlanOptions): Promise<PlanResult> {
  // Loaded here, so that a usage error does not wait for Pulumi's SDK.
  const { simulateStackFile } = await import("./simulate");
  const { planFiles, summarize } = await import("./report");
  const { collisions } = await import("./collisions");
  const { footprintOf, projectFootprints } = await import("./footprints");
  const { diffPlans, diffSummary, readCommittedPlan } = await import("./planDiff");
  const { fitColumns } = await import("./columns");
  const { pinnedAccounts } = await import("./stackFile");

  const simulation = await simulateStackFile(options.directory, options.stack, options, (warning) =>
    console.warn(`warning: ${warning}`),
  );
  const { plan, settings, registered, outputs, raw, context } = simulation;
  const overridden = [options.account, options.region, options.partition].some((flag) => flag !== undefined);
  const files = planFiles(plan, settings, outputs, registered);

  // Checked against the stack file's own account and region, whatever the flags render.
  const file = `Pulumi.${options.stack}.yaml`;
  const known = new Map(overridden ? [] : [[options.stack, footprintOf(options.stack, simulation)]]);
  const project = await projectFootprints(options.directory, known);
  const problems = collisions(project.footprints, file);
  if (problems.length > 0) throw new ConfigError(problems);

  const diff = diffPlans(readCommittedPlan(options.directory, options.stack), files);
  const directory = overridden
    ? join("plan", ".rendered", `${options.stack}-${context.accountId}-${context.region}`)
    : join("plan", options.stack);
  const outputRoot = join(options.outputDirectory ?? options.directory, directory);
  rmSync(outputRoot, { recursive: true, force: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(outputRoot, name, ".."), { recursive: true });
    writeFileSync(join(outputRoot, name), content);
  }

  const placeholderAccount = options.account
    ? undefined
    : pinnedAccounts(raw["aws:allowedAccountIds"]).placeholderReason;
  const review = summarize(options.stack, context, plan, settings, registered, {
    placeholderAccount,
    tree: options.tree,
  });
  const unchecked = project.unchecked.filter((other) => other !== file);
  const report = [
    review,
    "",
    ...fitColumns([
      // Rendered for another account or region, every ARN differs: which documents is enough.
      ...diffSummary(diff, options.stack, overridden ? 0 : undefined),
      ...(unchecked.length > 0
        ? ["", `Not checked for names taken twice in one account (they do not plan): ${unchecked.join(", ")}`]
        : []),
    ]),
  ].join("\n");
  return { report, files: Object.keys(files).map((name) => join(directory, name)), directory, diff };
}

const usage =
  "usage: npm run plan -- [--stack <name>] [--tree] [--account <12 digits>] [--region <region>] [--partition <partition>]\n" +
  "  --stack defaults to dev: plans Pulumi.<name>.yaml of the current directory\n" +
  "  --tree also prints the component tree\n" +
  "  --account, --region, --partition render to plan/.rendered/<stack>-<account>-<region>/, never over plan/<stack>/";

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
    const { report, files, directory } = await runPlan({
      stack: values.stack ?? "dev",
      account: values.account,
      region: values.region,
      partition: values.partition,
      tree: values.tree,
      directory: process.cwd(),
    });
    const { colourize, wantsColour } = await import("./report");
    console.log(wantsColour(process.stdout, process.env) ? colourize(report) : report);
    console.log(`\nWrote ${files.length} documents to ${directory}/`);
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

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
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { readStack } from "../components/stack";
import { formatSdkBookkeepingTracesUnmapped } from "../components/stackTraces";
import { ConfigError, projectName } from "../config/read";
import { PlanError } from "../components/shared/plan";
import { ArnContext, partitionOfRegion } from "../iam";

/** The account offline plans render ARNs for unless `--account` names the real one. */
export const offlineAccountId = "123456789012";

export interface PlanOptions {
  readonly stack: string;
  readonly account?: string;
  readonly region?: string;
  readonly partition?: string;
  /** Project directory holding `Pulumi.<stack>.yaml`. */
  readonly directory: string;
  /** Where `plan/<stack>/` goes; `directory` by default. */
  readonly outputDirectory?: string;
}

/** Reads a stack file's config block: `mlops-iam:*` and `aws:*` keys with their YAML values. */
export function readStackFile(directory: string, stack: string): Record<string, unknown> {
  const file = join(directory, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) throw new ConfigError([`${file}: no such stack file`]);
  let parsed: { config?: Record<string, unknown> } | null;
  try {
    parsed = parseYaml(readFileSync(file, "utf8")) as typeof parsed;
  } catch (error) {
    // The YAML library's message carries line and column; the file name is ours to add.
    const position = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const where = position ? `${file}:${position.line}:${position.col}` : file;
    throw new ConfigError([`${where}: expected valid YAML: ${(error as Error).message.split("\n")[0]}`]);
  }
  // Pulumi reads a key without a namespace as one of the project's (`protect` is `mlops-iam:protect`),
  // and a top-level scalar as its text, whatever YAML makes of it (`namePrefix: 12345` is "12345").
  return Object.fromEntries(
    Object.entries(parsed?.config ?? {}).map(([key, value]) => [
      key.includes(":") ? key : `${projectName}:${key}`,
      value !== null && typeof value !== "object" ? String(value) : value,
    ]),
  );
}

/** Runs the plan; returns the text it prints and the files it wrote. Throws ConfigError/PlanError. */
export async function runPlan(options: PlanOptions): Promise<{ report: string; files: string[] }> {
  const raw = readStackFile(options.directory, options.stack);
  const { config, arn: context } = await readStack(raw, {
    arnContext: () => offlineContext(options, raw),
    warn: (warning) => console.warn(`warning: ${warning}`),
  });
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
  const report = summarize(options.stack, context, plan, settings, registered);
  return { report, files: Object.keys(files).map((name) => join("plan", options.stack, name)) };
}

/**
 * The account, region and partition the plan renders ARNs for: the flags, else the stack file's
 * `aws:allowedAccountIds` (when it names one account) and `aws:region`; all checked, since a wrong
 * one would render ARNs that match nothing.
 */
export function offlineContext(
  options: Pick<PlanOptions, "account" | "region" | "partition">,
  raw: Record<string, unknown>,
): ArnContext {
  const problems: string[] = [];
  const pinned = raw["aws:allowedAccountIds"];
  const pinnedIds = typeof pinned === "string" ? safeJson(pinned) : pinned;
  if (Array.isArray(pinnedIds) && pinnedIds.some((id) => typeof id !== "string")) {
    problems.push(
      `aws:allowedAccountIds: expected account ids as quoted strings (["012345678901"]; a bare number loses leading zeros), got ${JSON.stringify(pinnedIds)}`,
    );
  }
  const accountId =
    options.account ??
    (Array.isArray(pinnedIds) && pinnedIds.length === 1 ? String(pinnedIds[0]) : offlineAccountId);
  if (!/^\d{12}$/.test(accountId)) {
    problems.push(
      `${options.account ? "--account" : "aws:allowedAccountIds"}: expected a 12-digit account id, got "${accountId}"`,
    );
  }
  const region = options.region ?? (typeof raw["aws:region"] === "string" ? raw["aws:region"] : undefined);
  if (!region) {
    problems.push(`aws:region: expected the stack's region (or --region), got nothing`);
  } else if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    problems.push(
      `${options.region ? "--region" : "aws:region"}: expected an AWS region such as eu-west-1, got "${region}"`,
    );
  }
  const partition = options.partition ?? (region ? partitionOfRegion(region) : "aws");
  if (region && partition !== partitionOfRegion(region)) {
    problems.push(
      `--partition: expected ${partitionOfRegion(region)}, the partition of region ${region}, got "${partition}"`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { accountId, region: region as string, partition };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const usage =
  "usage: npm run plan -- [--stack <name>] [--account <12 digits>] [--region <region>] [--partition <partition>]\n" +
  "  --stack defaults to dev: plans Pulumi.<name>.yaml of the current directory";

async function main(): Promise<number> {
  formatSdkBookkeepingTracesUnmapped();
  let values: { stack?: string; account?: string; region?: string; partition?: string };
  try {
    ({ values } = parseArgs({
      options: {
        stack: { type: "string", default: "dev" },
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
      directory: process.cwd(),
    });
    // Colour only for a person at a terminal; CI logs and redirected output stay plain.
    const { colourize } = await import("./report");
    console.log(process.stdout.isTTY && !process.env.NO_COLOR ? colourize(report) : report);
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

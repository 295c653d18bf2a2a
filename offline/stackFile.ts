/**
 * A stack file as the offline plan reads it: `Pulumi.<stack>.yaml`'s config block, the accounts it
 * may deploy to, and the account, region and partition its ARNs are rendered for.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { ConfigError, projectName } from "../config/read";
import { ArnContext, partitionOfRegion } from "../iam";

/** The account offline plans render ARNs for unless `--account` names the real one. */
export const offlineAccountId = "123456789012";

/** What `--account`, `--region` and `--partition` render instead of the stack file's own. */
export interface ContextOverrides {
  /** A 12-digit account id; default: the one account of `aws:allowedAccountIds`, else a placeholder. */
  readonly account?: string;
  /** An AWS region; default: `aws:region`. */
  readonly region?: string;
  /** The region's partition (checked against it); default: the region's. */
  readonly partition?: string;
}

/**
 * Reads a stack file's config block: `mlops-iam:*` and `aws:*` keys with their YAML values.
 *
 * @param directory - the project directory
 * @param stack - the stack's name: the file is `Pulumi.<stack>.yaml`
 */
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

/** Which accounts a stack file may deploy to, as its `aws:allowedAccountIds` says. */
export interface PinnedAccounts {
  /** The account ids; undefined when the file does not limit them (any account). */
  readonly ids?: readonly string[];
  /** Why the offline plan cannot render one real account, when it cannot. */
  readonly placeholderReason?: string;
}

/**
 * The accounts of a stack file's `aws:allowedAccountIds`, a YAML list or the JSON text the engine
 * passes. Anything but a list of exactly one id leaves the plan on a placeholder account; anything
 * but a list leaves the stack free to deploy to any account (the AWS provider reads only a list).
 *
 * @param value - the raw value of `aws:allowedAccountIds` (see `readStackFile`)
 */
export function pinnedAccounts(value: unknown): PinnedAccounts {
  if (value === undefined) return { placeholderReason: "aws:allowedAccountIds is absent" };
  const list = typeof value === "string" ? jsonList(value) : value;
  if (!Array.isArray(list)) {
    return {
      placeholderReason: `aws:allowedAccountIds is ${JSON.stringify(value)}, a bare value, not a list of account ids`,
    };
  }
  const ids = list.map(String);
  if (ids.length === 1) return { ids };
  return {
    ids,
    placeholderReason:
      ids.length === 0
        ? "aws:allowedAccountIds lists no account"
        : `aws:allowedAccountIds lists ${ids.length} accounts (${ids.join(", ")}), so which one is open`,
  };
}

function jsonList(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The account, region and partition the plan renders ARNs for: the flags, else the stack file's
 * `aws:allowedAccountIds` (when it names one account) and `aws:region`; all checked, since a wrong
 * one would render ARNs that match nothing.
 *
 * @param options - the flags, each overriding the stack file
 * @param raw - the stack file's config block (see {@link readStackFile})
 */
export function offlineContext(options: ContextOverrides, raw: Record<string, unknown>): ArnContext {
  const problems: string[] = [];
  const pinned = raw["aws:allowedAccountIds"];
  const pinnedIds = typeof pinned === "string" ? jsonList(pinned) : pinned;
  if (Array.isArray(pinnedIds) && pinnedIds.some((id) => typeof id !== "string")) {
    problems.push(
      `aws:allowedAccountIds: expected account ids as quoted strings (["012345678901"]; a bare number loses leading zeros), got ${JSON.stringify(pinnedIds)}`,
    );
  }
  const { ids, placeholderReason } = pinnedAccounts(pinned);
  const accountId = options.account ?? (placeholderReason || !ids ? offlineAccountId : ids[0]);
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

/**
 * The stacks of a project directory, from its `Pulumi.<stack>.yaml` files, sorted.
 *
 * @param directory - the project directory
 */
export function stackFileNames(directory: string): string[] {
  return readdirSync(directory)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

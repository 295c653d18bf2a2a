/**
 * The offline plan against the committed `plan/<stack>/`: documents added, removed and changed, so a
 * reviewer sees what `pulumi up` would delete as well as what it adds, and a `namePrefix` change
 * with everything it replaces.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One changed document and its changed lines (`- old`, `+ new`). */
export interface ChangedDocument {
  readonly file: string;
  readonly lines: readonly string[];
}

/** A `namePrefix` change and the IAM names it replaces, old → new. */
export interface PrefixChange {
  readonly from: string;
  readonly to: string;
  /** `roles/…json` and `policies/…json` documents under their old and new names. */
  readonly replaced: readonly { readonly from: string; readonly to: string }[];
}

export interface PlanDiff {
  /** Whether the stack has a committed plan at all. */
  readonly committed: boolean;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly ChangedDocument[];
  readonly prefixChange?: PrefixChange;
}

/**
 * The committed plan of a stack, file path under `plan/<stack>/` → content, or undefined when the
 * stack has none yet.
 *
 * @param directory - the project directory
 * @param stack - the stack's name
 */
export function readCommittedPlan(directory: string, stack: string): Record<string, string> | undefined {
  const root = join(directory, "plan", stack);
  return existsSync(root) ? readTree(root) : undefined;
}

/** Every file under a directory, relative path (with `/`) → content. */
function readTree(root: string, prefix = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, readTree(root, relative));
    else files[relative] = readFileSync(join(root, relative), "utf8");
  }
  return files;
}

/**
 * What changed from the committed plan to this one.
 *
 * @param committed - the committed plan (see {@link readCommittedPlan}), undefined when there is none
 * @param files - this plan's files, path → content
 */
export function diffPlans(
  committed: Readonly<Record<string, string>> | undefined,
  files: Readonly<Record<string, string>>,
): PlanDiff {
  const before = committed ?? {};
  const added = Object.keys(files).filter((file) => !(file in before));
  const removed = Object.keys(before).filter((file) => !(file in files));
  const changed = Object.keys(files)
    .filter((file) => file in before && before[file] !== files[file])
    .map((file) => ({ file, lines: changedLines(before[file], files[file]) }));
  const from = namePrefixOf(before["stack.json"]);
  const to = namePrefixOf(files["stack.json"]);
  const prefixChange =
    committed && from !== undefined && to !== undefined && from !== to
      ? { from, to, replaced: renamedDocuments(removed, added, from, to) }
      : undefined;
  return { committed: committed !== undefined, added, removed, changed, prefixChange };
}

function namePrefixOf(stackJson: string | undefined): string | undefined {
  if (stackJson === undefined) return undefined;
  const prefix = (JSON.parse(stackJson) as { settings?: { namePrefix?: unknown } }).settings?.namePrefix;
  return typeof prefix === "string" ? prefix : undefined;
}

/** Removed documents whose name, with the new prefix for the old, is an added one. */
function renamedDocuments(removed: readonly string[], added: readonly string[], from: string, to: string) {
  return removed.flatMap((file) => {
    const [folder, name] = file.split("/");
    const renamed = name?.startsWith(from) ? `${folder}/${to}${name.slice(from.length)}` : undefined;
    return renamed && added.includes(renamed) ? [{ from: file, to: renamed }] : [];
  });
}

/**
 * Lines only in `before` (`- `) and only in `after` (`+ `), in order, trimmed: a longest common
 * subsequence diff (documents are a few hundred lines at most).
 *
 * @param before - the committed document
 * @param after - the planned document
 */
export function changedLines(before: string, after: string): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // common[i][j]: the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || common[i + 1][j] >= common[i][j + 1])) {
      lines.push(`- ${a[i++].trim()}`);
    } else {
      lines.push(`+ ${b[j++].trim()}`);
    }
  }
  return lines;
}

/** Changed lines shown per document; the rest are counted (the documents themselves are on disk). */
const defaultLinesPerDocument = 20;

/** What a document under `plan/<stack>/` stands for, for "would delete" lines. */
function documentLabel(file: string): string {
  const [folder, name] = file.split("/");
  const base = (name ?? folder).replace(/\.json$/, "");
  const kinds: Record<string, string> = { roles: "role", policies: "policy", resources: "resource" };
  return kinds[folder] ? `${kinds[folder]} ${base}` : file;
}

/**
 * The diff as the plan prints it.
 *
 * @param diff - see {@link diffPlans}
 * @param stack - the stack's name
 * @param linesPerDocument - changed lines shown per document (0 when every ARN differs anyway)
 */
export function diffSummary(
  diff: PlanDiff,
  stack: string,
  linesPerDocument = defaultLinesPerDocument,
): string[] {
  const where = `plan/${stack}/`;
  if (!diff.committed) {
    return [
      `No committed plan for stack ${stack} (${where} does not exist): every document is new.`,
      `  Commit ${where} with Pulumi.${stack}.yaml, so that each later pull request shows what it changes.`,
    ];
  }
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) {
    return [`No changes against the committed plan (${where}).`];
  }
  const lines = [`Changes against the committed plan (${where}):`];
  const replaced = new Set(diff.prefixChange?.replaced.flatMap(({ from, to }) => [from, to]) ?? []);
  if (diff.prefixChange) {
    const { from, to } = diff.prefixChange;
    lines.push(
      `  namePrefix changes from ${from} to ${to}. IAM cannot rename, so pulumi up replaces every role,`,
      "  policy, attachment and instance profile it names: it creates the new ones, moves the",
      "  attachments, then deletes the old ones (what still uses an old ARN breaks; protected",
      '  resources stop the update). docs/offline-plan.md, "Changing namePrefix", says how to move.',
      ...diff.prefixChange.replaced.map(
        ({ from: old, to: renamed }) =>
          `  replaced ${documentLabel(old)} by ${documentLabel(renamed).split(" ").pop()}`,
      ),
    );
  }
  lines.push(...diff.added.filter((file) => !replaced.has(file)).map((file) => `  added    ${file}`));
  lines.push(
    ...diff.removed
      .filter((file) => !replaced.has(file))
      .map((file) => `  removed  ${file}: pulumi up would delete ${documentLabel(file)}`),
  );
  for (const { file, lines: changed } of diff.changed) {
    lines.push(`  changed  ${file}`, ...changed.slice(0, linesPerDocument).map((line) => `      ${line}`));
    if (changed.length > linesPerDocument) {
      const more = changed.length - linesPerDocument;
      lines.push(`      ${linesPerDocument > 0 ? `... ${more} more` : more} changed lines`);
    }
  }
  return lines;
}

/**
 * Why the committed plan does not match this one, as a sentence that says what to run, or
 * undefined when it matches: for the test and the pull-request check.
 *
 * @param diff - see {@link diffPlans}
 * @param stack - the stack's name
 */
export function committedPlanProblem(diff: PlanDiff, stack: string): string | undefined {
  const run = `run \`npm run plan -- --stack ${stack}\` and commit plan/${stack}/`;
  if (!diff.committed) return `Pulumi.${stack}.yaml has no committed plan (plan/${stack}/): ${run}`;
  const stale = [
    ...diff.added.map((file) => `added ${file}`),
    ...diff.removed.map((file) => `removed ${file}`),
    ...diff.changed.map(({ file }) => `changed ${file}`),
  ];
  return stale.length === 0 ? undefined : `plan/${stack}/ is stale (${stale.join(", ")}): ${run}`;
}

/**
 * Stack files checked together: names that must be unique in an AWS account (every IAM name, in
 * every region) or in one region of it (the names that carry no `namePrefix`: the serving-image
 * repository, created tracking servers and apps) must not be taken by two stack files that may
 * deploy to the same account. `cp Pulumi.dev.yaml Pulumi.staging.yaml` is the usual way there.
 */
import { RegisteredResource } from "./mocks";

/** A name that must be unique in an account, or in a region of it when `region` is set. */
export interface UniqueName {
  /** What it names, e.g. `IAM role`, `ECR repository`. */
  readonly kind: string;
  readonly name: string;
  /** The region the name is unique in; undefined for IAM, whose names are global per account. */
  readonly region?: string;
}

/** What one stack file would take in its account. */
export interface StackFootprint {
  /** The stack file's name, e.g. `Pulumi.dev.yaml`. */
  readonly file: string;
  readonly namePrefix: string;
  /** The accounts it may deploy to; undefined for any account. */
  readonly accounts?: readonly string[];
  readonly names: readonly UniqueName[];
}

/** Registered types whose physical name must be unique, the input that holds it, and its scope. */
const uniquelyNamed: Record<string, { kind: string; input: string; regional: boolean }> = {
  "aws:iam/role:Role": { kind: "IAM role", input: "name", regional: false },
  "aws:iam/policy:Policy": { kind: "IAM policy", input: "name", regional: false },
  "aws:iam/instanceProfile:InstanceProfile": { kind: "IAM instance profile", input: "name", regional: false },
  "awsx:ecr:Repository": { kind: "ECR repository", input: "name", regional: true },
  "aws:sagemaker/mlflowTrackingServer:MlflowTrackingServer": {
    kind: "MLflow tracking server",
    input: "trackingServerName",
    regional: true,
  },
  "aws:sagemaker/mlflowApp:MlflowApp": { kind: "MLflow App", input: "name", regional: true },
};

/**
 * The names a stack registers that must be unique in its account or region.
 *
 * @param registered - what the stack registered under the mocks
 * @param stackRegion - the stack's region (`aws:region`), where a resource without its own goes
 */
export function uniqueNames(registered: readonly RegisteredResource[], stackRegion: string): UniqueName[] {
  return registered.flatMap((resource): UniqueName[] => {
    const rule = uniquelyNamed[resource.type];
    const name = rule ? resource.inputs[rule.input] : undefined;
    if (!rule || typeof name !== "string") return [];
    const region = typeof resource.inputs.region === "string" ? resource.inputs.region : stackRegion;
    return [{ kind: rule.kind, name, ...(rule.regional ? { region } : {}) }];
  });
}

/**
 * Every pair of stack files that may deploy to the same account and would take the same names
 * there, one problem per pair and scope, naming both files. Only pairs with `of` when it is given.
 *
 * @param footprints - every stack file of the project
 * @param of - the file being planned, when only its own collisions matter
 */
export function collisions(footprints: readonly StackFootprint[], of?: string): string[] {
  const problems: string[] = [];
  footprints.forEach((a, i) => {
    for (const b of footprints.slice(i + 1)) {
      if (of !== undefined && a.file !== of && b.file !== of) continue;
      const account = sharedAccount(a, b);
      if (account !== undefined) problems.push(...pairCollisions(a, b, account));
    }
  });
  return problems;
}

/** Where two stack files may both deploy, in words, or undefined when they never share an account. */
function sharedAccount(a: StackFootprint, b: StackFootprint): string | undefined {
  if (a.accounts && b.accounts) {
    const shared = a.accounts.filter((id) => b.accounts?.includes(id));
    return shared.length > 0 ? `account ${shared.join(", ")}` : undefined;
  }
  const unpinned = [a, b].filter((footprint) => !footprint.accounts).map((footprint) => footprint.file);
  const pinned = a.accounts ?? b.accounts;
  return `${pinned ? `account ${pinned.join(", ")}` : "the same account"} (${unpinned.join(" and ")} ${
    unpinned.length === 1 ? "pins" : "pin"
  } no account in aws:allowedAccountIds, so may deploy to any)`;
}

function pairCollisions(a: StackFootprint, b: StackFootprint, account: string): string[] {
  const pair = `${a.file} and ${b.file}`;
  const problems: string[] = [];
  const samePrefix = a.namePrefix.toLowerCase() === b.namePrefix.toLowerCase();
  if (samePrefix) {
    const spelling =
      a.namePrefix === b.namePrefix ? a.namePrefix : `${a.namePrefix} and ${b.namePrefix} (IAM ignores case)`;
    problems.push(
      `${pair}: both use namePrefix ${spelling} and may deploy to ${account}: every IAM name (roles, ` +
        `policies, instance profiles) would collide, since IAM names are global per account, in every ` +
        `region. Give each stack file its own mlops-iam:namePrefix.`,
    );
  }
  const byScope = new Map<string, { names: string[]; region?: string; kind: string }>();
  const taken = new Map(a.names.map((name) => [scopedKey(name), name]));
  for (const name of b.names) {
    const other = taken.get(scopedKey(name));
    // With the same prefix every IAM name collides, said once above.
    if (!other || (samePrefix && name.region === undefined)) continue;
    const scope = `${name.kind}\u0000${name.region ?? ""}`;
    const entry = byScope.get(scope) ?? { names: [], region: name.region, kind: name.kind };
    byScope.set(scope, entry);
    entry.names.push(other.name === name.name ? name.name : `${other.name}/${name.name}`);
  }
  for (const { names, region, kind } of byScope.values()) {
    const where = region ? `${account}, region ${region}` : account;
    const fix = region
      ? "a name without the namePrefix is unique per account and region: create it in one of the stacks only, or name it apart"
      : "IAM names are global per account, in every region (and ignore case)";
    problems.push(`${pair}: both would create ${kind} ${names.join(", ")} in ${where}: ${fix}`);
  }
  return problems;
}

/** IAM ignores case in names; the other services here take lower-case names only. */
function scopedKey(name: UniqueName): string {
  return `${name.kind}\u0000${name.region ?? ""}\u0000${name.name.toLowerCase()}`;
}

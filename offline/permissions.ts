/**
 * What a set of policy documents allows, as a reviewer reads it: per service, the actions grouped by
 * their access level in the IAM catalog (Read and List before Write, Tagging and Permissions
 * management), each group with its resources one per line and its conditions.
 */
import { AccessLevel, IamCatalog, PolicyStatement, accessLevelNames, splitAction } from "../iam";

/** Levels in the order a reviewer weighs them: what reads, then what changes, then who may do what. */
const levelOrder: readonly string[] = accessLevelNames satisfies readonly AccessLevel[];

/**
 * The access level an action string has in the catalog; a wildcard has its matches' (several,
 * joined, when they differ).
 *
 * @param action - `service:Name`, or a pattern with `*` and `?`
 * @param catalog - the IAM catalog
 */
export function accessLevelOf(action: string, catalog: IamCatalog): string {
  const levels = [...new Set(catalog.expand(action).map((match) => match.accessLevel))].sort(
    (a, b) => levelOrder.indexOf(a) - levelOrder.indexOf(b),
  );
  // The documents are validated against the catalog before the plan prints, so this is a wildcard
  // that matches nothing today or an action the catalog does not know yet.
  return levels.length === 0 ? "Unknown" : levels.join(" and ");
}

/** Actions of one service and level that share their effect, resources and conditions. */
interface Grant {
  readonly effect: string;
  readonly actions: string[];
  readonly resources: readonly string[];
  /** As {@link conditionLines} writes them, without indentation. */
  readonly conditions: readonly string[];
}

/**
 * The statements' grants, by service (sorted), then by access level (in {@link levelOrder}); grants
 * on the same resources under the same conditions are merged, whichever statement they came from.
 *
 * @param statements - the statements of every document attached to one principal
 * @param catalog - gives each action's access level
 * @param indent - spaces before the service lines
 */
export function permissionLines(
  statements: readonly PolicyStatement[],
  catalog: IamCatalog,
  indent = "  ",
): string[] {
  const services = new Map<string, Map<string, Map<string, Grant>>>();
  for (const statement of statements) {
    const resources = statement.Resource ?? [];
    const conditions = conditionLines(statement, "");
    for (const action of statement.Action) {
      const [service, name] = splitAction(action);
      const level = accessLevelOf(action, catalog);
      const key = JSON.stringify([statement.Effect, resources, conditions]);
      const levels = services.get(service) ?? new Map<string, Map<string, Grant>>();
      services.set(service, levels);
      const grants = levels.get(level) ?? new Map<string, Grant>();
      levels.set(level, grants);
      const grant = grants.get(key) ?? { effect: statement.Effect, actions: [], resources, conditions };
      grants.set(key, grant);
      if (!grant.actions.includes(name)) grant.actions.push(name);
    }
  }
  const lines: string[] = [];
  for (const service of [...services.keys()].sort()) {
    lines.push(`${indent}${service}`);
    const levels = services.get(service) as Map<string, Map<string, Grant>>;
    for (const level of [...levels.keys()].sort(byLevel)) {
      for (const grant of (levels.get(level) as Map<string, Grant>).values()) {
        const effect = grant.effect === "Allow" ? "" : ` (${grant.effect})`;
        lines.push(`${indent}  ${level}${effect}: ${[...grant.actions].sort().join(", ")}`);
        lines.push(
          ...grant.resources.map((resource, i) => `${indent}    ${i === 0 ? "on" : "  "} ${resource}`),
        );
        lines.push(...grant.conditions.map((condition) => `${indent}    ${condition}`));
      }
    }
  }
  return lines;
}

/**
 * A statement's conditions, `when key Operator value`, then ` and ...` for each further key; a key
 * with several values that are ARNs gives each its own line (`| arn:...`) under the first.
 *
 * @param statement - the statement whose conditions to show
 * @param indent - spaces before each line
 */
export function conditionLines(statement: PolicyStatement, indent: string): string[] {
  const entries = Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) =>
    Object.entries(keys).map(([key, value]) => ({ head: `${key} ${operator}`, values: [value].flat() })),
  );
  return entries.flatMap(({ head, values }, i) => {
    const first = `${indent}${i === 0 ? "when" : " and"} ${head}`;
    if (!values.some((value) => value.startsWith("arn:"))) return [`${first} ${values.join("|")}`];
    const under = " ".repeat(first.length - 1);
    return [`${first} ${values[0]}`, ...values.slice(1).map((value) => `${under}| ${value}`)];
  });
}

function byLevel(a: string, b: string): number {
  const rank = (level: string) => {
    const index = levelOrder.indexOf(level.split(/, | and /)[0]);
    return index < 0 ? levelOrder.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

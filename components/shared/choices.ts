/**
 * Checks of component args that Pulumi's component schema cannot express: the schema has no unions,
 * so a choice (an access level, a step type, an access mode) is a plain `string` in the args and is
 * checked with these, at the component boundary, before anything is registered. Stack config never gets this far with a bad
 * value (its zod schema rejects it first, naming the config key).
 */

/** Whether `value` is one of `allowed`, narrowing it to the union. */
export function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value);
}

/** The problem with a choice argument (`where`, e.g. `mlflow-access-x: level`), or none. */
export function choiceProblems(allowed: readonly string[], value: unknown, where: string): string[] {
  if (isOneOf(allowed, value)) return [];
  return [`${where}: expected one of ${allowed.join(", ")}, got ${JSON.stringify(value) ?? "undefined"}`];
}

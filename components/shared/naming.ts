/**
 * IAM names are explicit and deterministic (`<namePrefix>-<purpose>`): SCPs, Databricks and
 * job-prefix policies refer to them by name, so a name must never depend on list order or on a
 * random suffix.
 */

/**
 * Every fixed suffix the program appends to `namePrefix` for a role. The config schema keeps room
 * for the longest of them in IAM's 64-character role-name limit, so add a suffix here when a
 * component starts using it.
 */
export const roleNameSuffixes = {
  mlflowTrackingServer: "-mlflow-tracking",
  mlflowService: "-mlflow-service",
  pipelineExecution: "-pipeline-exec",
  /** One per step type that runs a job with a role: `-step-<step type>`; this is the longest. */
  pipelineStep: "-step-quality-check",
  databricksDeployment: "-databricks-deploy",
  databricksServing: "-databricks-serving",
} as const;

/** The IAM name of one of the program's fixed roles: `<namePrefix><suffix>`. */
export function roleName(namePrefix: string, role: keyof typeof roleNameSuffixes): string {
  return `${namePrefix}${roleNameSuffixes[role]}`;
}

export function longestRoleNameSuffix(): string {
  return Object.values(roleNameSuffixes).reduce((longest, suffix) =>
    suffix.length > longest.length ? suffix : longest,
  );
}

/** `<namePrefix>-<part>-<part>...`, the one way the program composes an IAM name. */
export function iamName(namePrefix: string, ...parts: string[]): string {
  return [namePrefix, ...parts].join("-");
}

/** `registerModel` → `register-model`, for names built from config identifiers. */
export function kebabCase(identifier: string): string {
  return identifier.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

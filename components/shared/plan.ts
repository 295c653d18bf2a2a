/**
 * Plans: the roles and policies a component will create, as plain data. Components build their
 * plans with pure functions, the stack validates every plan before registering anything, and the
 * offline plan prints them. A plan is exactly what `pulumi up` deploys.
 */
import {
  ArnContext,
  IamCatalog,
  IamQuotas,
  defaultQuotas,
  iamLimits,
  maximumQuotas,
  PolicyDocument,
  PolicyStatement,
  QuotaError,
  packStatements,
  roleArn,
  roleQuotaProblems,
  validateDocument,
} from "../../iam";

/** What every component needs from the stack: naming, tagging, protection and the ARN context. */
export interface PlatformSettings {
  /** Start of every IAM name the program creates. */
  readonly namePrefix: string;
  /** Tags applied to every taggable IAM resource. */
  readonly tags: Readonly<Record<string, string>>;
  /** Permissions boundary applied to every role, if any. */
  readonly permissionsBoundaryArn?: string;
  /** IAM path of every role and policy. */
  readonly rolePath: string;
  /** Whether roles and policies are `protect`ed against `pulumi destroy`. */
  readonly protect: boolean;
  /** The account's IAM quotas; each defaults to IAM's default. */
  readonly quotas?: QuotaSettings;
  /** Partition, region and account the ARNs point to. */
  readonly arn: ArnContext;
}

/** The account's IAM quotas, where they differ from IAM's defaults (see `iam/limits.ts`). */
export interface QuotaSettings {
  /** Characters of one customer-managed policy document; default 6,144 (fixed by IAM). */
  readonly managedPolicySize?: number;
  /** Characters of all inline policies of one role together; default 10,240 (fixed by IAM). */
  readonly inlinePoliciesPerRoleSize?: number;
  /** Characters of a role's trust policy; default 2,048 (raisable to 4,096). */
  readonly trustPolicySize?: number;
  /** Managed policies attached to one role; default 10 (raisable to 20). */
  readonly managedPoliciesPerRole?: number;
  /** Managed policies attached to one user; default 10 (raisable to 20). */
  readonly managedPoliciesPerUser?: number;
  /** Managed policies attached to one group; 10 (fixed by IAM). */
  readonly managedPoliciesPerGroup?: number;
  /** Customer-managed policies in the account; default 1,500 (raisable to 5,000). */
  readonly customerManagedPolicies?: number;
  /**
   * Managed policies each existing role, group and user (the ones policies are attached to) already
   * has, counted with the stack's against its quota; default 0. Not a quota: an allowance.
   */
  readonly alreadyAttached?: number;
}

/** The quotas that apply: the settings' own, IAM's defaults for the rest. */
export function quotasOf(settings: Pick<PlatformSettings, "quotas">): IamQuotas {
  const quotas = { ...defaultQuotas };
  for (const key of Object.keys(defaultQuotas) as (keyof IamQuotas)[]) {
    const configured = settings.quotas?.[key];
    if (configured !== undefined) quotas[key] = configured;
  }
  return quotas;
}

/**
 * Who an existing-principal policy is attached to (roles, groups and users that already exist).
 * Plain mutable arrays, since component args must be types Pulumi's schema analyzer accepts.
 */
export interface Attachments {
  /** Existing role names; default none. */
  readonly roles?: string[];
  /** Existing group names; default none. */
  readonly groups?: string[];
  /** Existing user names; default none. */
  readonly users?: string[];
}

/** Attachments with every list spelled out, as plans carry them. */
export type PlannedAttachments = Required<Attachments>;

export const noAttachments: PlannedAttachments = { roles: [], groups: [], users: [] };

/** Every list of the argument, empty where omitted. */
export function plannedAttachments(attachTo: Attachments = {}): PlannedAttachments {
  return { roles: attachTo.roles ?? [], groups: attachTo.groups ?? [], users: attachTo.users ?? [] };
}

/** A role and everything attached to it. */
export interface RolePlan {
  /**
   * Pulumi resource name of the role, unique in the stack (e.g. `<component name>-role`); its
   * children derive theirs from it. Built from config names, never from list positions.
   */
  readonly key: string;
  /** The IAM role name. */
  readonly name: string;
  readonly description: string;
  readonly trust: PolicyDocument;
  /** Inline policies by name. */
  readonly inlinePolicies: Readonly<Record<string, PolicyDocument>>;
  /** Statements packed into as few customer-managed policies as fit (`<role>-1`, `<role>-2`, ...). */
  readonly managedStatements: readonly PolicyStatement[];
  /** AWS managed policy ARNs to attach. */
  readonly awsManagedPolicyArns: readonly string[];
  /** Tags on top of the stack's tags (e.g. the principal tag an SCP exception keys on). */
  readonly extraTags?: Readonly<Record<string, string>>;
}

/** A customer-managed policy attached to principals that exist outside this program. */
export interface PolicyPlan {
  /** Pulumi resource name of the policy, unique in the stack; attachments derive theirs from it. */
  readonly key: string;
  /** Policy name; packed parts beyond the first get `-2`, `-3`, ... */
  readonly name: string;
  readonly description: string;
  readonly statements: readonly PolicyStatement[];
  readonly attachTo: PlannedAttachments;
}

/** The managed-policy documents a role's statements pack into, and their names. */
export function packedPolicies(
  name: string,
  statements: readonly PolicyStatement[],
  quotas: IamQuotas,
): { name: string; document: PolicyDocument }[] {
  if (statements.length === 0) return [];
  const documents = packStatements(statements, `policy ${name}`, quotas.managedPolicySize);
  return documents.map((document, index) => ({
    name: index === 0 ? name : `${name}-${index + 1}`,
    document,
  }));
}

/** The managed policies a role plan creates: `<role>-permissions`, then `-2`, `-3` when packed. */
export function rolePolicies(plan: RolePlan, quotas: IamQuotas) {
  return packedPolicies(`${plan.name}-permissions`, plan.managedStatements, quotas);
}

/**
 * How many times each role and policy was planned and validated in this process, by IAM name: the
 * stack plans and validates each once per run, and a test holds it to that.
 */
export const planningLog = {
  planned: new Map<string, number>(),
  validated: new Map<string, number>(),
  reset(): void {
    this.planned.clear();
    this.validated.clear();
  },
};

function count(counts: Map<string, number>, name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
}

/** Records that the plans of one component were computed. */
export function logPlanned(plans: ComponentPlan): void {
  for (const plan of [...plans.roles, ...plans.policies]) count(planningLog.planned, plan.name);
}

/** How the program's config raises a raisable quota, for quota messages. */
const raiseQuota: Partial<Record<keyof IamQuotas, string>> = {
  managedPoliciesPerRole: "raise mlops-iam:quotas.managedPoliciesPerRole if your account's quota is higher",
  trustPolicySize: "raise mlops-iam:quotas.trustPolicySize if your account's quota is higher",
};

/** Every problem with a role plan: names, catalog validation of each document, and quotas. */
export function rolePlanProblems(plan: RolePlan, settings: PlatformSettings, catalog: IamCatalog): string[] {
  count(planningLog.validated, plan.name);
  const label = `role ${plan.name}`;
  const problems: string[] = [];
  if (plan.name.length > iamLimits.roleName) {
    problems.push(`${label}: the name is ${plan.name.length} characters, over IAM's ${iamLimits.roleName}`);
  }
  if (plan.description.length > iamLimits.roleDescription) {
    problems.push(
      `${label}: the description is ${plan.description.length} characters, over IAM's ${iamLimits.roleDescription}`,
    );
  }
  // The stack's tags and the role's own (an SCP's principal tag) together, as IAM counts them.
  const tagKeys = [...Object.keys(settings.tags), ...Object.keys(plan.extraTags ?? {})];
  const folded = new Set(tagKeys.map((key) => key.toLowerCase()));
  if (folded.size > iamLimits.tagsPerResource) {
    problems.push(`${label}: ${folded.size} tags with the stack's, over IAM's ${iamLimits.tagsPerResource}`);
  }
  const clashing = Object.keys(plan.extraTags ?? {}).filter((key) =>
    Object.keys(settings.tags).some((other) => other !== key && other.toLowerCase() === key.toLowerCase()),
  );
  for (const key of clashing) {
    problems.push(`${label}: tag ${key} equals a stack tag but for case; IAM treats them as one key`);
  }
  problems.push(...validateDocument(plan.trust, "trust", catalog, `${label} trust policy`));
  for (const [name, document] of Object.entries(plan.inlinePolicies)) {
    problems.push(...validateDocument(document, "identity", catalog, `${label} inline policy ${name}`));
  }
  const managed = packOrProblem(() => rolePolicies(plan, quotasOf(settings)), problems);
  for (const policy of managed) {
    problems.push(...validateDocument(policy.document, "identity", catalog, `policy ${policy.name}`));
  }
  problems.push(
    ...roleQuotaProblems(
      {
        roleName: plan.name,
        trust: plan.trust,
        inlinePolicies: Object.values(plan.inlinePolicies),
        managedPolicies: managed.map((policy) => policy.document),
        otherAttachedPolicies: plan.awsManagedPolicyArns.length,
      },
      quotasOf(settings),
      raiseQuota,
    ),
  );
  return problems;
}

/** Every problem with a policy plan: its name, catalog validation and size. */
export function policyPlanProblems(
  plan: PolicyPlan,
  settings: PlatformSettings,
  catalog: IamCatalog,
): string[] {
  count(planningLog.validated, plan.name);
  const problems: string[] = [];
  if (plan.description.length > iamLimits.policyDescription) {
    problems.push(
      `policy ${plan.name}: the description is ${plan.description.length} characters, over IAM's ${iamLimits.policyDescription}`,
    );
  }
  const parts = packOrProblem(() => packedPolicies(plan.name, plan.statements, quotasOf(settings)), problems);
  for (const part of parts) {
    if (part.name.length > iamLimits.policyName) {
      problems.push(
        `policy ${part.name}: the name is ${part.name.length} characters, over IAM's ${iamLimits.policyName}`,
      );
    }
    problems.push(...validateDocument(part.document, "identity", catalog, `policy ${part.name}`));
  }
  return problems;
}

function packOrProblem<T>(pack: () => T[], problems: string[]): T[] {
  try {
    return pack();
  } catch (error) {
    if (!(error instanceof QuotaError)) throw error;
    problems.push(error.message);
    return [];
  }
}

/** The ARN a planned role will have. */
export function plannedRoleArn(plan: RolePlan, settings: PlatformSettings): string {
  return roleArn(settings.arn, plan.name, settings.rolePath);
}

/** A plan (or component arguments) that failed validation: every problem, reported together. */
export class PlanError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid IAM: nothing was registered (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((problem) => `  - ${problem}`).join("\n"),
    );
    this.name = "PlanError";
  }
}

/**
 * Quotas above what IAM allows at most would let a plan pass here and fail at `pulumi up`
 * (components accept quotas as arguments, e.g. from another language, so they are checked).
 */
export function quotaSettingsProblems(quotas: IamQuotas): string[] {
  const ceilings = Object.entries(maximumQuotas) as [keyof IamQuotas, number][];
  return ceilings
    .filter(([key, ceiling]) => !(Number.isInteger(quotas[key]) && quotas[key] > 0 && quotas[key] <= ceiling))
    .map(
      ([key, ceiling]) =>
        `settings.quotas.${key}: expected a whole number from 1 to IAM's maximum of ${ceiling}, got ${quotas[key]}`,
    );
}

/** The roles and policies one component registers. */
export interface ComponentPlan {
  readonly roles: readonly RolePlan[];
  readonly policies: readonly PolicyPlan[];
}

/**
 * Every problem of these plans together: the quota settings, names used twice, each document
 * against the catalog, and IAM's quotas.
 */
export function planProblems(
  { roles = [], policies = [] }: Partial<ComponentPlan>,
  settings: PlatformSettings,
  catalog: IamCatalog,
): string[] {
  const plans = { roles, policies };
  return [
    ...quotaSettingsProblems(quotasOf(settings)),
    ...nameCollisions(
      "roles",
      plans.roles.map((role) => role.name),
    ),
    // Every managed policy's name, packed parts (`<name>-2`) included: a part can take a configured name.
    ...nameCollisions(
      "policies",
      [
        // A plan that does not pack has its quota problem reported on its own.
        ...plans.roles.flatMap((role) => packOrProblem(() => rolePolicies(role, quotasOf(settings)), [])),
        ...plans.policies.flatMap((policy) =>
          packOrProblem(() => packedPolicies(policy.name, policy.statements, quotasOf(settings)), []),
        ),
      ].map((policy) => policy.name),
    ),
    ...plans.roles.flatMap((plan) => rolePlanProblems(plan, settings, catalog)),
    ...plans.policies.flatMap((plan) => policyPlanProblems(plan, settings, catalog)),
    ...existingPrincipalQuotaProblems(plans.policies, settings),
    ...accountQuotaProblems(plans, settings),
  ];
}

/** The quota of each kind of existing principal, and how the config raises it. */
const principalQuotas = {
  roles: { kind: "role", quota: "managedPoliciesPerRole" },
  groups: { kind: "group", quota: "managedPoliciesPerGroup" },
  users: { kind: "user", quota: "managedPoliciesPerUser" },
} as const;

/**
 * Existing roles, groups and users with more managed policies than IAM allows once the stack's are
 * attached: the stack's (every packed part) plus the allowance for what they already hold.
 */
function existingPrincipalQuotaProblems(
  policies: readonly PolicyPlan[],
  settings: PlatformSettings,
): string[] {
  const quotas = quotasOf(settings);
  const held = settings.quotas?.alreadyAttached ?? 0;
  const problems: string[] = [];
  for (const [list, { kind, quota }] of Object.entries(principalQuotas) as [
    keyof PlannedAttachments,
    (typeof principalQuotas)[keyof typeof principalQuotas],
  ][]) {
    const attached = new Map<string, string[]>();
    for (const policy of policies) {
      const parts = packOrProblem(() => packedPolicies(policy.name, policy.statements, quotas), []);
      for (const principal of policy.attachTo[list]) {
        attached.set(principal, [...(attached.get(principal) ?? []), ...parts.map((part) => part.name)]);
      }
    }
    for (const [principal, names] of attached) {
      if (names.length + held <= quotas[quota]) continue;
      problems.push(
        `existing ${kind} ${principal}: ${names.length} managed policies of this stack (${names.join(", ")}) and ` +
          `${held} it already has (mlops-iam:quotas.alreadyAttached) are ${names.length + held}, over the ` +
          `quota of ${quotas[quota]}${raiseQuota[quota] ? ` (${raiseQuota[quota]})` : ""}`,
      );
    }
  }
  return problems;
}

/**
 * The account's customer-managed policy quota against the stack's every managed policy (packed parts
 * too). The account's other policies are not known here, so only a stack that alone exceeds it fails.
 */
function accountQuotaProblems(plans: ComponentPlan, settings: PlatformSettings): string[] {
  const quotas = quotasOf(settings);
  const created =
    plans.roles.reduce((sum, role) => sum + packOrProblem(() => rolePolicies(role, quotas), []).length, 0) +
    plans.policies.reduce(
      (sum, policy) =>
        sum + packOrProblem(() => packedPolicies(policy.name, policy.statements, quotas), []).length,
      0,
    );
  if (created <= quotas.customerManagedPolicies) return [];
  return [
    `the account: this stack's ${created} customer-managed policies are over the quota of ${quotas.customerManagedPolicies}`,
  ];
}

/** Throws a {@link PlanError} listing every problem of these plans, before anything is registered. */
export function assertValidPlans(
  plans: Partial<ComponentPlan>,
  settings: PlatformSettings,
  catalog: IamCatalog,
): void {
  const problems = planProblems(plans, settings, catalog);
  if (problems.length > 0) throw new PlanError(problems);
}

/**
 * Names IAM would refuse as taken: equal, or equal but for case (IAM names are unique regardless of
 * case, account-wide).
 */
function nameCollisions(what: string, names: readonly string[]): string[] {
  const byFolded = new Map<string, string[]>();
  for (const name of names)
    byFolded.set(name.toLowerCase(), [...(byFolded.get(name.toLowerCase()) ?? []), name]);
  return [...byFolded.values()]
    .filter((group) => group.length > 1)
    .map((group) => {
      const spellings = [...new Set(group)];
      return spellings.length === 1
        ? `two ${what} would be named ${spellings[0]}`
        : `two ${what} would be named ${spellings.join(" and ")}: IAM names are unique regardless of case`;
    });
}

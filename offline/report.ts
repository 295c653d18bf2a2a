/** What the offline plan prints and writes: summaries for people, documents for diffs. */
import { styleText } from "node:util";
import { StackPlan } from "../components/stack";
import {
  PlatformSettings,
  PolicyPlan,
  RolePlan,
  packedPolicies,
  quotasOf,
  rolePolicies,
} from "../components/shared/plan";
import { ArnContext, IamCatalog, iamCatalog } from "../iam";
import { fitColumns } from "./columns";
import { componentTree } from "./componentTree";
import { RegisteredResource } from "./mocks";
import { conditionLines, permissionLines } from "./permissions";

/** Every rendered document, by file path under `plan/<stack>/`, as pretty JSON. */
export function planFiles(
  plan: StackPlan,
  settings: PlatformSettings,
  outputs: Record<string, unknown>,
  registered: readonly RegisteredResource[] = [],
): Record<string, string> {
  // What applies to every role (a boundary limits them all) and what the stack exports.
  const files: Record<string, string> = {
    "stack.json": pretty({ settings: settingsSummary(settings), outputs }),
  };
  // Resources that are not IAM but carry settings a reviewer checks: their inputs as registered.
  for (const resource of registered.filter((r) => reviewedTypes.includes(r.type))) {
    files[`resources/${resource.name}.json`] = pretty({ type: resource.type, inputs: resource.inputs });
  }
  for (const section of Object.values(plan)) {
    for (const role of section.roles) {
      files[`roles/${role.name}.json`] = pretty({
        role: role.name,
        description: role.description,
        trustPolicy: role.trust,
        inlinePolicies: role.inlinePolicies,
        managedPolicies: rolePolicies(role, quotasOf(settings)),
        awsManagedPolicies: role.awsManagedPolicyArns,
        extraTags: role.extraTags ?? {},
      });
    }
    for (const policy of section.policies) {
      files[`policies/${policy.name}.json`] = pretty({
        policy: policy.name,
        description: policy.description,
        attachTo: policy.attachTo,
        documents: packedPolicies(policy.name, policy.statements, quotasOf(settings)),
      });
    }
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
}

/** Non-IAM resources whose inputs the committed plan shows: repositories, servers, apps. */
const reviewedTypes = [
  "awsx:ecr:Repository",
  "aws:sagemaker/mlflowTrackingServer:MlflowTrackingServer",
  "aws:sagemaker/mlflowApp:MlflowApp",
];

/** What the plan prints beside the review of each role and policy. */
export interface SummaryOptions {
  /** Why the account is a placeholder (no single account pinned and no `--account`), if it is. */
  readonly placeholderAccount?: string;
  /** Print the component tree (`--tree`); default false. */
  readonly tree?: boolean;
}

/**
 * The review the plan prints, at most 100 columns wide (`fitColumns`): the settings every role shares, then
 * each role (who may assume it, what it may do per service and access level), each stand-alone
 * policy, the resources by type and, when asked, the component tree.
 *
 * @param stack - the stack's name
 * @param context - the account, region and partition the ARNs are rendered for
 * @param plan - every section's roles and policies
 * @param settings - what every role and policy shares
 * @param registered - every resource the stack registered
 * @param options - the placeholder warning and the tree
 */
export function summarize(
  stack: string,
  context: ArnContext,
  plan: StackPlan,
  settings: PlatformSettings,
  registered: readonly RegisteredResource[],
  options: SummaryOptions = {},
): string {
  const { rolePath, permissionsBoundaryArn, protect, tags } = settingsSummary(settings);
  const catalog = iamCatalog();
  const lines = [
    `Stack ${stack}: account ${context.accountId}${options.placeholderAccount ? " (PLACEHOLDER)" : ""}, ` +
      `region ${context.region}, partition ${context.partition}`,
    ...(options.placeholderAccount ? placeholderWarning(context.accountId, options.placeholderAccount) : []),
    `  every role and policy: path ${rolePath}, permissions boundary ${permissionsBoundaryArn ?? "none"}, ` +
      `protected ${protect ? "yes" : "no"}, tags ${
        Object.entries(tags)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ") || "none"
      }`,
  ];
  const sections = Object.entries(plan);
  for (const [section, sectionPlan] of sections) {
    if (sectionPlan.roles.length === 0) continue;
    lines.push("", `== ${section}: roles ==`);
    for (const role of sectionPlan.roles) lines.push("", ...roleSummary(role, settings, catalog));
  }
  for (const [section, sectionPlan] of sections) {
    if (sectionPlan.policies.length === 0) continue;
    lines.push("", `== ${section}: policies attached to existing principals ==`);
    for (const policy of sectionPlan.policies) lines.push("", ...policySummary(policy, catalog));
  }
  lines.push("", "Resources that would be created:", ...countByType(registered));
  if (options.tree) lines.push("", "Component tree:", ...componentTree(registered));
  return fitColumns(lines).join("\n");
}

/** Said loudly, since ARNs of a placeholder account match nothing in the real one. */
function placeholderWarning(accountId: string, reason: string): string[] {
  return [
    `!! PLACEHOLDER ACCOUNT ${accountId}: ${reason}. Every ARN below names this placeholder, not a real`,
    `!! account: pin the account in aws:allowedAccountIds, or pass --account to render the real one.`,
  ];
}

function roleSummary(role: RolePlan, settings: PlatformSettings, catalog: IamCatalog): string[] {
  const lines = [`Role ${role.name}`, `  ${role.description}`, "  may be assumed by:"];
  for (const statement of role.trust.Statement) {
    const who = [
      ...(statement.Principal?.Service ?? []),
      ...(statement.Principal?.AWS ?? []),
      ...(statement.Principal?.Federated ?? []),
    ];
    const effect = statement.Effect === "Allow" ? "" : `${statement.Effect} `;
    lines.push(...who.map((principal) => `    ${effect}${principal}`));
    lines.push(...conditionLines(statement, "      "));
  }
  const managed = rolePolicies(role, quotasOf(settings));
  const statements = [
    ...Object.values(role.inlinePolicies),
    ...managed.map((policy) => policy.document),
  ].flatMap((document) => document.Statement);
  lines.push("  may:", ...permissionLines(statements, catalog, "    "));
  if (statements.length === 0) lines.push("    nothing of its own");
  const attached = [
    ...Object.keys(role.inlinePolicies).map((name) => `${name} (inline)`),
    ...managed.map((policy) => `${policy.name} (managed)`),
    ...role.awsManagedPolicyArns.map((arn) => `${arn} (AWS managed)`),
  ];
  lines.push("  policies:", ...(attached.length > 0 ? attached : ["none"]).map((name) => `    ${name}`));
  return lines;
}

function policySummary(policy: PolicyPlan, catalog: IamCatalog): string[] {
  const to = [
    ...policy.attachTo.roles.map((name) => `role ${name}`),
    ...policy.attachTo.groups.map((name) => `group ${name}`),
    ...policy.attachTo.users.map((name) => `user ${name}`),
  ];
  return [
    `Policy ${policy.name}`,
    `  ${policy.description}`,
    "  attached to:",
    ...(to.length > 0 ? to : ["nothing yet (attach it yourself)"]).map((name) => `    ${name}`),
    "  allows:",
    ...permissionLines(policy.statements, catalog, "    "),
  ];
}

function countByType(registered: readonly RegisteredResource[]): string[] {
  const counts = new Map<string, number>();
  for (const resource of registered) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, n]) => `  ${n} x ${type}`);
}

/** The settings every role and policy shares, as the plan shows them. */
function settingsSummary(settings: PlatformSettings) {
  return {
    namePrefix: settings.namePrefix,
    rolePath: settings.rolePath,
    permissionsBoundaryArn: settings.permissionsBoundaryArn,
    protect: settings.protect,
    tags: settings.tags,
    quotas: quotasOf(settings),
  };
}

function pretty(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Whether to print in colour: only for a person at a terminal, and not when `NO_COLOR` is set
 * (https://no-color.org); CI logs and redirected output stay plain.
 *
 * @param stream - where the plan prints (`process.stdout`)
 * @param env - the environment (`process.env`)
 */
export function wantsColour(
  stream: { readonly isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/**
 * Headings, warnings and changes in colour, for a terminal; the caller decides whether it is one
 * ({@link wantsColour}).
 *
 * @param report - the review as {@link summarize} and the diff write it
 */
export function colourize(report: string): string {
  const style = (format: Parameters<typeof styleText>[0], text: string) =>
    styleText(format, text, { validateStream: false });
  return report
    .split("\n")
    .map((line) => {
      if (/^== .* ==$/.test(line)) return style(["bold", "cyan"], line);
      if (/^!! /.test(line)) return style(["bold", "red"], line);
      if (/^(Role|Policy|Stack|Changes) /.test(line)) return style("bold", line);
      if (/^ {2}(may be assumed by|may|allows|attached to|policies):/.test(line)) return style("dim", line);
      if (/^ {2}(removed|replaced) /.test(line)) return style("red", line);
      if (/^ {2}added /.test(line)) return style("green", line);
      if (/^ {6}- /.test(line)) return style("red", line);
      if (/^ {6}\+ /.test(line)) return style("green", line);
      return line;
    })
    .join("\n");
}

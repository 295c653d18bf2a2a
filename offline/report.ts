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
import { ArnContext, PolicyDocument, PolicyStatement } from "../iam";
import { componentTree } from "./componentTree";
import { RegisteredResource } from "./mocks";

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

/** The one-screen-per-role summary the plan prints. */
export function summarize(
  stack: string,
  context: ArnContext,
  plan: StackPlan,
  settings: PlatformSettings,
  registered: readonly RegisteredResource[],
): string {
  const { rolePath, permissionsBoundaryArn, protect, tags } = settingsSummary(settings);
  const lines = [
    `Stack ${stack}: account ${context.accountId}, region ${context.region}, partition ${context.partition}`,
    `  every role and policy: path ${rolePath}, permissions boundary ${permissionsBoundaryArn ?? "none"}, ` +
      `protected ${protect ? "yes" : "no"}, tags ${
        Object.entries(tags)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ") || "none"
      }`,
    "",
    "Resources that would be created:",
    ...countByType(registered),
    "",
    "Component tree:",
    ...componentTree(registered),
  ];
  for (const [section, sectionPlan] of Object.entries(plan)) {
    lines.push("", `== ${section} ==`);
    for (const role of sectionPlan.roles) lines.push("", ...roleSummary(role, settings));
    for (const policy of sectionPlan.policies) lines.push("", ...policySummary(policy));
  }
  return lines.join("\n");
}

function roleSummary(role: RolePlan, settings: PlatformSettings): string[] {
  const lines = [`Role ${role.name}: ${role.description}`, "  may be assumed by:"];
  for (const statement of role.trust.Statement) {
    const who = [...(statement.Principal?.Service ?? []), ...(statement.Principal?.AWS ?? [])].join(", ");
    lines.push(`    ${who}${conditionText(statement)}`);
  }
  const documents: PolicyDocument[] = [
    ...Object.values(role.inlinePolicies),
    ...rolePolicies(role, quotasOf(settings)).map((policy) => policy.document),
  ];
  lines.push("  may:");
  lines.push(...documents.flatMap((document) => document.Statement.map(statementLine)));
  const attached = [
    ...Object.keys(role.inlinePolicies).map((name) => `${name} (inline)`),
    ...rolePolicies(role, quotasOf(settings)).map((policy) => `${policy.name} (managed)`),
    ...role.awsManagedPolicyArns.map((arn) => `${arn} (AWS managed)`),
  ];
  lines.push(`  policies: ${attached.join(", ") || "none"}`);
  return lines;
}

function policySummary(policy: PolicyPlan): string[] {
  const to = [
    ...policy.attachTo.roles.map((name) => `role ${name}`),
    ...policy.attachTo.groups.map((name) => `group ${name}`),
    ...policy.attachTo.users.map((name) => `user ${name}`),
  ];
  return [
    `Policy ${policy.name}: ${policy.description}`,
    `  attached to: ${to.join(", ") || "nothing yet (attach it yourself)"}`,
    "  allows:",
    ...policy.statements.map(statementLine),
  ];
}

function statementLine(statement: PolicyStatement): string {
  const actions =
    statement.Action.length > 4 ? `${statement.Action.length} actions` : statement.Action.join(", ");
  return `    ${statement.Effect} ${actions} on ${(statement.Resource ?? []).join(", ")}${conditionText(statement)}`;
}

function conditionText(statement: PolicyStatement): string {
  const conditions = Object.entries(statement.Condition ?? {}).flatMap(([operator, entries]) =>
    Object.entries(entries).map(([key, value]) => `${key} ${operator} ${[value].flat().join("|")}`),
  );
  return conditions.length > 0 ? ` when ${conditions.join(" and ")}` : "";
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

/** Headings in colour, for a terminal; the caller decides whether it is one. */
export function colourize(report: string): string {
  const style = (format: Parameters<typeof styleText>[0], text: string) =>
    styleText(format, text, { validateStream: false });
  return report
    .split("\n")
    .map((line) => {
      if (/^== .* ==$/.test(line)) return style(["bold", "cyan"], line);
      if (/^(Role|Policy|Stack) /.test(line)) return style("bold", line);
      if (/^ {2}(may be assumed by|may|allows|attached to|policies):/.test(line)) return style("dim", line);
      return line;
    })
    .join("\n");
}

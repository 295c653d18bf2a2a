/**
 * Catalog validation: what IAM itself does not check. IAM accepts an action that does not exist, or
 * an ARN that fits none of an action's resource types, and the mistake surfaces only as AccessDenied
 * when a job runs. Every document the program emits passes through {@link validateDocument}.
 *
 * Like CDK's `validateForIdentityPolicy`, validators return human-readable problems so that all of
 * them are reported together.
 */
import { CatalogAction, IamCatalog, splitAction } from "./catalog";
import { DocumentKind, PolicyDocument, PolicyStatement, wildcardResourceReason } from "./document";

/**
 * What a finding is about. The program rejects every finding; the CrossGuard policy pack maps each
 * code to one of its rules, so both enforce exactly the same checks.
 */
export type FindingCode =
  | "structure"
  | "unknown-action"
  | "resource-mismatch"
  | "wildcard-resource"
  | "condition-key"
  | "passrole-unscoped";

export interface Finding {
  readonly code: FindingCode;
  /** A sentence naming the document and statement, e.g. `role r trust policy, statement S: ...`. */
  readonly message: string;
}

/** Validate one document; `label` names it in every message (e.g. `role acme-mlflow-server`). */
export function validateDocument(
  document: PolicyDocument,
  kind: DocumentKind,
  catalog: IamCatalog,
  label: string,
): string[] {
  return documentFindings(document, kind, catalog, label).map((finding) => finding.message);
}

/** Every finding in a document, with its code. */
export function documentFindings(
  document: PolicyDocument,
  kind: DocumentKind,
  catalog: IamCatalog,
  label: string,
): Finding[] {
  if (document.Statement.length === 0) {
    return [{ code: "structure", message: `${label}: the document has no statements` }];
  }
  const sids = document.Statement.map((statement) => statement.Sid).filter((sid) => sid !== undefined);
  const duplicateSids = sids.filter((sid, index) => sids.indexOf(sid) !== index);
  const findings: Finding[] = duplicateSids.map((sid) => ({
    code: "structure",
    message: `${label}: statement id ${sid} is used twice`,
  }));
  document.Statement.forEach((statement, index) => {
    const where = `${label}, statement ${statement.Sid ?? index}`;
    findings.push(...statementFindings(statement, kind, catalog, where));
  });
  return findings;
}

function statementFindings(
  statement: PolicyStatement,
  kind: DocumentKind,
  catalog: IamCatalog,
  where: string,
): Finding[] {
  const findings: Finding[] = [];
  const add = (code: FindingCode, message: string) =>
    findings.push({ code, message: `${where}: ${message}` });
  if (statement.Action.length === 0) add("structure", "no actions");
  const actions: CatalogAction[] = [];
  for (const actionName of statement.Action) {
    const found = resolveAction(actionName, catalog);
    if (typeof found === "string") add("unknown-action", found);
    else actions.push(...found);
  }

  if (kind === "trust") {
    if (!statement.Principal) add("structure", "a trust statement needs a Principal");
    if (statement.Resource) add("structure", "a trust statement must not name a Resource");
  } else {
    if (statement.Principal) add("structure", "an identity policy must not name a Principal");
    if (!statement.Resource || statement.Resource.length === 0) {
      add("structure", "no resources");
    } else if (actions.length > 0) {
      findings.push(...resourceFindings(statement, actions, catalog, where));
    }
    if (statement.Effect === "Allow" && actions.some((action) => action.fullName === "iam:PassRole")) {
      findings.push(...passRoleFindings(statement, where));
    }
  }

  for (const conditionKey of Object.values(statement.Condition ?? {}).flatMap(Object.keys)) {
    if (!catalog.isKnownConditionKey(conditionKey)) {
      add("condition-key", `condition key ${conditionKey} does not exist`);
      continue;
    }
    const unsupported = actions.filter((action) => !catalog.isConditionKeyForAction(conditionKey, action));
    if (unsupported.length > 0) {
      const names = unsupported.map((action) => action.fullName).join(", ");
      add("condition-key", `condition key ${conditionKey} does not apply to ${names}`);
    }
  }
  return findings;
}

/**
 * An allowed iam:PassRole must name its roles (no wildcard) and the service it passes them to, or
 * a compromised job could hand a powerful role to any service.
 */
function passRoleFindings(statement: PolicyStatement, where: string): Finding[] {
  const findings: Finding[] = [];
  const wildcards = (statement.Resource ?? []).filter((resource) => resource.includes("*"));
  if (wildcards.length > 0) {
    findings.push({
      code: "passrole-unscoped",
      message: `${where}: iam:PassRole on ${wildcards.join(", ")}; name the roles it may pass`,
    });
  }
  const conditioned = Object.values(statement.Condition ?? {}).some((entries) =>
    Object.keys(entries).some((key) => key.toLowerCase() === "iam:passedtoservice"),
  );
  if (!conditioned) {
    findings.push({
      code: "passrole-unscoped",
      message: `${where}: iam:PassRole without an iam:PassedToService condition; name the service it passes roles to`,
    });
  }
  return findings;
}

/** The catalog actions an action string stands for, or the reason it stands for none. */
function resolveAction(actionName: string, catalog: IamCatalog): CatalogAction[] | string {
  const [service, name] = splitAction(actionName);
  if (!service || !name) return `action ${actionName} is not of the form service:Action`;
  if (!catalog.hasService(service)) {
    return `service ${service} (in ${actionName}) does not exist; did you mean ${catalog.suggestService(service)}?`;
  }
  const matches = catalog.expand(actionName);
  if (matches.length > 0) return matches;
  if (name.includes("*") || name.includes("?")) return `action pattern ${actionName} matches no action`;
  const suggestion = catalog.suggestAction(actionName);
  return `action ${actionName} does not exist${suggestion ? `; did you mean ${suggestion}?` : ""}`;
}

/**
 * Each action must have a resource that fits one of its resource types, each resource must fit some
 * action, and `"*"` is for actions without resource types unless the statement says why.
 */
function resourceFindings(
  statement: PolicyStatement,
  actions: CatalogAction[],
  catalog: IamCatalog,
  where: string,
): Finding[] {
  const resources = statement.Resource ?? [];
  if (resources.includes("*")) {
    if (resources.length > 1) {
      return [
        { code: "wildcard-resource", message: `${where}: "*" together with other resources grants "*"` },
      ];
    }
    if (statement[wildcardResourceReason]) return [];
    // An action whose resource types are all optional (cloudwatch:PutMetricData and its `dataset`)
    // is usually requested with no resource at all, so "*" is its normal form.
    const scopable = actions
      .filter((action) => action.resourceTypes.some((type) => type.required))
      .map((action) => action.fullName);
    return scopable.length === 0
      ? []
      : [
          {
            code: "wildcard-resource",
            message:
              `${where}: "Resource": "*" for actions that support resource-level permissions (${abbreviate(scopable)}); ` +
              `name their resources, or give the reason "*" is intended`,
          },
        ];
  }
  const problems: string[] = [];
  // Many of a statement's actions share resource types (all of a job's actions take `training-job`),
  // so each template is tested against each resource once, not once per action.
  const templateFits = new Map<string, Map<string, boolean>>();
  const fitsTemplate = (template: string, resource: string) => {
    const byResource = templateFits.get(template) ?? new Map<string, boolean>();
    templateFits.set(template, byResource);
    let fit = byResource.get(resource);
    if (fit === undefined) byResource.set(resource, (fit = compiledTemplate(template).test(resource)));
    return fit;
  };
  const fits = (action: CatalogAction, resource: string) =>
    action.resourceTypes.some((type) => {
      const template = catalog.resourceType(action.service, type.name);
      return template !== undefined && fitsTemplate(template.arn, resource);
    });
  for (const action of actions) {
    if (action.resourceTypes.length === 0) {
      problems.push(
        `${where}: ${action.fullName} supports only "Resource": "*", got ${resources.join(", ")}`,
      );
    } else if (!resources.some((resource) => fits(action, resource))) {
      const types = action.resourceTypes.map((type) => type.name).join(", ");
      problems.push(`${where}: no resource fits ${action.fullName} (it takes ${types})`);
    }
  }
  for (const resource of resources) {
    if (!actions.some((action) => fits(action, resource))) {
      problems.push(`${where}: resource ${resource} fits none of the statement's actions`);
    }
  }
  return problems.map((message) => ({ code: "resource-mismatch", message }));
}

const compiledTemplates = new Map<string, RegExp>();

/** {@link arnTemplateRegExp}, compiled once per template: validation checks every action against every resource. */
function compiledTemplate(template: string): RegExp {
  let compiled = compiledTemplates.get(template);
  if (!compiled) {
    compiled = arnTemplateRegExp(template);
    compiledTemplates.set(template, compiled);
  }
  return compiled;
}

/**
 * A catalog ARN template as a regular expression. Variables match within their ARN segment, and
 * the last one after a literal may span slashes (S3 object keys, role paths); IAM wildcards in the checked
 * ARN match as ordinary characters of that variable.
 */
export function arnTemplateRegExp(template: string): RegExp {
  const colonParts = template.split(":");
  const head = colonParts.slice(0, 5);
  const resource = colonParts.slice(5).join(":");
  const headSource = head.map((part) => segment(part, "[^:]*")).join(":");
  const variables = resource.match(/\$\{[^}]+\}/g) ?? [];
  let seen = 0;
  const resourceSource = resource
    .split(/(\$\{[^}]+\})/)
    .map((part, index, parts) => {
      if (!part.startsWith("${")) return escape(part);
      seen += 1;
      // A leading variable is a name (a bucket); a later last one may be a path (an object key).
      const spansSlashes = seen === variables.length && parts.slice(0, index).join("") !== "";
      if (spansSlashes) return ".+";
      // A name followed by ":" may contain "/": log-group:${LogGroupName}:log-stream:${LogStreamName}.
      return parts[index + 1]?.startsWith(":") ? "[^:]+" : "[^/:]+";
    })
    .join("");
  return new RegExp(`^${headSource}:${resourceSource}$`);
}

/** A long list of names, cut to a readable line. */
function abbreviate(names: string[], shown = 5): string {
  const rest = names.length - shown;
  return rest > 0 ? `${names.slice(0, shown).join(", ")} and ${rest} more` : names.join(", ");
}

function segment(part: string, variable: string): string {
  return part
    .split(/(\$\{[^}]+\})/)
    .map((piece) => (piece.startsWith("${") ? variable : escape(piece)))
    .join("");
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * Trust statements that let a service assume the role with no `aws:SourceAccount` or
 * `aws:SourceArn` condition (the confused-deputy protection SageMaker documents for pipelines and
 * jobs). Advice, not an error: SageMaker documents no such condition for MLflow tracking servers.
 */
export function confusedDeputyFindings(
  trust: PolicyDocument,
  services: readonly string[],
  label: string,
): string[] {
  return trust.Statement.filter(
    (statement) =>
      statement.Effect === "Allow" &&
      (statement.Principal?.Service ?? []).some((service) => services.includes(service)) &&
      !Object.values(statement.Condition ?? {}).some((entries) =>
        Object.keys(entries).some((key) => /^aws:source(account|arn)$/i.test(key)),
      ),
  ).map(
    (statement, index) =>
      `${label}, statement ${statement.Sid ?? index}: ${(statement.Principal?.Service ?? []).join(", ")} may assume ` +
      `the role without an aws:SourceAccount or aws:SourceArn condition`,
  );
}

/**
 * The pack's rules. Each rule maps the findings of the program's own validation (`iam/validate.ts`,
 * `iam/quotas.ts`) to a CrossGuard policy, so the program and the pack cannot drift apart.
 */
import {
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import {
  DocumentKind,
  FindingCode,
  PolicyDocument,
  confusedDeputyFindings,
  defaultQuotas,
  documentFindings,
  documentSize,
  iamCatalog,
  parsePolicyDocument,
} from "../iam";

/** A policy document found in a resource's properties. */
interface FoundDocument {
  readonly kind: DocumentKind;
  readonly document: PolicyDocument;
  /** Names the resource and property in messages. */
  readonly label: string;
  /** Which quota applies. */
  readonly quota: "managed" | "inline" | "trust";
}

/** Where each IAM resource type keeps its documents. */
export function documentsOf(type: string, name: string, props: Record<string, unknown>): FoundDocument[] {
  const found: FoundDocument[] = [];
  const add = (value: unknown, kind: DocumentKind, label: string, quota: FoundDocument["quota"]) => {
    const document = parsePolicyDocument(value);
    if (document) found.push({ kind, document, label, quota });
  };
  switch (type) {
    case "aws:iam/policy:Policy":
      add(props.policy, "identity", `policy ${name}`, "managed");
      break;
    case "aws:iam/rolePolicy:RolePolicy":
    case "aws:iam/userPolicy:UserPolicy":
    case "aws:iam/groupPolicy:GroupPolicy":
      add(props.policy, "identity", `inline policy ${name}`, "inline");
      break;
    case "aws:iam/role:Role":
      add(props.assumeRolePolicy, "trust", `role ${name} trust policy`, "trust");
      for (const inline of (props.inlinePolicies ?? []) as { name?: string; policy?: unknown }[]) {
        add(inline.policy, "identity", `role ${name} inline policy ${inline.name ?? ""}`, "inline");
      }
      break;
  }
  return found;
}

/** A resource rule that reports the program's findings of the given codes. */
function findingsRule(
  name: string,
  description: string,
  enforcementLevel: "mandatory" | "advisory",
  codes: readonly FindingCode[],
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel,
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      for (const found of documentsOf(args.type, args.name, args.props)) {
        for (const finding of documentFindings(found.document, found.kind, iamCatalog(), found.label)) {
          if (codes.includes(finding.code)) reportViolation(finding.message);
        }
      }
    },
  };
}

const sizeLimits = {
  managed: defaultQuotas.managedPolicySize,
  inline: defaultQuotas.inlinePoliciesPerRoleSize,
  trust: defaultQuotas.trustPolicySize,
} as const;

export const iamActionsExist = findingsRule(
  "iam-actions-exist",
  "Every action in an IAM policy exists in the IAM catalog (IAM accepts unknown actions silently).",
  "mandatory",
  ["unknown-action"],
);

export const passRoleScoped = findingsRule(
  "iam-passrole-scoped",
  "iam:PassRole names its roles (no wildcard) and the service it passes them to (iam:PassedToService).",
  "mandatory",
  ["passrole-unscoped"],
);

export const noWildcardResource = findingsRule(
  "iam-no-wildcard-resource",
  'No "Resource": "*" for actions that support resource-level permissions.',
  "mandatory",
  ["wildcard-resource"],
);

export const catalogResourcesAndConditions = findingsRule(
  "iam-catalog-resources-and-conditions",
  "Resources fit their actions' resource types and condition keys apply to their actions.",
  "advisory",
  ["resource-mismatch", "condition-key", "structure"],
);

export const sagemakerTrustConfusedDeputy: ResourceValidationPolicy = {
  name: "sagemaker-trust-confused-deputy",
  description: "A role SageMaker may assume carries aws:SourceAccount or aws:SourceArn conditions.",
  enforcementLevel: "advisory",
  validateResource: (args, reportViolation) => {
    for (const found of documentsOf(args.type, args.name, args.props).filter((doc) => doc.kind === "trust")) {
      confusedDeputyFindings(found.document, ["sagemaker.amazonaws.com"], found.label).forEach((message) =>
        reportViolation(message),
      );
    }
  },
};

export const documentQuotas: ResourceValidationPolicy = {
  name: "iam-document-quotas",
  description: "Managed policies, inline policies and trust policies stay within IAM's size quotas.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    for (const found of documentsOf(args.type, args.name, args.props)) {
      const size = documentSize(found.document);
      if (size > sizeLimits[found.quota]) {
        reportViolation(
          `${found.label} is ${size} characters, over IAM's ${found.quota}-policy quota of ${sizeLimits[found.quota]}`,
        );
      }
    }
  },
};

/** Inline policies count against one quota per role, together: a stack-level check. */
export const inlinePolicyQuotaPerRole: StackValidationPolicy = {
  name: "iam-inline-quota-per-role",
  description: "All inline policies of one role together stay within IAM's 10,240 characters.",
  enforcementLevel: "mandatory",
  validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const totals = new Map<string, number>();
    for (const resource of args.resources) {
      if (resource.type !== "aws:iam/rolePolicy:RolePolicy" || typeof resource.props.role !== "string")
        continue;
      const document = parsePolicyDocument(resource.props.policy);
      if (!document) continue;
      totals.set(resource.props.role, (totals.get(resource.props.role) ?? 0) + documentSize(document));
    }
    for (const [role, total] of totals) {
      if (total > sizeLimits.inline) {
        reportViolation(
          `role ${role}: inline policies total ${total} characters, over IAM's quota of ${sizeLimits.inline}`,
        );
      }
    }
  },
};

export const policies = [
  iamActionsExist,
  passRoleScoped,
  noWildcardResource,
  catalogResourcesAndConditions,
  sagemakerTrustConfusedDeputy,
  documentQuotas,
  inlinePolicyQuotaPerRole,
];

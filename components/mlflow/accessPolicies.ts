/**
 * Action-specific authorization policies (the AWS page's "MLflowPolicy"): customer-managed policies
 * of an access level, or an explicit action list, on the configured tracking servers, attached to
 * roles, groups and users that already exist.
 */
import * as pulumi from "@pulumi/pulumi";
import { IamCatalog, splitAction } from "../../iam";
import { registerPolicyComponent, validatedPlan } from "../shared/component";
import { iamName } from "../shared/naming";
import { Attachments, PlanError, plannedAttachments, PlatformSettings, PolicyPlan } from "../shared/plan";
import { choiceProblems, isOneOf } from "../shared/choices";
import { clientArtifactStatements, parseArtifactStore } from "../shared/s3Stores";
import { AccessLevelName, accessLevels } from "./config";
import {
  mlflowActionsForLevel,
  mlflowApiStatements,
  mlflowService,
  presignedUrlStatements,
} from "./documents";

export interface MlflowAccessPolicyArgs {
  /** Naming, tags, path and ARN context of the stack. Required. */
  readonly settings: PlatformSettings;
  /** The policy's name in config; the IAM name is `<namePrefix>-mlflow-access-<policyName>`. Required. */
  readonly policyName: string;
  /** Access level: `read`, `write` or `admin` (actions by catalog rule). Default: none (then `actions` is required). */
  readonly level?: string;
  /** Explicit `sagemaker-mlflow` actions (wildcards allowed), instead of `level`. Default: none. */
  readonly actions?: string[];
  /** Tracking-server names the policy applies to. Required, non-empty. */
  readonly trackingServers: string[];
  /** Also allow CreatePresignedMlflowTrackingServerUrl on those servers (UI outside Studio). Default: true. */
  readonly presignedUrls?: boolean;
  /** Existing roles, groups and users the policy is attached to. Default: none. */
  readonly attachTo?: Attachments;
  /** The servers' artifact stores (bucket names or `s3://<bucket>/<prefix>` URIs), which MLflow clients read and write with their own credentials. Default: none. */
  readonly artifactStores?: string[];
  /** What the principals do with the artifact stores: `none`, `read` or `write`. Default: `read` for level read, `write` for write and admin, `none` for an action list. */
  readonly artifactAccess?: string;
  /** KMS key that encrypts the artifact stores (SSE-KMS). Default: none. */
  readonly artifactKmsKeyArn?: string;
}

/** What an access policy's principals do with the artifact store. */
export const artifactAccessChoices = ["none", "read", "write"] as const;

/** The artifact access an access level implies: clients of each level move the artifacts they see. */
export function defaultArtifactAccess(
  level: AccessLevelName | undefined,
): (typeof artifactAccessChoices)[number] {
  if (level === undefined) return "none";
  return level === "read" ? "read" : "write";
}

/**
 * Problems with an explicit action list, each naming `key` (e.g.
 * `mlops-iam:mlflow.accessPolicies[1].actions[0]`): another service, or an action that does not exist.
 */
export function accessActionProblems(catalog: IamCatalog, actions: readonly string[], key: string): string[] {
  return actions.flatMap((action, index) => {
    const [service, name] = splitAction(action);
    const where = `${key}[${index}]`;
    if (service.toLowerCase() !== mlflowService) {
      return [`${where}: expected a ${mlflowService} action (e.g. ${mlflowService}:GetRun), got "${action}"`];
    }
    if (catalog.expand(action).length > 0) return [];
    if (name.includes("*") || name.includes("?")) {
      return [`${where}: expected a pattern that matches ${mlflowService} actions, got "${action}"`];
    }
    const suggestion = catalog.suggestAction(action);
    return [
      `${where}: expected a ${mlflowService} action that exists, got "${action}"` +
        (suggestion ? `; did you mean ${suggestion}?` : ""),
    ];
  });
}

/**
 * Every problem with the args of {@link MlflowAccessPolicy} named `name`: a `level` that is not an
 * access level, an action that is not a `sagemaker-mlflow` action, or not exactly one of the two.
 */
export function accessPolicyArgsProblems(
  name: string,
  args: MlflowAccessPolicyArgs,
  catalog: IamCatalog,
): string[] {
  const problems = args.level === undefined ? [] : choiceProblems(accessLevels, args.level, `${name}: level`);
  if (args.actions) problems.push(...accessActionProblems(catalog, args.actions, `${name}: actions`));
  if (args.artifactAccess !== undefined) {
    problems.push(...choiceProblems(artifactAccessChoices, args.artifactAccess, `${name}: artifactAccess`));
  }
  if ((args.level === undefined) === (args.actions === undefined)) {
    problems.push(`${name}: give either level or actions`);
  }
  return problems;
}

/** The policy plan of {@link MlflowAccessPolicy} named `name` (pure); a {@link PlanError} on bad args. */
export function planAccessPolicy(
  name: string,
  args: MlflowAccessPolicyArgs,
  catalog: IamCatalog,
): PolicyPlan {
  const problems = accessPolicyArgsProblems(name, args, catalog);
  if (problems.length > 0) throw new PlanError(problems);
  const ctx = args.settings.arn;
  const level = isOneOf(accessLevels, args.level) ? (args.level as AccessLevelName) : undefined;
  const actions = level ? mlflowActionsForLevel(catalog, level) : (args.actions ?? []);
  const statements = mlflowApiStatements(catalog, ctx, actions, args.trackingServers);
  if (args.presignedUrls ?? true) statements.push(...presignedUrlStatements(ctx, args.trackingServers));
  const artifactAccess =
    (args.artifactAccess as (typeof artifactAccessChoices)[number]) ?? defaultArtifactAccess(level);
  if (artifactAccess !== "none") {
    const stores = (args.artifactStores ?? []).map(parseArtifactStore);
    statements.push(...clientArtifactStatements(ctx, stores, artifactAccess, args.artifactKmsKeyArn));
  }
  return {
    key: `${name}-policy`,
    name: iamName(args.settings.namePrefix, "mlflow-access", args.policyName),
    // Fixed text, not the list of servers: IAM cannot change a policy's description, so a changed one
    // replaces the policy (detached meanwhile), and a list of 60 servers is over IAM's 1,000 characters.
    description: `MLflow ${level ?? "custom"} access to SageMaker MLflow tracking servers`,
    statements,
    attachTo: plannedAttachments(args.attachTo),
  };
}

/** One MLflow access policy and its attachments. */
export class MlflowAccessPolicy extends pulumi.ComponentResource {
  /** ARNs of the policy's parts (one unless it outgrows the managed-policy quota). */
  declare readonly policyArns: pulumi.Output<string[]>;

  constructor(name: string, args: MlflowAccessPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = validatedPlan(name, args, planAccessPolicy);
    super("mlops-iam:index:MlflowAccessPolicy", name, {}, opts);
    registerPolicyComponent(this, plan, args.settings);
  }
}

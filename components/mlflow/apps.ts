/**
 * Access to MLflow Apps (serverless MLflow) for existing roles, groups and users. An app's data plane
 * is the single action sagemaker:CallMlflowAppApi, so there is no read/write split to choose.
 */
import * as pulumi from "@pulumi/pulumi";
import { iamCatalog } from "../../iam";
import { iamName } from "../shared/naming";
import { assertValidPlans, Attachments, PlatformSettings, PolicyPlan } from "../shared/plan";
import { createPolicy } from "../shared/resources";
import { useAppStatements } from "./documents";

export interface MlflowAppAccessArgs {
  /** Naming, tags, path and ARN context of the stack. Required. */
  readonly settings: PlatformSettings;
  /** Ids of the MLflow Apps (the last part of their ARNs). Required, non-empty. */
  readonly appIds: string[];
  /** Existing roles, groups and users that use the apps. Required. */
  readonly attachTo: Attachments;
}

/** The policy plan of {@link MlflowAppAccess} named `name` (pure). */
export function planAppAccess(name: string, args: MlflowAppAccessArgs): PolicyPlan {
  return {
    key: `${name}-policy`,
    name: iamName(args.settings.namePrefix, "mlflow-apps"),
    description: `Use of MLflow Apps ${[...args.appIds].sort().join(", ")}`,
    statements: useAppStatements(args.settings.arn, args.appIds),
    attachTo: args.attachTo,
  };
}

/** A policy that lets existing principals use the configured MLflow Apps. */
export class MlflowAppAccess extends pulumi.ComponentResource {
  /** ARNs of the policy's parts. */
  readonly policyArns: pulumi.Output<string[]>;

  constructor(name: string, args: MlflowAppAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    // Planned and validated first: invalid arguments register nothing, not even the component.
    const plan = planAppAccess(name, args);
    assertValidPlans({ policies: [plan] }, args.settings, iamCatalog());
    super("mlops-iam:index:MlflowAppAccess", name, {}, opts);
    this.policyArns = createPolicy(this, plan, args.settings).arns;
    this.registerOutputs({ policyArns: this.policyArns });
  }
}

/**
 * Access to MLflow Apps (serverless MLflow) for existing roles, groups and users. An app's data plane
 * is the single action sagemaker:CallMlflowAppApi, so there is no read/write split to choose.
 */
import * as pulumi from "@pulumi/pulumi";
import { IamCatalog } from "../../iam";
import { registerPolicyComponent, validatedPlan } from "../shared/component";
import { iamName } from "../shared/naming";
import { Attachments, PlatformSettings, plannedAttachments, PolicyPlan } from "../shared/plan";
import { clientArtifactStatements, parseArtifactStore } from "../shared/s3Stores";
import { useAppStatements } from "./documents";

export interface MlflowAppAccessArgs {
  /** Naming, tags, path and ARN context of the stack. Required. */
  readonly settings: PlatformSettings;
  /** Ids of the MLflow Apps (the last part of their ARNs). Required (may be empty with `createdAppNames`). */
  readonly appIds: string[];
  /** Names of apps the stack creates, matched by their `mlops-iam:mlflow-app` tag. Default: none. */
  readonly createdAppNames?: string[];
  /** Existing roles, groups and users that use the apps. Required. */
  readonly attachTo: Attachments;
  /** The apps' artifact stores (bucket names or `s3://<bucket>/<prefix>` URIs), read and written by the users' own credentials. Default: none. */
  readonly artifactStores?: string[];
  /** KMS key that encrypts the artifact stores (SSE-KMS). Default: none. */
  readonly artifactKmsKeyArn?: string;
}

/** The policy plan of {@link MlflowAppAccess} named `name` (pure). */
export function planAppAccess(name: string, args: MlflowAppAccessArgs, _catalog: IamCatalog): PolicyPlan {
  return {
    key: `${name}-policy`,
    name: iamName(args.settings.namePrefix, "mlflow-apps"),
    // Fixed text, not the list of apps (see planAccessPolicy): adding an app must not replace the policy.
    description: "Use of SageMaker MLflow Apps",
    statements: [
      ...useAppStatements(args.settings.arn, args.appIds, args.createdAppNames),
      ...clientArtifactStatements(
        args.settings.arn,
        (args.artifactStores ?? []).map(parseArtifactStore),
        "write",
        args.artifactKmsKeyArn,
      ),
    ],
    attachTo: plannedAttachments(args.attachTo),
  };
}

/** A policy that lets existing principals use the configured MLflow Apps. */
export class MlflowAppAccess extends pulumi.ComponentResource {
  /** ARNs of the policy's parts. */
  declare readonly policyArns: pulumi.Output<string[]>;

  constructor(name: string, args: MlflowAppAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = validatedPlan(name, args, planAppAccess);
    super("mlops-iam:index:MlflowAppAccess", name, {}, opts);
    registerPolicyComponent(this, plan, args.settings);
  }
}

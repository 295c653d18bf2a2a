/**
 * The role a model deployed from Databricks runs with on SageMaker (`execution_role_arn`), so the
 * code in every endpoint holds none of the deployment rights: trusted by SageMaker only, allowed
 * only what a served MLflow model needs.
 */
import * as pulumi from "@pulumi/pulumi";
import { IamCatalog, policyDocument, servicePrincipals, trustServices } from "../../iam";
import { registerRoleComponent, validatedPlan } from "../shared/component";
import { roleName } from "../shared/naming";
import { PlatformSettings, RolePlan } from "../shared/plan";
import { defaultEcrRepositoryName } from "./config";
import { servingStatements } from "./documents";

export interface DatabricksServingRoleArgs {
  /** Naming, tags, boundary, path, protection and ARN context of the stack. */
  readonly settings: PlatformSettings;
  /** The regions models are deployed to; default: the stack's region. */
  readonly regions?: string[];
  /** Application names (endpoints) start with this; default: any. */
  readonly appNamePrefix?: string;
  /** The serving-image repository; default `mlflow-pyfunc`. */
  readonly repositoryName?: string;
  /** Batch transform jobs run with the role too; default false. */
  readonly transformJobs?: boolean;
  /** Where transform jobs read and write (`s3://<bucket>[/<prefix>]`); default: none. */
  readonly transformDataStores?: string[];
}

/** The serving role (pure). */
export function planServingRole(
  name: string,
  args: DatabricksServingRoleArgs,
  _catalog: IamCatalog,
): RolePlan {
  const { settings } = args;
  const ctx = settings.arn;
  const regions = args.regions ?? [ctx.region];
  const role = roleName(settings.namePrefix, "databricksServing");
  return {
    key: `${name}-role`,
    name: role,
    description:
      "Models deployed from Databricks run with it on SageMaker: serving image, model archives, logs",
    // SageMaker assumes it for endpoints and transform jobs of this account in the deployment regions.
    trust: policyDocument([
      trustServices("SageMakerAssumesRole", [servicePrincipals.sagemaker], {
        StringEquals: { "aws:SourceAccount": ctx.accountId },
        ArnLike: {
          "aws:SourceArn": regions
            .map((region) => `arn:${ctx.partition}:sagemaker:${region}:${ctx.accountId}:*`)
            .sort(),
        },
      }),
    ]),
    inlinePolicies: {},
    managedStatements: servingStatements(
      ctx,
      {
        regions,
        appNamePrefix: args.appNamePrefix,
        repository: args.repositoryName ?? defaultEcrRepositoryName,
        transformJobs: args.transformJobs ?? false,
      },
      args.transformDataStores ?? [],
    ),
    awsManagedPolicyArns: [],
  };
}

/** The role MLflow models deployed from Databricks run with (`-C execution_role_arn=<roleArn>`). */
export class DatabricksServingRole extends pulumi.ComponentResource {
  /** The role ARN, resolved once its policies are attached. */
  declare readonly roleArn: pulumi.Output<string>;
  /** The role name. */
  declare readonly roleName: pulumi.Output<string>;
  /** ARNs of the role's managed policies. */
  declare readonly policyArns: pulumi.Output<string[]>;

  constructor(name: string, args: DatabricksServingRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = validatedPlan(name, args, planServingRole);
    super("mlops-iam:index:DatabricksServingRole", name, {}, opts);
    registerRoleComponent(this, plan, args.settings);
  }
}

/** The role Databricks clusters deploy MLflow models with, and its instance profile. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IamCatalog, awsManagedPolicyArn, roleArn } from "../../iam";
import { choiceProblems, isOneOf } from "../shared/choices";
import { registerRoleComponent, validatedPlan } from "../shared/component";
import { roleName } from "../shared/naming";
import { PlanError, PlatformSettings, RolePlan } from "../shared/plan";
import { SagemakerAccess, defaultEcrRepositoryName, sagemakerAccessModes } from "./config";
import { DeploymentScope, deployOnlyStatements, deploymentInlinePolicy, deploymentTrust } from "./documents";

/** Name of the inline policy that carries the page's step 2. */
export const deploymentInlinePolicyName = "sagemaker-deployment";

/** The AWS managed policy Databricks documents for the role (step 1). */
export const sagemakerFullAccessPolicy = "AmazonSageMakerFullAccess";

/** IAM name of the deployment role, which is also the instance profile's name. */
export function deploymentRoleName(settings: PlatformSettings): string {
  return roleName(settings.namePrefix, "databricksDeployment");
}

export interface DatabricksDeploymentRoleArgs {
  /** Naming, tags, boundary, path, protection and ARN context of the stack. */
  readonly settings: PlatformSettings;
  /**
   * `full` (AmazonSageMakerFullAccess, as Databricks documents) or `deploy-only`; default `full`.
   * A string rather than a union, since Pulumi's component schema has no unions; checked here.
   */
  readonly sagemakerAccess?: string;
  /** `deploy-only`: the regions models are deployed to; default: the stack's region. */
  readonly regions?: string[];
  /** `deploy-only`: application names (endpoints) must start with this; default: any. */
  readonly appNamePrefix?: string;
  /** `deploy-only`: the role models run with, the only one the role may pass to SageMaker; default: the role itself. */
  readonly servingRoleArn?: string;
  /** The serving-image repository; default `mlflow-pyfunc`. */
  readonly repositoryName?: string;
  /** `deploy-only`: batch transform jobs too; default false. */
  readonly transformJobs?: boolean;
}

/** Where `deploy-only` deploys, from the args (defaults filled in). */
export function deploymentScope(args: DatabricksDeploymentRoleArgs, selfArn: string): DeploymentScope {
  return {
    regions: args.regions ?? [args.settings.arn.region],
    appNamePrefix: args.appNamePrefix,
    repository: args.repositoryName ?? defaultEcrRepositoryName,
    servingRoleArn: args.servingRoleArn ?? selfArn,
    transformJobs: args.transformJobs ?? false,
  };
}

/** The deployment role: trusted by EC2 and SageMaker, with the page's policies or the deploy-only one. */
export function planDeploymentRole(
  name: string,
  args: DatabricksDeploymentRoleArgs,
  _catalog: IamCatalog,
): RolePlan {
  const { settings } = args;
  const sagemakerAccess = sagemakerAccessOf(name, args.sagemakerAccess);
  const role = deploymentRoleName(settings);
  const self = roleArn(settings.arn, role, settings.rolePath);
  const full = sagemakerAccess === "full";
  return {
    key: `${name}-role`,
    name: role,
    description: `Databricks clusters that deploy MLflow models to SageMaker, and the models' role there (${sagemakerAccess})`,
    trust: deploymentTrust(),
    // The page's step 2 belongs to its shape; deploy-only's own policy has what the deployer needs of it.
    inlinePolicies: full ? { [deploymentInlinePolicyName]: deploymentInlinePolicy(settings.arn, self) } : {},
    managedStatements: full ? [] : deployOnlyStatements(settings.arn, self, deploymentScope(args, self)),
    awsManagedPolicyArns: full ? [awsManagedPolicyArn(settings.arn, sagemakerFullAccessPolicy)] : [],
  };
}

/**
 * Steps 1-3 of Databricks' page: a role trusted by EC2 (the cluster) and SageMaker (the hosted
 * model), its SageMaker permissions, the corrected inline policy, and an instance profile of the
 * same name, which is what Databricks registers.
 */
export class DatabricksDeploymentRole extends pulumi.ComponentResource {
  /** The role ARN; resolves once every policy is attached. */
  declare readonly roleArn: pulumi.Output<string>;
  /** The role name. */
  declare readonly roleName: pulumi.Output<string>;
  /** The ARN to paste into the Databricks admin console (Security → Instance profiles). */
  declare readonly instanceProfileArn: pulumi.Output<string>;
  /** The deploy-only policy's ARNs (packed parts); empty in `full` mode. */
  declare readonly policyArns: pulumi.Output<string[]>;
  /** The AWS managed policies attached; AmazonSageMakerFullAccess in `full` mode. */
  declare readonly awsManagedPolicyArns: pulumi.Output<string[]>;

  constructor(name: string, args: DatabricksDeploymentRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = validatedPlan(name, args, planDeploymentRole);
    super("mlops-iam:index:DatabricksDeploymentRole", name, {}, opts);
    const { settings } = args;
    registerRoleComponent(this, plan, settings, (created) => {
      // Databricks registers an instance profile, not a role; it carries the role's name (as the page does).
      const profile = new aws.iam.InstanceProfile(
        `${name}-instance-profile`,
        { name: plan.name, path: settings.rolePath, role: created.role.name, tags: settings.tags },
        { parent: this, protect: settings.protect },
      );
      return {
        // Only once the role's policies are attached: a cluster launched earlier would lack them.
        instanceProfileArn: pulumi.all([profile.arn, created.arn]).apply(([arn]) => arn),
        awsManagedPolicyArns: pulumi.output([...plan.awsManagedPolicyArns]),
      };
    });
  }
}

/** The access mode an argument names, or a clear error before anything is registered. */
function sagemakerAccessOf(name: string, value: string | undefined): SagemakerAccess {
  const mode = value ?? "full";
  if (!isOneOf(sagemakerAccessModes, mode)) {
    throw new PlanError(choiceProblems(sagemakerAccessModes, value, `${name}: sagemakerAccess`));
  }
  return mode;
}

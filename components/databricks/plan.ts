/**
 * The Databricks section's plan: the deployment role and the PassRole policy on the workspace role,
 * as data. The section's `plan` and the components build from the same functions.
 */
import { IamCatalog, awsManagedPolicyArn, roleArn } from "../../iam";
import { PlatformSettings, PolicyPlan, RolePlan, noAttachments } from "../shared/plan";
import { iamName, roleName } from "../shared/naming";
import { SectionPlan } from "../shared/section";
import { DatabricksConfig, SagemakerAccess } from "./config";
import {
  deployOnlyStatements,
  deploymentInlinePolicy,
  deploymentTrust,
  workspacePassRoleStatements,
} from "./documents";

/** Pulumi names of the section's components; their children derive theirs from these. */
export const databricksComponentNames = {
  deploymentRole: "databricks-deployment",
  workspacePassRole: "databricks-workspace-passrole",
  registration: "databricks-instance-profile",
  ecrRepository: "databricks-serving-image",
} as const;

/** Name of the inline policy that carries the page's step 2. */
export const deploymentInlinePolicyName = "sagemaker-deployment";

/** The AWS managed policy Databricks documents for the role (step 1). */
export const sagemakerFullAccessPolicy = "AmazonSageMakerFullAccess";

/** IAM name of the deployment role, which is also the instance profile's name. */
export function deploymentRoleName(settings: PlatformSettings): string {
  return roleName(settings.namePrefix, "databricksDeployment");
}

/** The deployment role: trusted by EC2 and SageMaker, with the page's policies or the deploy-only one. */
export function planDeploymentRole(
  settings: PlatformSettings,
  sagemakerAccess: SagemakerAccess,
  key = `${databricksComponentNames.deploymentRole}-role`,
): RolePlan {
  const name = deploymentRoleName(settings);
  const self = roleArn(settings.arn, name, settings.rolePath);
  const full = sagemakerAccess === "full";
  return {
    key,
    name,
    description: `Databricks clusters that deploy MLflow models to SageMaker, and the models' role there (${sagemakerAccess})`,
    trust: deploymentTrust(),
    inlinePolicies: { [deploymentInlinePolicyName]: deploymentInlinePolicy(settings.arn, self) },
    managedStatements: full ? [] : deployOnlyStatements(settings.arn, self),
    awsManagedPolicyArns: full ? [awsManagedPolicyArn(settings.arn, sagemakerFullAccessPolicy)] : [],
  };
}

/** The customer-managed policy attached to the existing workspace role: PassRole of the deployment role. */
export function planWorkspacePassRole(
  settings: PlatformSettings,
  workspaceRoleName: string,
  key: string = databricksComponentNames.workspacePassRole,
): PolicyPlan {
  const deploymentRoleArn = roleArn(settings.arn, deploymentRoleName(settings), settings.rolePath);
  return {
    key,
    name: iamName(settings.namePrefix, "databricks-workspace-passrole"),
    description: `Lets Databricks workspace role ${workspaceRoleName} launch clusters with ${deploymentRoleName(settings)}`,
    statements: workspacePassRoleStatements(deploymentRoleArn),
    attachTo: { ...noAttachments, roles: [workspaceRoleName] },
  };
}

/** Everything the section creates in IAM, for the stack's validation and the offline plan. */
export interface DatabricksPlan extends SectionPlan {
  readonly deploymentRole: RolePlan;
  readonly workspacePassRole: PolicyPlan;
}

/** Pure: the section's IAM for a config. The stack checks every document against the catalog. */
export function planDatabricks(
  config: DatabricksConfig,
  settings: PlatformSettings,
  _catalog: IamCatalog,
): DatabricksPlan {
  const deploymentRole = planDeploymentRole(settings, config.sagemakerAccess);
  const workspacePassRole = planWorkspacePassRole(settings, config.workspaceRoleName);
  return { deploymentRole, workspacePassRole, roles: [deploymentRole], policies: [workspacePassRole] };
}

/** PassRole of the deployment role for the Databricks workspace's existing role. */
import * as pulumi from "@pulumi/pulumi";
import { IamCatalog, roleArn } from "../../iam";
import { registerPolicyComponent, validatedPlan } from "../shared/component";
import { iamName } from "../shared/naming";
import { noAttachments, PlatformSettings, PolicyPlan } from "../shared/plan";
import { deploymentRoleName } from "./deploymentRole";
import { workspacePassRoleStatements } from "./documents";

export interface DatabricksWorkspacePassRoleArgs {
  /** Naming, tags, path, protection and ARN context of the stack (the deployment role's ARN derives from them). */
  readonly settings: PlatformSettings;
  /** The existing role Databricks launches clusters with (the workspace's cross-account role); required. */
  readonly workspaceRoleName: string;
}

/** The customer-managed policy attached to the existing workspace role: PassRole of the deployment role. */
export function planWorkspacePassRole(
  name: string,
  args: DatabricksWorkspacePassRoleArgs,
  _catalog: IamCatalog,
): PolicyPlan {
  const { settings, workspaceRoleName } = args;
  const deploymentRoleArn = roleArn(settings.arn, deploymentRoleName(settings), settings.rolePath);
  return {
    key: name,
    name: iamName(settings.namePrefix, "databricks-workspace-passrole"),
    description: `Lets Databricks workspace role ${workspaceRoleName} launch clusters with ${deploymentRoleName(settings)}`,
    statements: workspacePassRoleStatements(deploymentRoleArn),
    attachTo: { ...noAttachments, roles: [workspaceRoleName] },
  };
}

/**
 * Step 4 of Databricks' page: a customer-managed policy, attached to the workspace role that this
 * program does not own, allowing `iam:PassRole` of exactly the deployment role (to EC2).
 */
export class DatabricksWorkspacePassRole extends pulumi.ComponentResource {
  /** ARNs of the policy (one part unless packing splits it). */
  declare readonly policyArns: pulumi.Output<string[]>;

  constructor(name: string, args: DatabricksWorkspacePassRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = validatedPlan(name, args, planWorkspacePassRole);
    super("mlops-iam:index:DatabricksWorkspacePassRole", name, {}, opts);
    registerPolicyComponent(this, plan, args.settings);
  }
}

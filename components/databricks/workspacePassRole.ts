/** PassRole of the deployment role for the Databricks workspace's existing role. */
import * as pulumi from "@pulumi/pulumi";
import { iamCatalog } from "../../iam";
import { PlatformSettings, assertValidPlans } from "../shared/plan";
import { createPolicy } from "../shared/resources";
import { planWorkspacePassRole } from "./plan";

export interface DatabricksWorkspacePassRoleArgs {
  /** Naming, tags, path, protection and ARN context of the stack (the deployment role's ARN derives from them). */
  readonly settings: PlatformSettings;
  /** The existing role Databricks launches clusters with (the workspace's cross-account role); required. */
  readonly workspaceRoleName: string;
}

/**
 * Step 4 of Databricks' page: a customer-managed policy, attached to the workspace role that this
 * program does not own, allowing `iam:PassRole` of exactly the deployment role (to EC2).
 */
export class DatabricksWorkspacePassRole extends pulumi.ComponentResource {
  /** ARNs of the policy (one part unless packing splits it). */
  readonly policyArns: pulumi.Output<string[]>;

  constructor(name: string, args: DatabricksWorkspacePassRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    // Planned and validated first: invalid arguments register nothing, not even the component.
    const plan = planWorkspacePassRole(args.settings, args.workspaceRoleName, name);
    assertValidPlans({ policies: [plan] }, args.settings, iamCatalog());
    super("mlops-iam:index:DatabricksWorkspacePassRole", name, {}, opts);
    this.policyArns = createPolicy(this, plan, args.settings).arns;
    this.registerOutputs({ policyArns: this.policyArns });
  }
}

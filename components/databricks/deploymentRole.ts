/** The role Databricks clusters deploy MLflow models with, and its instance profile. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { iamCatalog } from "../../iam";
import { PlanError, PlatformSettings, assertValidPlans } from "../shared/plan";
import { choiceProblems, isOneOf } from "../shared/choices";
import { createRole } from "../shared/resources";
import { SagemakerAccess, sagemakerAccessModes } from "./config";
import { planDeploymentRole } from "./plan";

export interface DatabricksDeploymentRoleArgs {
  /** Naming, tags, boundary, path, protection and ARN context of the stack. */
  readonly settings: PlatformSettings;
  /**
   * `full` (AmazonSageMakerFullAccess, as Databricks documents) or `deploy-only`; default `full`.
   * A string rather than a union, since Pulumi's component schema has no unions; checked here.
   */
  readonly sagemakerAccess?: string;
}

/**
 * Steps 1-3 of Databricks' page: a role trusted by EC2 (the cluster) and SageMaker (the hosted
 * model), its SageMaker permissions, the corrected inline policy, and an instance profile of the
 * same name, which is what Databricks registers.
 */
export class DatabricksDeploymentRole extends pulumi.ComponentResource {
  /** The role ARN; resolves once every policy is attached. */
  readonly roleArn: pulumi.Output<string>;
  /** The role name. */
  readonly roleName: pulumi.Output<string>;
  /** The ARN to paste into the Databricks admin console (Security → Instance profiles). */
  readonly instanceProfileArn: pulumi.Output<string>;
  /** The deploy-only policy's ARNs (packed parts); empty in `full` mode. */
  readonly policyArns: pulumi.Output<string[]>;
  /** The AWS managed policies attached; AmazonSageMakerFullAccess in `full` mode. */
  readonly awsManagedPolicyArns: pulumi.Output<string[]>;

  constructor(name: string, args: DatabricksDeploymentRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    // Plan and validate before super(): bad arguments register nothing, not even this component.
    const { settings } = args;
    const plan = planDeploymentRole(settings, sagemakerAccessOf(name, args.sagemakerAccess), `${name}-role`);
    assertValidPlans({ roles: [plan] }, settings, iamCatalog());
    super("mlops-iam:index:DatabricksDeploymentRole", name, {}, opts);

    const created = createRole(this, plan, settings);
    // Databricks registers an instance profile, not a role; it carries the role's name (as the page does).
    const profile = new aws.iam.InstanceProfile(
      `${name}-instance-profile`,
      { name: plan.name, path: settings.rolePath, role: created.role.name, tags: settings.tags },
      { parent: this, protect: settings.protect },
    );

    this.roleArn = created.arn;
    this.roleName = created.name;
    // Only once the role's policies are attached: a cluster launched earlier would lack them.
    this.instanceProfileArn = pulumi.all([profile.arn, created.arn]).apply(([arn]) => arn);
    this.policyArns = created.policyArns;
    this.awsManagedPolicyArns = pulumi.output([...plan.awsManagedPolicyArns]);
    this.registerOutputs({
      roleArn: this.roleArn,
      instanceProfileArn: this.instanceProfileArn,
      policyArns: this.policyArns,
      awsManagedPolicyArns: this.awsManagedPolicyArns,
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

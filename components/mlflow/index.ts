/**
 * The MLflow on SageMaker section: tracking-server role, service role, access policies, domain-role
 * activities and MLflow App access. See docs/mlflow.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { StackSection } from "../shared/section";
import { MlflowAccessPolicy } from "./accessPolicies";
import { MlflowAppAccess } from "./apps";
import { allTrackingServers, MlflowConfig } from "./config";
import { MlflowDomainRoleActivities } from "./domainRoles";
import { mlflowComponents, planMlflow } from "./plan";
import { MlflowServiceRole } from "./serviceRole";
import { MlflowTrackingServerRole } from "./trackingServerRole";

export { MlflowAccessPolicy, type MlflowAccessPolicyArgs, planAccessPolicy } from "./accessPolicies";
export { MlflowAppAccess, type MlflowAppAccessArgs, planAppAccess } from "./apps";
export {
  MlflowDomainRoleActivities,
  type MlflowDomainRoleActivitiesArgs,
  planDomainRoleActivities,
} from "./domainRoles";
export { MlflowServiceRole, type MlflowServiceRoleArgs, planServiceRole } from "./serviceRole";
export {
  MlflowTrackingServerRole,
  type MlflowTrackingServerRoleArgs,
  planTrackingServerRole,
} from "./trackingServerRole";
export { planMlflow } from "./plan";

/** The exact CLI call that creates a tracking server running as `roleArn`. */
function createTrackingServerCommand(server: string, bucket: string, roleArn: string): string {
  return (
    `aws sagemaker create-mlflow-tracking-server --tracking-server-name ${server} ` +
    `--artifact-store-uri s3://${bucket} --role-arn ${roleArn}`
  );
}

export const mlflowSection: StackSection<MlflowConfig> = {
  plan: planMlflow,

  deploy(config, settings, catalog) {
    const components = mlflowComponents(config, settings, catalog);
    const outputs: Record<string, pulumi.Input<unknown>> = {};
    const policyArns: Record<string, pulumi.Input<unknown>> = {};

    if (components.trackingServerRole) {
      const role = new MlflowTrackingServerRole(
        components.trackingServerRole.name,
        components.trackingServerRole.args,
      );
      outputs.trackingServerRoleArn = role.roleArn;
      policyArns.trackingServerRole = role.policyArns;
      // The artifact store of a new server is the first configured bucket; `"*"` names no server to create.
      const bucket = config.artifactBuckets[0];
      const servers = config.trackingServers.filter((server) => server !== allTrackingServers);
      outputs.createTrackingServerCommands = role.roleArn.apply((arn) =>
        Object.fromEntries(
          servers.map((server) => [server, createTrackingServerCommand(server, bucket, arn)]),
        ),
      );
    }
    if (components.serviceRole) {
      const role = new MlflowServiceRole(components.serviceRole.name, components.serviceRole.args);
      outputs.serviceRoleArn = role.roleArn;
      policyArns.serviceRole = role.policyArns;
    }
    if (components.accessPolicies.length > 0) {
      policyArns.accessPolicies = Object.fromEntries(
        components.accessPolicies.map((policy) => [
          policy.args.policyName,
          new MlflowAccessPolicy(policy.name, policy.args).policyArns,
        ]),
      );
    }
    if (components.domainRoleActivities) {
      const activities = components.domainRoleActivities;
      policyArns.domainRoleActivities = new MlflowDomainRoleActivities(
        activities.name,
        activities.args,
      ).policyArns;
    }
    if (components.appAccess) {
      policyArns.appAccess = new MlflowAppAccess(
        components.appAccess.name,
        components.appAccess.args,
      ).policyArns;
    }
    outputs.policyArns = policyArns;
    return outputs;
  },
};

/**
 * The Databricks section: what a Databricks workspace needs to deploy MLflow models to SageMaker
 * (Databricks' page "Set up AWS authentication for SageMaker deployment", steps 1-5).
 */
import * as pulumi from "@pulumi/pulumi";
import { StackSection } from "../shared/section";
import { DatabricksConfig } from "./config";
import { DatabricksDeploymentRole } from "./deploymentRole";
import { DatabricksServingImageRepository } from "./ecrRepository";
import { databricksComponentNames as names, planDatabricks } from "./plan";
import { DatabricksWorkspacePassRole } from "./workspacePassRole";
import { DatabricksInstanceProfileRegistration, requireWorkspaceConnection } from "./workspaceRegistration";

export { databricksConfigSchema } from "./config";
export type { DatabricksConfig } from "./config";
export { planDatabricks } from "./plan";

export const databricksSection: StackSection<DatabricksConfig> = {
  plan(config, settings, catalog) {
    // Checked here, before the stack registers anything, so a missing token deploys nothing.
    requireWorkspaceConnection(config);
    return planDatabricks(config, settings, catalog);
  },

  deploy(config, settings) {
    const role = new DatabricksDeploymentRole(names.deploymentRole, {
      settings,
      sagemakerAccess: config.sagemakerAccess,
    });
    const passRole = new DatabricksWorkspacePassRole(names.workspacePassRole, {
      settings,
      workspaceRoleName: config.workspaceRoleName,
    });
    const outputs: Record<string, pulumi.Input<unknown>> = {
      deploymentRoleArn: role.roleArn,
      /** Paste into the admin console (Security → Instance profiles) unless registerInWorkspace is on. */
      instanceProfileArn: role.instanceProfileArn,
      /** AmazonSageMakerFullAccess in `full` mode, the deploy-only policy otherwise. */
      sagemakerPolicyArns: config.sagemakerAccess === "full" ? role.awsManagedPolicyArns : role.policyArns,
      workspacePassRolePolicyArns: passRole.policyArns,
    };
    const connection = requireWorkspaceConnection(config);
    if (connection) {
      const registration = new DatabricksInstanceProfileRegistration(
        names.registration,
        {
          instanceProfileArn: role.instanceProfileArn,
          host: connection.host,
          token: connection.token,
          skipValidation: config.skipValidation,
        },
        // Databricks validates the profile by launching with it through the workspace role.
        { dependsOn: [passRole] },
      );
      outputs.registeredInstanceProfileId = registration.instanceProfileId;
    }
    if (config.ecrRepository.create) {
      const repository = new DatabricksServingImageRepository(names.ecrRepository, {
        settings,
        repositoryName: config.ecrRepository.name,
      });
      outputs.ecrRepositoryUrl = repository.repositoryUrl;
    }
    return outputs;
  },
};

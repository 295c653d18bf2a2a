/**
 * From the `mlops-iam:databricks` config to the components the section registers, each with its
 * plan: the deployment role, the PassRole policy on the workspace role, the registration in the
 * workspace and the serving-image repository.
 */
import { IamCatalog } from "../../iam";
import { componentSpec, plainComponentSpec, Registered } from "../shared/component";
import { PlatformSettings } from "../shared/plan";
import { SectionComponents } from "../shared/section";
import { DatabricksConfig } from "./config";
import { DatabricksDeploymentRole, planDeploymentRole } from "./deploymentRole";
import { DatabricksServingImageRepository } from "./ecrRepository";
import { DatabricksWorkspacePassRole, planWorkspacePassRole } from "./workspacePassRole";
import { DatabricksInstanceProfileRegistration, requireWorkspaceConnection } from "./workspaceRegistration";

/** Pulumi names of the section's components; their children derive theirs from these. */
export const databricksComponentNames = {
  deploymentRole: "databricks-deployment",
  workspacePassRole: "databricks-workspace-passrole",
  registration: "databricks-instance-profile",
  ecrRepository: "databricks-serving-image",
} as const;

const names = databricksComponentNames;

/** The components a config asks for, with their plans (pure but for reading `databricks:*`). */
export function databricksComponents(
  config: DatabricksConfig,
  settings: PlatformSettings,
  catalog: IamCatalog,
): SectionComponents {
  // Checked here, before the stack registers anything, so a missing token deploys nothing.
  const connection = requireWorkspaceConnection(config);
  const role = componentSpec(
    {
      name: names.deploymentRole,
      component: DatabricksDeploymentRole,
      plan: planDeploymentRole,
      args: { settings, sagemakerAccess: config.sagemakerAccess },
    },
    catalog,
  );
  const passRole = componentSpec(
    {
      name: names.workspacePassRole,
      component: DatabricksWorkspacePassRole,
      plan: planWorkspacePassRole,
      args: { settings, workspaceRoleName: config.workspaceRoleName },
    },
    catalog,
  );
  const registration = connection
    ? plainComponentSpec(
        names.registration,
        (registered) =>
          new DatabricksInstanceProfileRegistration(
            names.registration,
            {
              instanceProfileArn: registered(role).instanceProfileArn,
              host: connection.host,
              token: connection.token,
              skipValidation: config.skipValidation,
            },
            // Databricks validates the profile by launching with it through the workspace role.
            { dependsOn: [registered(passRole)] },
          ),
      )
    : undefined;
  const repository = config.ecrRepository.create
    ? plainComponentSpec(
        names.ecrRepository,
        () =>
          new DatabricksServingImageRepository(names.ecrRepository, {
            settings,
            repositoryName: config.ecrRepository.name,
          }),
      )
    : undefined;
  return {
    components: [
      role,
      passRole,
      ...(registration ? [registration] : []),
      ...(repository ? [repository] : []),
    ],
    outputs(registered: Registered) {
      const deployment = registered(role);
      const outputs: Record<string, unknown> = {
        deploymentRoleArn: deployment.roleArn,
        /** Paste into the admin console (Security → Instance profiles) unless registerInWorkspace is on. */
        instanceProfileArn: deployment.instanceProfileArn,
        /** AmazonSageMakerFullAccess in `full` mode, the deploy-only policy otherwise. */
        sagemakerPolicyArns:
          config.sagemakerAccess === "full" ? deployment.awsManagedPolicyArns : deployment.policyArns,
        workspacePassRolePolicyArns: registered(passRole).policyArns,
      };
      if (registration) outputs.registeredInstanceProfileId = registered(registration).instanceProfileId;
      if (repository) outputs.ecrRepositoryUrl = registered(repository).repositoryUrl;
      return outputs;
    },
  };
}

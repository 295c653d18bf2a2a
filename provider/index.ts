// The component package: `pulumi package add <path to this folder>` from a Python, Go, C#, Java or
// YAML Pulumi program. Pulumi runs this file as a plugin; it serves every component listed here.
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { DatabricksDeploymentRole } from "../components/databricks/deploymentRole";
import { DatabricksServingImageRepository } from "../components/databricks/ecrRepository";
import { DatabricksServingRole } from "../components/databricks/servingRole";
import { DatabricksInstanceProfileRegistration } from "../components/databricks/workspaceRegistration";
import { DatabricksWorkspacePassRole } from "../components/databricks/workspacePassRole";
import { MlflowAccessPolicy } from "../components/mlflow/accessPolicies";
import { MlflowAppAccess } from "../components/mlflow/apps";
import { MlflowDomainRoleActivities } from "../components/mlflow/domainRoles";
import { MlflowServiceRole } from "../components/mlflow/serviceRole";
import { MlflowTrackingServerRole } from "../components/mlflow/trackingServerRole";
import { PipelineExecutionRole } from "../components/pipelines/executionRole";
import { PipelineStepRole } from "../components/pipelines/stepRoles";
import { PipelineTeamPolicy } from "../components/pipelines/teamPolicies";

/** Every component the package serves. */
export const components = [
  DatabricksDeploymentRole,
  DatabricksInstanceProfileRegistration,
  DatabricksServingRole,
  DatabricksWorkspacePassRole,
  MlflowAccessPolicy,
  MlflowAppAccess,
  MlflowDomainRoleActivities,
  MlflowServiceRole,
  DatabricksServingImageRepository,
  MlflowTrackingServerRole,
  PipelineExecutionRole,
  PipelineStepRole,
  PipelineTeamPolicy,
];

if (require.main === module) {
  void componentProviderHost({ components, dirname: __dirname, name: "mlops-iam" });
}

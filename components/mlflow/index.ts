/**
 * The MLflow on SageMaker section: tracking-server role, service role, access policies, domain-role
 * activities and MLflow App access. See docs/mlflow.md.
 */
import { defineSection } from "../shared/section";
import { mlflowConfigSchema } from "./config";
import { mlflowComponents } from "./plan";

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

export const mlflowSection = defineSection({
  key: "mlflow",
  schema: mlflowConfigSchema,
  components: mlflowComponents,
});

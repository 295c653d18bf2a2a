/**
 * The contract between the stack and each domain (MLflow, Pipelines, Databricks): a pure plan that
 * the stack validates for the whole config before anything is registered, then the deployment.
 */
import * as pulumi from "@pulumi/pulumi";
import { IamCatalog } from "../../iam";
import { PlatformSettings, PolicyPlan, RolePlan } from "./plan";

/** Everything a section will create, as data. */
export interface SectionPlan {
  readonly roles: readonly RolePlan[];
  readonly policies: readonly PolicyPlan[];
  /**
   * Problems only the catalog or the ARN context can find (e.g. an explicit action list with an
   * unknown action), each naming its config key.
   */
  readonly problems?: readonly string[];
}

export interface StackSection<C> {
  /**
   * The roles and policies `deploy` will register for this config, computed without registering
   * anything. It may read the stack's provider config (e.g. `databricks:host`) to check it.
   */
  plan(config: C, settings: PlatformSettings, catalog: IamCatalog): SectionPlan;
  /** Registers the section's components; returns its stack outputs. */
  deploy(config: C, settings: PlatformSettings, catalog: IamCatalog): Record<string, pulumi.Input<unknown>>;
}

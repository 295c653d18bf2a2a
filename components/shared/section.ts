/**
 * The contract between the stack and each domain (MLflow, Pipelines, Databricks). A section is its
 * config key, its config schema, and a pure function from its validated config to the components
 * it registers, each with its plan. The stack assembles its config schema and its resources from
 * one list of sections (`components/sections.ts`); plan and deploy consume the same specs.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "../../config/zod";
import { IamCatalog, PolicyStatement } from "../../iam";
import { ComponentSpec, Registered } from "./component";
import { PlatformSettings } from "./plan";

/** Everything one section registers, as specs, and the section's stack outputs. */
export interface SectionComponents {
  /** In registration order. */
  readonly components: readonly ComponentSpec<unknown>[];
  /**
   * Problems only the catalog or the ARN context can find (e.g. an explicit action list with an
   * unknown action), each naming its config key.
   */
  readonly problems?: readonly string[];
  /** The section's stack outputs, once its components are registered. */
  outputs(registered: Registered): Record<string, pulumi.Input<unknown>>;
  /**
   * What the role that runs `pulumi up` needs for what the section registers beyond its IAM roles
   * and policies (which the stack grants itself, components/deployer.ts); default: nothing.
   */
  readonly deployer?: readonly PolicyStatement[];
}

export interface Section<K extends string = string, S extends z.ZodType = z.ZodType> {
  /** The config key under `mlops-iam:`, and the key of the section's stack outputs. */
  readonly key: K;
  /** The schema of `mlops-iam:<key>`. */
  readonly schema: S;
  /**
   * The components a validated config asks for, registering nothing. It may read the stack's
   * provider config (e.g. `databricks:host`) to check it.
   */
  components(config: z.output<S>, settings: PlatformSettings, catalog: IamCatalog): SectionComponents;
}

/** Declares a section, keeping its key and schema types for the stack's config type. */
export function defineSection<K extends string, S extends z.ZodType>(section: Section<K, S>): Section<K, S> {
  return section;
}

/** The sections of the stack, in the order they are planned and registered: adding one is a line here. */
import { databricksSection } from "./databricks";
import { mlflowSection } from "./mlflow";
import { pipelinesSection } from "./pipelines";

export const sections = [mlflowSection, pipelinesSection, databricksSection] as const;

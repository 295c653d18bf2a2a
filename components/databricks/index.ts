/** The databricks section of the stack. */
import { StackSection } from "../shared/section";
import { DatabricksConfig } from "./config";

// Placeholder until the databricks components land.
export const databricksSection: StackSection<DatabricksConfig> = {
  plan: () => ({ roles: [], policies: [] }),
  deploy: () => ({}),
};

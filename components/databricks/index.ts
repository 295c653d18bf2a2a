/**
 * The Databricks section: what a Databricks workspace needs to deploy MLflow models to SageMaker
 * (Databricks' page "Set up AWS authentication for SageMaker deployment", steps 1-5). See
 * docs/databricks.md.
 */
import { defineSection } from "../shared/section";
import { databricksConfigSchema } from "./config";
import { databricksComponents } from "./plan";

export { databricksConfigSchema } from "./config";
export type { DatabricksConfig } from "./config";

export const databricksSection = defineSection({
  key: "databricks",
  schema: databricksConfigSchema,
  components: databricksComponents,
});

/** Stack config section `mlops-iam:databricks`. */
import { z } from "zod";

// Placeholder until the databricks components land: any content is rejected, so nothing is silently ignored.
export const databricksConfigSchema = z.strictObject({});

export type DatabricksConfig = z.output<typeof databricksConfigSchema>;

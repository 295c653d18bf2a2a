/** Stack config section `mlops-iam:mlflow`. */
import { z } from "zod";

// Placeholder until the mlflow components land: any content is rejected, so nothing is silently ignored.
export const mlflowConfigSchema = z.strictObject({});

export type MlflowConfig = z.output<typeof mlflowConfigSchema>;

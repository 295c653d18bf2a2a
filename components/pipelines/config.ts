/** Stack config section `mlops-iam:pipelines`. */
import { z } from "zod";

// Placeholder until the pipelines components land: any content is rejected, so nothing is silently ignored.
export const pipelinesConfigSchema = z.strictObject({});

export type PipelinesConfig = z.output<typeof pipelinesConfigSchema>;

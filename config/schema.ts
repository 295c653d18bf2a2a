/**
 * The whole stack config (`mlops-iam:*` in `Pulumi.<stack>.yaml`) as one schema, so it is validated
 * in one pass and every problem is reported at once. Unknown keys are errors at every level: a typo
 * must not silently fall back to a default.
 */
import { z } from "zod";
import { databricksConfigSchema } from "../components/databricks/config";
import { mlflowConfigSchema } from "../components/mlflow/config";
import { pipelinesConfigSchema } from "../components/pipelines/config";
import { commonShape } from "./common";

/** The Pulumi project name, and so the namespace of every config key. */
export const projectName = "mlops-iam";

export const stackConfigSchema = z.strictObject({
  ...commonShape,
  mlflow: mlflowConfigSchema.optional(),
  pipelines: pipelinesConfigSchema.optional(),
  databricks: databricksConfigSchema.optional(),
});

/** The validated config, with defaults applied: what {@link buildStack} takes. */
export type StackConfig = z.output<typeof stackConfigSchema>;

/** The config as a user writes it (defaults may be omitted), for tests and examples. */
export type StackConfigInput = z.input<typeof stackConfigSchema>;

// The SDK arguments the section tells users to set (stepTypes.ts `sdkArgument`, the `sdkArguments`
// output, docs/pipelines.md) against the SageMaker Python SDK's signatures. AWS's page (and so the
// German seed) says `tuning_base_job_name` and `transform_base_job_name`, which the SDK rejects with
// a TypeError; this test keeps such a name from coming back.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stepTypeNames, stepTypes } from "../components/pipelines/stepTypes";

/**
 * Keyword arguments of the SDK callables the section names, as declared in the SageMaker Python SDK
 * v2 (`master-v2`, commit fc582aa, `src/sagemaker/...`; each line is where the parameter is declared).
 */
const sdkSignatures: Readonly<
  Record<string, { readonly source: string; readonly keywords: readonly string[] }>
> = {
  Estimator: { source: "estimator.py:155 EstimatorBase.__init__", keywords: ["base_job_name"] },
  Processor: { source: "processing.py:86 Processor.__init__", keywords: ["base_job_name"] },
  Transformer: { source: "transformer.py:70 Transformer.__init__", keywords: ["base_transform_job_name"] },
  HyperparameterTuner: {
    source: "tuner.py:605 HyperparameterTuner.__init__",
    keywords: ["base_tuning_job_name"],
  },
  AutoML: { source: "automl/automl.py:118 AutoML.__init__", keywords: ["base_job_name"] },
  Model: { source: "model.py:160 Model.__init__", keywords: ["name"] },
  "Model.register": { source: "model.py:460 Model.register", keywords: ["model_package_name"] },
  CheckJobConfig: {
    source: "workflow/check_job_config.py:42 CheckJobConfig.__init__",
    keywords: ["base_job_name"],
  },
  // Its settings are SKLearn's keyword arguments (workflow/_utils.py _RepackModelStep: SKLearn(**kwargs)).
  ModelStep: {
    source: "workflow/model_step.py:48 ModelStep.__init__",
    keywords: ["repack_model_step_settings"],
  },
};

/** Every `Callable(keyword=` in a text. */
function calls(text: string): { callable: string; keyword: string }[] {
  return [...text.matchAll(/([A-Z][A-Za-z]*(?:\.[a-z_]+)?)\((?:\.\.\., )?([a-z_]+)=/g)].map((match) => ({
    callable: match[1],
    keyword: match[2],
  }));
}

describe("pipelines: the SDK arguments we tell users to set", () => {
  it("are keyword arguments the SDK's callables declare, for every step type", () => {
    for (const type of stepTypeNames) {
      const named = calls(stepTypes[type].sdkArgument);
      assert.ok(named.length > 0, `${type}: names no SDK argument`);
      for (const { callable, keyword } of named) {
        const signature = sdkSignatures[callable];
        assert.ok(signature, `${type}: ${callable} is not in the table of SDK signatures`);
        assert.ok(
          signature.keywords.includes(keyword),
          `${type}: ${callable}(${keyword}=) (${signature.source})`,
        );
      }
    }
  });

  it("are the ones docs/pipelines.md names, and never the AWS page's rejected spellings", () => {
    const page = readFileSync(join(__dirname, "..", "docs", "pipelines.md"), "utf8");
    assert.doesNotMatch(page, /tuning_base_job_name|transform_base_job_name/);
    // The job-name arguments the page shows (it also shows others, such as Estimator(role=...)).
    const jobNames = calls(page).filter(({ keyword }) => keyword.endsWith("job_name"));
    assert.ok(jobNames.length >= 4);
    for (const { callable, keyword } of jobNames) {
      const signature = sdkSignatures[callable];
      if (signature) assert.ok(signature.keywords.includes(keyword), `docs: ${callable}(${keyword}=)`);
    }
  });
});

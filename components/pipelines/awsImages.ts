/**
 * AWS's own ECR registries, the accounts SageMaker's prebuilt images live in (the SDK's
 * `image_uris.retrieve`): a job that runs a framework, the SKLearn processor, Clarify or Model
 * Monitor pulls from one of them, not from this account. Granting the job roles ECR pull on them is
 * what AWS's SageMaker-roles page does with `"Resource": "*"`; here it is narrowed to these accounts.
 */
import { ArnContext } from "../../iam";

/** Accounts of AWS-owned ECR registries a pipeline's jobs pull from. */
export interface ImageAccounts {
  /** Deep Learning Containers (`pytorch-training`, `tensorflow-training`, ...). */
  readonly dlc: string;
  /** `sagemaker-scikit-learn` (SKLearn estimators and processors, ModelStep's repack job). */
  readonly sklearn: string;
  /** `sagemaker-clarify-processing` (ClarifyCheckStep). */
  readonly clarify: string;
  /** `sagemaker-model-monitor-analyzer` (QualityCheckStep). */
  readonly modelMonitor: string;
}

/**
 * AWS's image registry accounts per region, from the SDK's `src/sagemaker/image_uri_config/`
 * (`pytorch.json` training 2.8.0, `sklearn.json` training 1.2-1, `clarify.json` processing 1.0,
 * `model-monitor.json`), for the regions the project has checked. Deep Learning Containers use one
 * account in these regions; the others differ per region.
 */
export const awsImageAccounts: Readonly<Record<string, ImageAccounts>> = {
  "us-east-1": {
    dlc: "763104351884",
    sklearn: "683313688378",
    clarify: "205585389593",
    modelMonitor: "156813124566",
  },
  "us-east-2": {
    dlc: "763104351884",
    sklearn: "257758044811",
    clarify: "211330385671",
    modelMonitor: "777275614652",
  },
  "us-west-2": {
    dlc: "763104351884",
    sklearn: "246618743249",
    clarify: "306415355426",
    modelMonitor: "159807026194",
  },
  "eu-west-1": {
    dlc: "763104351884",
    sklearn: "141502667606",
    clarify: "131013547314",
    modelMonitor: "468650794304",
  },
  "eu-central-1": {
    dlc: "763104351884",
    sklearn: "492215442770",
    clarify: "017069133835",
    modelMonitor: "048819808253",
  },
};

/**
 * The AWS image registry accounts of a region, sorted and without duplicates; empty for a region the
 * table does not have (the stack then names them in `awsImageAccounts`, or its jobs pull only from
 * this account).
 */
export function awsImageAccountsOf(region: string): string[] {
  const accounts = awsImageAccounts[region];
  return accounts ? [...new Set(Object.values(accounts))].sort() : [];
}

/** Repositories of these registries, in the stack's region: `arn:<partition>:ecr:<region>:<account>:repository/*`. */
export function awsImageRepositoryArns(ctx: ArnContext, accounts: readonly string[]): string[] {
  return [...new Set(accounts)]
    .sort()
    .map((account) => `arn:${ctx.partition}:ecr:${ctx.region}:${account}:repository/*`);
}

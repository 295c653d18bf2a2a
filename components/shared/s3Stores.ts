/**
 * Data in S3 stores (a bucket, or a prefix of one): who reads and writes it, and with what. Used by
 * MLflow's artifact stores and the data of Databricks' transform jobs.
 *
 * MLflow clients move artifacts themselves, with the caller's own credentials (the
 * `sagemaker-mlflow` plugin's artifact repository is MLflow's S3 one unless presigned uploads are
 * switched on), so every MLflow user needs the store, not only the tracking server's role. The rows
 * of `components/mlflow/workloads.ts` cite each call: `S3ArtifactRepository.log_artifact` and
 * `_upload_file` (PutObject; multipart uploads of 8 MiB or more are authorized as PutObject,
 * AbortMultipartUpload cleans up a failed one), `list_artifacts` (ListBucket with `s3:prefix`),
 * `_download_file` (GetObject). MLflow's delete flows make no S3 calls (the REST deletes mark rows
 * deleted), so no one gets DeleteObject, and nobody administers the bucket itself.
 */
import { ArnContext, PolicyStatement, allow, s3BucketArn, s3ObjectsArn, serviceEndpoint } from "../../iam";

/** An artifact store: a bucket, and optionally the key prefix the store is confined to. */
export interface ArtifactStore {
  readonly bucket: string;
  /** Without leading or trailing `/`; none for the whole bucket. */
  readonly prefix?: string;
}

/** What a principal does with the artifact store. */
export type ArtifactAccess = "read" | "write";

/** `s3://<bucket>[/<prefix>]`, as SageMaker's `ArtifactStoreUri` takes it. */
export function artifactStoreUri(store: ArtifactStore): string {
  return `s3://${store.bucket}${store.prefix ? `/${store.prefix}` : ""}`;
}

/** A bucket name or an `s3://bucket[/prefix]` URI, already validated by the config schema. */
export function parseArtifactStore(value: string): ArtifactStore {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(value);
  if (!match) return { bucket: value };
  const prefix = match[2].replace(/\/+$/, "");
  return prefix ? { bucket: match[1], prefix } : { bucket: match[1] };
}

/**
 * S3 and KMS for an MLflow client: read is GetObject and ListBucket, write adds PutObject and
 * AbortMultipartUpload. Objects and listing stop at each store's prefix. With SSE-KMS, the key only
 * through S3 (`kms:ViaService`): Decrypt to read (and to complete multipart uploads),
 * GenerateDataKey to write.
 */
export function clientArtifactStatements(
  ctx: ArnContext,
  stores: readonly ArtifactStore[],
  access: ArtifactAccess,
  kmsKeyArn?: string,
  sidPrefix = "Artifact",
): PolicyStatement[] {
  const objectActions =
    access === "write" ? ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"] : ["s3:GetObject"];
  const keyActions = access === "write" ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"];
  return artifactStatements(ctx, stores, objectActions, keyActions, kmsKeyArn, sidPrefix);
}

/**
 * S3 and KMS for the role a tracking server or an MLflow App runs as: AWS's `s3:Get*`, `s3:Put*`,
 * `s3:List*` narrowed to what the server does (the UI's artifact views read and list; presigned
 * uploads, when switched on, are signed by the server and write).
 */
export function serverArtifactStatements(
  ctx: ArnContext,
  stores: readonly ArtifactStore[],
  kmsKeyArn?: string,
): PolicyStatement[] {
  return artifactStatements(
    ctx,
    stores,
    ["s3:GetObject", "s3:PutObject"],
    ["kms:Decrypt", "kms:GenerateDataKey"],
    kmsKeyArn,
  );
}

function artifactStatements(
  ctx: ArnContext,
  stores: readonly ArtifactStore[],
  objectActions: readonly string[],
  keyActions: readonly string[],
  kmsKeyArn: string | undefined,
  sidPrefix = "Artifact",
): PolicyStatement[] {
  if (stores.length === 0) return [];
  const statements = [
    allow(
      `${sidPrefix}Objects`,
      objectActions,
      stores.map((store) => s3ObjectsArn(ctx, store.bucket, store.prefix ? `${store.prefix}/` : "")),
    ),
    ...listStatements(ctx, stores, sidPrefix),
  ];
  if (kmsKeyArn) {
    statements.push(
      allow(`${sidPrefix}Key`, keyActions, [kmsKeyArn], {
        StringEquals: { "kms:ViaService": serviceEndpoint(ctx, "s3") },
      }),
    );
  }
  return statements;
}

/**
 * ListBucket on the stores' buckets: unconditioned for a whole-bucket store, else only under that
 * bucket's store prefixes (`s3:prefix`), a statement per bucket so one bucket's prefix never opens
 * another's.
 */
function listStatements(
  ctx: ArnContext,
  stores: readonly ArtifactStore[],
  sidPrefix: string,
): PolicyStatement[] {
  const whole = [...new Set(stores.filter((store) => !store.prefix).map((store) => store.bucket))];
  const prefixes = new Map<string, Set<string>>();
  for (const store of stores) {
    if (!store.prefix || whole.includes(store.bucket)) continue;
    prefixes.set(store.bucket, (prefixes.get(store.bucket) ?? new Set()).add(`${store.prefix}/*`));
  }
  const statements: PolicyStatement[] = [];
  if (whole.length > 0) {
    statements.push(
      allow(
        `${sidPrefix}Buckets`,
        ["s3:ListBucket"],
        whole.map((bucket) => s3BucketArn(ctx, bucket)),
      ),
    );
  }
  [...prefixes.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .forEach(([bucket, patterns], index) =>
      statements.push(
        allow(
          `${sidPrefix}Prefixes${index === 0 ? "" : index + 1}`,
          ["s3:ListBucket"],
          [s3BucketArn(ctx, bucket)],
          {
            StringLike: { "s3:prefix": [...patterns].sort() },
          },
        ),
      ),
    );
  return statements;
}

/** The pure IAM policy model: documents, ARNs, grants, the catalog, validation and quotas. */
export * from "./arn";
export * from "./catalog";
export * from "./document";
export * from "./grants";
export * from "./limits";
export * from "./quotas";
export * from "./validate";

/**
 * The shape of a workload table: the requests a real client (or AWS on its behalf) makes, each
 * citing where it comes from, and the requests its principal must be denied. Each section's
 * `workloads.ts` holds its tables; the tests evaluate the planned policies against them.
 */

/** One request a client makes, as IAM evaluates it. */
export interface WorkloadRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** File and function (or AWS page URL) the call comes from. */
  readonly source: string;
  /** What the user (or the service) did, e.g. "log_artifact" or "TrainingStep". */
  readonly step: string;
  /** When the call is made, if not always. */
  readonly when?: string;
  /** The client tolerates a denial (cleanup after a failure, best-effort lineage or metrics). */
  readonly optional?: boolean;
  /** What is assumed rather than read in a source. */
  readonly uncertain?: string;
}

/** A real workflow of one persona, rendered for a context of names. */
export interface Workload<Persona extends string, Context> {
  readonly name: string;
  readonly persona: Persona;
  readonly description: string;
  requests(ctx: Context): WorkloadRequest[];
}

/** A request a persona must be denied, and why. */
export interface WorkloadDenial<Persona extends string> {
  readonly persona: Persona;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** Why it must be denied. */
  readonly reason: string;
}

/** The requests of the workloads of these personas, rendered for `ctx`. */
export function requestsOf<Persona extends string, Context>(
  workloads: readonly Workload<Persona, Context>[],
  personas: readonly Persona[],
  ctx: Context,
): WorkloadRequest[] {
  return workloads
    .filter((workload) => personas.includes(workload.persona))
    .flatMap((workload) => workload.requests(ctx));
}

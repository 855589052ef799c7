/** A Kubernetes API failure, with the HTTP status and the Status reason the server gave. */
export class KubeError extends Error {
  override readonly name = 'KubeError';
  /** The Status object's `details` (which object, and for 422 the field causes), when known. */
  readonly details: StatusDetails | undefined;

  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    options?: { cause?: unknown; details?: StatusDetails },
  ) {
    super(message, options);
    this.details = options?.details;
  }
}

/** Mirrors metav1.StatusDetails, so an API server can render the Status body unchanged. */
export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly causes?: readonly StatusCause[];
  /** From a 429/503 (Status body or Retry-After header): how long the server asks clients to wait. */
  readonly retryAfterSeconds?: number;
}

export interface StatusCause {
  /** e.g. `FieldValueInvalid`, `FieldValueRequired`. */
  readonly reason: string;
  readonly message: string;
  /** e.g. `spec.replicas`. */
  readonly field: string;
}

export function isNotFound(error: unknown): error is KubeError {
  return error instanceof KubeError && error.status === 404;
}

export function isConflict(error: unknown): boolean {
  return error instanceof KubeError && error.status === 409 && error.reason === 'Conflict';
}

export function isAlreadyExists(error: unknown): boolean {
  return error instanceof KubeError && error.status === 409 && error.reason === 'AlreadyExists';
}

/** The resourceVersion a watch asked for is too old: relist. */
export function isGone(error: unknown): boolean {
  return error instanceof KubeError && error.status === 410;
}

/** Throttling, server faults and broken connections are worth retrying; validation failures are not. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof KubeError)) return true;
  return error.status === 429 || error.status >= 500 || error.status === 0;
}

export function ignoreNotFound<T>(promise: Promise<T>): Promise<T | undefined> {
  return promise.catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
}

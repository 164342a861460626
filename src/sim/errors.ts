/**
 * Kubernetes `Status` errors with the codes, reasons and messages a real kube-apiserver returns,
 * so clients (client-node, kubectl) read them as they would from a real cluster.
 */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    /** Extra response headers, e.g. Retry-After for 429. */
    readonly headers: Record<string, string> = {}
  ) {
    super(message);
    this.name = 'StatusError';
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code
    };
  }
}

/** "pods" or "deployments.apps": how the apiserver names a resource in messages. */
export function qualified(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

export function notFound(group: string, resource: string, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualified(group, resource)} "${name}" not found`, {
    name,
    group,
    kind: resource
  });
}

export function alreadyExists(group: string, resource: string, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${qualified(group, resource)} "${name}" already exists`, {
    name,
    group,
    kind: resource
  });
}

export function conflict(group: string, resource: string, name: string, why?: string): StatusError {
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(group, resource)} "${name}": ${
      why ?? 'the object has been modified; please apply your changes to the latest version and try again'
    }`,
    { name, group, kind: resource }
  );
}

export function invalid(group: string, kind: string, name: string, causes: StatusCause[]): StatusError {
  const text = causes.map(c => `${c.field}: ${c.message}`).join(', ');
  const shown = causes.length > 1 ? `[${text}]` : text;
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  return new StatusError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${shown}`, {
    name,
    group,
    kind,
    causes: causes.map(c => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, field: c.field }))
  });
}

export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function methodNotAllowed(
  message = 'the server does not allow this method on the requested resource'
): StatusError {
  return new StatusError(405, 'MethodNotAllowed', message);
}

export function unauthorized(): StatusError {
  return new StatusError(401, 'Unauthorized', 'Unauthorized');
}

/** As the RBAC authorizer words it. */
export function forbidden(
  user: string,
  verb: string,
  group: string,
  resource: string,
  namespace?: string,
  name?: string,
  subresource?: string
): StatusError {
  const res = subresource ? `${resource}/${subresource}` : resource;
  const q = qualified(group, resource);
  const scope = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
  return new StatusError(
    403,
    'Forbidden',
    `${name ? `${q} "${name}"` : q} is forbidden: User "${user}" cannot ${verb} resource "${res}" in API group "${group}"${scope}`,
    { ...(name ? { name } : {}), group, kind: resource }
  );
}

export function tooManyRequests(retryAfterSeconds: number): StatusError {
  return new StatusError(
    429,
    'TooManyRequests',
    'the server has received too many requests and has asked us to try again later',
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) }
  );
}

export function serverTimeout(
  message = 'the server was unable to return a response in the time allotted, but may still be processing the request'
): StatusError {
  return new StatusError(504, 'Timeout', message);
}

export function serviceUnavailable(
  message = 'the server is currently unable to handle the request'
): StatusError {
  return new StatusError(503, 'ServiceUnavailable', message);
}

export function internalError(message: string): StatusError {
  return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`);
}

export function gone(message = 'too old resource version'): StatusError {
  return new StatusError(410, 'Expired', message);
}

/** The apiserver's answer for paths and resources it does not serve. */
export function notServed(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** As admission plugins word a denial: `pods "p" is forbidden: <why>`. */
export function forbiddenBecause(
  group: string,
  resource: string,
  name: string | undefined,
  why: string
): StatusError {
  const q = qualified(group, resource);
  return new StatusError(403, 'Forbidden', `${name ? `${q} "${name}"` : q} is forbidden: ${why}`, {
    ...(name ? { name } : {}),
    group,
    kind: resource
  });
}

/**
 * Review objects answered at create time and never stored: SelfSubjectAccessReview,
 * SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectRulesReview (from the scenario's
 * RBAC rules), SelfSubjectReview (who am I), TokenReview, and core v1 Binding.
 */
import { badRequest } from '../errors.js';
import { isAllowed, rulesFor } from '../rbac.js';
import { ok, parseBody, type Call, type Reply } from './context.js';
import { bindPod } from './pods.js';

export function review(call: Call, token: string): Reply {
  const body = parseBody(call);
  const { api, rtype } = call;
  const base = {
    kind: rtype.kind,
    apiVersion: call.apiVersion,
    metadata: { creationTimestamp: null },
    spec: body?.spec ?? {}
  };
  switch (rtype.resource) {
    case 'selfsubjectaccessreviews':
    case 'subjectaccessreviews':
    case 'localsubjectaccessreviews': {
      const ra = body?.spec?.resourceAttributes;
      const user = rtype.resource === 'selfsubjectaccessreviews' ? api.user : String(body?.spec?.user ?? '');
      if (
        rtype.resource === 'localsubjectaccessreviews' &&
        ra?.namespace &&
        call.info.namespace &&
        ra.namespace !== call.info.namespace
      ) {
        throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${call.info.namespace}`);
      }
      if (!ra && !body?.spec?.nonResourceAttributes)
        throw badRequest(
          'spec: Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified'
        );
      const allowed = !ra
        ? true
        : isAllowed(api.rbac(), {
            user,
            verb: String(ra.verb ?? ''),
            group: String(ra.group ?? ''),
            resource: String(ra.resource ?? ''),
            subresource: ra.subresource || undefined,
            namespace: ra.namespace || call.info.namespace || undefined,
            name: ra.name || undefined
          });
      // As RBAC answers: it grants or does not; it never sets `denied` or a reason for a missing grant.
      const status = { allowed };
      return ok({ ...base, status }, 201);
    }
    case 'selfsubjectrulesreviews': {
      const ns = String(body?.spec?.namespace ?? '');
      return ok({ ...base, status: rulesFor(api.store, api.rbac(), api.user, ns) }, 201);
    }
    case 'selfsubjectreviews':
      return ok({ ...base, status: { userInfo: { username: api.user, groups: api.groups } } }, 201);
    case 'tokenreviews': {
      const authenticated = typeof body?.spec?.token === 'string' && body.spec.token === token;
      return ok(
        {
          ...base,
          status: authenticated
            ? { authenticated: true, user: { username: api.user, groups: api.groups } }
            : { authenticated: false, user: {} }
        },
        201
      );
    }
    case 'bindings':
      return bindPod(call, String(body?.metadata?.name ?? ''), body);
  }
  throw badRequest(`${rtype.resource} cannot be created here`);
}

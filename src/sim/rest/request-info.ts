/**
 * Turns a request path into what the apiserver's RequestInfoFactory would: API group, version,
 * namespace, resource, name, subresource and verb (the attributes RBAC and faults decide on).
 */
export interface RequestInfo {
  method: string;
  path: string;
  query: URLSearchParams;
  /** True for /api/{v}/... and /apis/{g}/{v}/... paths naming a resource. */
  isResource: boolean;
  group: string;
  version: string;
  namespace?: string;
  resource?: string;
  name?: string;
  subresource?: string;
  /** For proxy subresources: the path after `/proxy`, starting with "/". */
  proxyPath?: string;
  verb: string;
  /** Path segments of a non-resource request ("/apis/apps" → ["apis", "apps"]). */
  segments: string[];
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function httpVerb(method: string): string {
  switch (method) {
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return 'get';
  }
}

export function parseRequest(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const query = url.searchParams;
  const segments = path.split('/').slice(1);
  if (segments[segments.length - 1] === '' && segments.length > 1 && !path.includes('/proxy')) segments.pop();
  const base: RequestInfo = {
    method,
    path,
    query,
    isResource: false,
    group: '',
    version: '',
    verb: httpVerb(method),
    segments
  };
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    base.version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    base.group = segments[1];
    base.version = segments[2];
    rest = segments.slice(3);
  } else {
    return base;
  }
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  const info: RequestInfo = { ...base, isResource: true };
  if (rest[0] === 'namespaces' && rest.length > 1) {
    info.namespace = decodeURIComponent(rest[1]);
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
  }
  info.resource = rest[0];
  if (rest.length > 1 && rest[1] !== '') info.name = decodeURIComponent(rest[1]);
  if (rest.length > 2) info.subresource = rest[2];
  if (info.subresource === 'proxy') info.proxyPath = `/${rest.slice(3).join('/')}`;
  else if (rest.length > 3) info.subresource = `${rest[2]}/${rest.slice(3).join('/')}`;
  if (
    info.resource === 'namespaces' &&
    !(rest[0] === 'namespaces' && rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]))
  ) {
    // /api/v1/namespaces/{name}[/status|/finalize]: the namespace is the object itself.
    info.namespace = undefined;
  }
  const isWatch = watchPrefix || query.get('watch') === 'true' || query.get('watch') === '1';
  if (method === 'GET' || method === 'HEAD') info.verb = isWatch ? 'watch' : info.name ? 'get' : 'list';
  if (method === 'DELETE' && !info.name) info.verb = 'deletecollection';
  return info;
}

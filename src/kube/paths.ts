/** REST paths of the Kubernetes API, built from group, version, resource, namespace and name. */

export interface ResourceRef {
  /** "" for the core group. */
  group: string;
  version: string;
  /** Plural resource name, e.g. "deployments". */
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export function resourcePath(ref: ResourceRef): string {
  const base = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  const ns = ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
  const name = ref.name !== undefined ? `/${encodeURIComponent(ref.name)}` : '';
  const sub = ref.subresource ? `/${ref.subresource}` : '';
  return `${base}${ns}/${ref.resource}${name}${sub}`;
}

export interface ProxyRef {
  kind: 'pod' | 'service';
  namespace: string;
  name: string;
  /** Port number or name. */
  port: string | number;
  /** "https" for TLS endpoints; omitted for plain HTTP. */
  scheme?: 'http' | 'https';
  /** Path on the target, starting with "/". */
  path: string;
  query?: Record<string, string>;
}

/** `/api/v1/namespaces/{ns}/pods/{scheme:}{name}:{port}/proxy{path}`, as the API server routes it. */
export function proxyPath(ref: ProxyRef): string {
  const plural = ref.kind === 'pod' ? 'pods' : 'services';
  // Names and ports are DNS labels or numbers: the colons stay literal, as kubectl sends them.
  const target = `${ref.scheme ? `${ref.scheme}:` : ''}${ref.name}:${ref.port}`;
  const query = ref.query ? `?${new URLSearchParams(ref.query).toString()}` : '';
  return `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/${plural}/${target}/proxy${ref.path}${query}`;
}

/** Appends query parameters (label/field selectors, limit, continue) to a path. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const q = params.toString();
  return q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path;
}

/**
 * Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`), which kubectl's typed
 * clients send for `create namespace|configmap|secret|serviceaccount` and `auth can-i|whoami`.
 * Decodes the `k8s\0` envelope (runtime.Unknown) and the few kinds listed below into JSON; other
 * kinds get 415, as a server without their protobuf schema would answer (kubectl's `create -f`
 * and `apply` send JSON and are unaffected).
 */
import { StatusError } from '../errors.js';

type FieldType = 'string' | 'bytes' | 'bool' | 'int' | 'map' | 'mapBytes' | 'strings' | Schema;
interface Schema {
  [field: number]: [name: string, type: FieldType];
}

const META: Schema = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  11: ['labels', 'map'],
  12: ['annotations', 'map'],
  14: ['finalizers', 'strings']
};
const RESOURCE_ATTRIBUTES: Schema = {
  1: ['namespace', 'string'],
  2: ['verb', 'string'],
  3: ['group', 'string'],
  4: ['version', 'string'],
  5: ['resource', 'string'],
  6: ['subresource', 'string'],
  7: ['name', 'string']
};
const NON_RESOURCE_ATTRIBUTES: Schema = { 1: ['path', 'string'], 2: ['verb', 'string'] };

/** Message schemas by "group/Kind" (field numbers from the Kubernetes generated.proto files). */
const KINDS: Record<string, Schema> = {
  '/Namespace': { 1: ['metadata', META], 2: ['spec', { 1: ['finalizers', 'strings'] }] },
  '/ConfigMap': {
    1: ['metadata', META],
    2: ['data', 'map'],
    3: ['binaryData', 'mapBytes'],
    4: ['immutable', 'bool']
  },
  '/Secret': {
    1: ['metadata', META],
    2: ['data', 'mapBytes'],
    3: ['type', 'string'],
    4: ['stringData', 'map'],
    5: ['immutable', 'bool']
  },
  '/ServiceAccount': { 1: ['metadata', META], 4: ['automountServiceAccountToken', 'bool'] },
  'authorization.k8s.io/SelfSubjectAccessReview': {
    1: ['metadata', META],
    2: [
      'spec',
      {
        1: ['resourceAttributes', RESOURCE_ATTRIBUTES],
        2: ['nonResourceAttributes', NON_RESOURCE_ATTRIBUTES]
      }
    ]
  },
  'authorization.k8s.io/SelfSubjectRulesReview': {
    1: ['metadata', META],
    2: ['spec', { 1: ['namespace', 'string'] }]
  },
  'authentication.k8s.io/SelfSubjectReview': { 1: ['metadata', META] }
};

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface Raw {
  field: number;
  wire: number;
  value: number | Buffer;
}

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [result, pos];
    shift += 7;
  }
}

function fields(buf: Buffer): Raw[] {
  const out: Raw[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) {
      const [v, p2] = readVarint(buf, p1);
      out.push({ field, wire, value: v });
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, p1);
      out.push({ field, wire, value: buf.subarray(p2, p2 + len) });
      pos = p2 + len;
    } else if (wire === 1) pos = p1 + 8;
    else if (wire === 5) pos = p1 + 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

function decode(buf: Buffer, schema: Schema): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const f of fields(buf)) {
    const spec = schema[f.field];
    if (!spec) continue;
    const [name, type] = spec;
    const bytes = Buffer.isBuffer(f.value) ? f.value : Buffer.alloc(0);
    if (type === 'string') {
      const s = bytes.toString('utf8');
      if (s) out[name] = s;
    } else if (type === 'bytes') out[name] = bytes.toString('base64');
    else if (type === 'bool') out[name] = f.value === 1;
    else if (type === 'int') out[name] = f.value;
    else if (type === 'strings') (out[name] ??= []).push(bytes.toString('utf8'));
    else if (type === 'map' || type === 'mapBytes') {
      const entry = decode(bytes, { 1: ['k', 'string'], 2: ['v', type === 'map' ? 'string' : 'bytes'] });
      (out[name] ??= {})[String(entry.k ?? '')] = entry.v ?? '';
    } else out[name] = decode(bytes, type);
  }
  return out;
}

/** The JSON object a protobuf request body carries; 415 for kinds this simulator cannot decode. */
export function decodeProtobufBody(body: Buffer): Record<string, unknown> {
  const unsupported = (what: string) =>
    new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (protobuf ${what} is not supported by the simulator)`
    );
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw unsupported('without the k8s envelope');
  try {
    const unknown = decode(body.subarray(4), {
      1: ['typeMeta', { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] }],
      2: ['raw', 'bytes']
    }) as any;
    const apiVersion = String(unknown.typeMeta?.apiVersion ?? '');
    const kind = String(unknown.typeMeta?.kind ?? '');
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const schema = KINDS[`${group}/${kind}`];
    if (!schema) throw unsupported(`for ${kind || 'an unnamed kind'}`);
    return { apiVersion, kind, ...decode(Buffer.from(String(unknown.raw ?? ''), 'base64'), schema) };
  } catch (e) {
    if (e instanceof StatusError) throw e;
    throw new StatusError(
      400,
      'BadRequest',
      `the protobuf body could not be decoded: ${(e as Error).message}`
    );
  }
}

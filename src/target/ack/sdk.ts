/**
 * The Alibaba Cloud SDK packages are CommonJS with `exports.default = Client`. Native ESM (and Jest
 * in ESM mode) hands back the whole `module.exports` as the default, while a bundler's interop
 * hands back the class itself; `defaultExport` unwraps either shape.
 */
import * as csModule from '@alicloud/cs20151215';
import * as openApiModule from '@alicloud/openapi-core';
import * as credentialsModule from '@alicloud/credentials';

function defaultExport<T>(ns: unknown, what: string): T {
  let value: any = ns;
  for (let depth = 0; depth < 3 && value && typeof value !== 'function'; depth++) value = value.default;
  if (typeof value !== 'function') throw new Error(`cannot load ${what}: no default export class`);
  return value as T;
}

type CsClientClass = typeof import('@alicloud/cs20151215').default;
type OpenApiClass = typeof import('@alicloud/openapi-core').default;
type CredentialClass = typeof import('@alicloud/credentials').default;

export const CsClient: CsClientClass = defaultExport<CsClientClass>(csModule, '@alicloud/cs20151215');
export type CsClient = InstanceType<CsClientClass>;
export const OpenApiClient: OpenApiClass = defaultExport<OpenApiClass>(
  openApiModule,
  '@alicloud/openapi-core'
);
export const Credential: CredentialClass = defaultExport<CredentialClass>(
  credentialsModule,
  '@alicloud/credentials'
);
export type Credential = InstanceType<CredentialClass>;

export {
  CreateClusterResponseBody,
  DeleteClusterRequest,
  DescribeClusterUserKubeconfigRequest,
  DescribeClustersV1Request,
  DescribeKubernetesVersionMetadataRequest
} from '@alicloud/cs20151215';
export { $OpenApiUtil, AlibabaCloudError, ThrottlingError } from '@alicloud/openapi-core';
export { Config as CredentialConfig } from '@alicloud/credentials';
export type { CredentialsProvider } from '@alicloud/credentials';

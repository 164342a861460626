/**
 * A kubeconfig carrying every kind of credential the action masks, with recognisable fake values,
 * and the list of those values (tests search logs, comments, summaries, outputs and files for them).
 */
export const SECRETS = {
  token: 'kc-token-5b1f0c9e7a3d4e21b8c6',
  clientKeyData: 'LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCmZha2Uta2V5LWRhdGEtOTg3NjU0MzIxCg==',
  clientCertData: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCmZha2UtY2VydC1kYXRhLTEyMzQ1Njc4Cg==',
  password: 'kc-password-q8w7e6r5',
  execEnvSecret: 'exec-env-secret-a1b2c3d4e5',
  execArgToken: 'exec-arg-token-z9y8x7w6',
  accessToken: 'ap-access-token-11223344',
  refreshToken: 'ap-refresh-token-55667788',
  clientSecret: 'ap-client-secret-99aabbcc',
  idToken: 'ap-id-token-ddeeff00'
} as const;

export const SECRET_VALUES: string[] = Object.values(SECRETS);

export const CA_DATA = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCnB1YmxpYy1jYS0xMjMKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=';

export const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: ack-gpu
    cluster:
      server: https://203.0.113.10:6443
      certificate-authority-data: ${CA_DATA}
  - name: other
    cluster:
      server: https://198.51.100.7:6443
contexts:
  - name: ack-gpu-admin
    context:
      cluster: ack-gpu
      user: admin
  - name: ack-gpu-exec
    context:
      cluster: ack-gpu
      user: exec-user
  - name: other-oidc
    context:
      cluster: other
      user: oidc-user
current-context: ack-gpu-admin
users:
  - name: admin
    user:
      token: ${SECRETS.token}
      client-key-data: ${SECRETS.clientKeyData}
      client-certificate-data: ${SECRETS.clientCertData}
      username: kube-admin
      password: ${SECRETS.password}
  - name: exec-user
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: aliyun-credential-helper
        args: ["get-token", "--cluster", "ack-gpu", "--token=${SECRETS.execArgToken}", "--region", "cn-hangzhou"]
        env:
          - name: ALIBABA_CLOUD_ACCESS_KEY_SECRET
            value: ${SECRETS.execEnvSecret}
          - name: ALIBABA_CLOUD_REGION
            value: cn-hangzhou
  - name: oidc-user
    user:
      auth-provider:
        name: oidc
        config:
          client-id: kubernetes
          client-secret: ${SECRETS.clientSecret}
          id-token: ${SECRETS.idToken}
          refresh-token: ${SECRETS.refreshToken}
          access-token: ${SECRETS.accessToken}
          idp-issuer-url: https://issuer.example.com
`;

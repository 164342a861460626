/** Text shared by scenario files: a CA bundle placeholder (webhooks, APIServices). */
export const CA_BUNDLE =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJzekNDQVZtZ0F3SUJBZ0lVYzJsdGRXeGhkR1ZrTFdOaExXSjFibVJzWlRBS0JnZ3Foa2pPUFFRREFqQUEKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=';

export const HEADER = 'apiVersion: sim.ai-conformance.dev/v1alpha1';

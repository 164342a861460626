import { describe, expect, it } from '@jest/globals';
import { KubeError } from '../../../src/kube/errors.js';
import type { FunctionalContext } from '../../../src/kube/functional/types.js';
import { listedGpus } from '../../../src/checks/functional/kit/accelerators.js';
import { baseUrl, clientScript, parseClientLog } from '../../../src/checks/functional/kit/gateway.js';
import { proxyGet } from '../../../src/checks/functional/kit/proxy.js';
import { prerequisite } from '../../../src/checks/functional/kit/skip.js';

/** A context whose proxy answers with one fixed response (only proxyGet is used). */
const answering = (status: number, body: string) =>
  ({ proxyGet: async () => ({ status, body }) }) as unknown as FunctionalContext;

describe('functional kit', () => {
  it('writes one tagged line per request and reads the answers back by tag', () => {
    const script = clientScript('10.0.0.7', [
      { tag: 'w', count: 2, path: '/hostname', headers: { Host: "it's.example.com" } },
      { tag: 'c', count: 1, path: '/v1/completions', headers: {}, json: '{"model":"m"}' }
    ]);
    expect(script).toBe(
      `for i in $(seq 1 2); do echo -n 'w '; curl -s -m 10 -w ' %{http_code}' -H 'Host: it'"'"'s.example.com' http://10.0.0.7/hostname; echo; done; ` +
        `for i in $(seq 1 1); do echo -n 'c '; curl -s -m 10 -w ' %{http_code}' -X POST -H 'Content-Type: application/json' -d '{"model":"m"}' http://10.0.0.7/v1/completions; echo; done`
    );
    const answers = parseClientLog(
      'w app1 200\nw  404\nw  000\nc {"model": "m", "id": "x"} 200\n\ngarbage\n'
    );
    expect(answers.get('w')).toEqual([
      { body: 'app1', code: 200 },
      { body: '', code: 404 },
      { body: '', code: 0 }
    ]);
    expect(answers.get('c')).toEqual([{ body: '{"model": "m", "id": "x"}', code: 200 }]);
    expect(baseUrl('fd00::1')).toBe('http://[fd00::1]');
  });

  it('reads GPUs and MIG instances from nvidia-smi -L', () => {
    const log =
      'GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-aaaa-1111)\n  MIG 1g.5gb     Device  0: (UUID: MIG-bbbb-2222)\nGPU 1: NVIDIA A10 (UUID: GPU-cccc-3333)\n';
    expect(listedGpus(log)).toEqual([
      { uuid: 'GPU-aaaa-1111', mig: 'MIG-bbbb-2222' },
      { uuid: 'GPU-cccc-3333' }
    ]);
    expect(listedGpus('sh: nvidia-smi: not found\n')).toEqual([]);
  });

  it("turns the API server's own 403 on a proxy into an error, and keeps the target's 403 as an answer", async () => {
    const status = JSON.stringify({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: 'pods "x" is forbidden: User "u" cannot get resource "pods/proxy"'
    });
    await expect(
      proxyGet(answering(403, status), {
        kind: 'pod',
        namespace: 'n',
        name: 'x',
        port: 9400,
        path: '/metrics'
      })
    ).rejects.toThrow(KubeError);
    await expect(
      proxyGet(answering(403, status), {
        kind: 'pod',
        namespace: 'n',
        name: 'x',
        port: 9400,
        path: '/metrics'
      })
    ).rejects.toMatchObject({
      kind: 'forbidden',
      message:
        'GET /api/v1/namespaces/n/pods/x:9400/proxy/metrics: 403 Forbidden: pods "x" is forbidden: User "u" cannot get resource "pods/proxy"'
    });
    expect(
      await proxyGet(answering(403, 'denied by the app'), {
        kind: 'service',
        namespace: 'n',
        name: 's',
        port: 'http',
        path: '/'
      })
    ).toEqual({ status: 403, body: 'denied by the app' });
  });

  it('runs on a detect pass or partial, and says why not otherwise', () => {
    const f = (verdict: 'pass' | 'partial' | 'fail' | 'error' | 'not-applicable') => ({
      verdict,
      reason: 'r',
      evidence: []
    });
    expect(prerequisite(f('pass'), 'x')).toBeNull();
    expect(prerequisite(f('partial'), 'x')).toBeNull();
    expect(prerequisite(f('fail'), 'nothing installed')).toBe('nothing installed (r)');
    expect(prerequisite(f('error'), 'x')).toBe('detect could not finish, so no workload was created (r)');
  });
});

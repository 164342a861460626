import { describe, expect, it } from '@jest/globals';
import { decodeProtobufBody } from '../../../src/sim/rest/protobuf.js';

/** Request bodies kubectl v1.32.4 sent (captured from the simulator), in hex. */
const KUBECTL = {
  createNamespace:
    '6b3873000a0f0a02763112094e616d657370616365121b0a130a0378797a12001a0022002a0032003800420012001a020a001a002200',
  canIListPodsLog:
    '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577123c0a100a0012001a0022002a00320038004200121e0a1c0a03666f6f12046c6973741a0022002a04706f647332003a036c6f671a08080012001a0020001a002200',
  canIGetHealthz:
    '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577122f0a100a0012001a0022002a003200380042001211120f0a082f6865616c74687a12036765741a08080012001a0020001a002200',
  createSecret:
    '6b3873000a0c0a0276311206536563726574121e0a120a02737812001a0022002a0032003800420012060a016b1201761a001a002200',
  createDeployment: '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412020a00'
};

const bytes = (hex: string) => Buffer.from(hex, 'hex');

describe('protobuf request bodies', () => {
  it('decodes the kinds kubectl creates through typed clients', () => {
    expect(decodeProtobufBody(bytes(KUBECTL.createNamespace))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'xyz' },
      spec: {}
    });
    expect(decodeProtobufBody(bytes(KUBECTL.canIListPodsLog))).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { resourceAttributes: { namespace: 'foo', verb: 'list', resource: 'pods', name: 'log' } }
    });
    expect((decodeProtobufBody(bytes(KUBECTL.canIGetHealthz)) as any).spec).toEqual({
      nonResourceAttributes: { path: '/healthz', verb: 'get' }
    });
    expect(decodeProtobufBody(bytes(KUBECTL.createSecret))).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sx' },
      data: { k: Buffer.from('v').toString('base64') }
    });
  });

  it('answers 415 for kinds it cannot decode and 400 for garbage', () => {
    expect(() => decodeProtobufBody(bytes(KUBECTL.createDeployment))).toThrow(
      expect.objectContaining({ code: 415, reason: 'UnsupportedMediaType' })
    );
    expect(() => decodeProtobufBody(Buffer.from('{"kind":"Pod"}'))).toThrow(
      expect.objectContaining({ code: 415 })
    );
    expect(() => decodeProtobufBody(Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff]))).toThrow(
      expect.objectContaining({ code: 400 })
    );
  });
});

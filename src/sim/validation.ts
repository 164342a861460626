/**
 * The apiserver's validation for what clients of this simulator commonly get wrong; each error
 * is a 422 Invalid with the field path and the real message.
 */
import { validateCrd } from './crd.js';
import { invalid, type StatusCause } from './errors.js';
import { fromLabelSelectorObject, matchesLabels } from './selectors.js';
import type { KObject, ResourceType } from './store.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function containers(spec: any, path: string, causes: StatusCause[]): void {
  const list = spec?.containers;
  if (!Array.isArray(list) || !list.length) {
    causes.push({ field: `${path}.containers`, reason: 'FieldValueRequired', message: 'Required value' });
    return;
  }
  list.forEach((c: any, i: number) => {
    if (!c?.name)
      causes.push({
        field: `${path}.containers[${i}].name`,
        reason: 'FieldValueRequired',
        message: 'Required value'
      });
    if (!c?.image)
      causes.push({
        field: `${path}.containers[${i}].image`,
        reason: 'FieldValueRequired',
        message: 'Required value'
      });
  });
}

function selectorMatchesTemplate(obj: KObject, causes: StatusCause[]): void {
  const sel = obj.spec?.selector;
  if (!sel || (!sel.matchLabels && !sel.matchExpressions)) {
    causes.push({ field: 'spec.selector', reason: 'FieldValueRequired', message: 'Required value' });
    return;
  }
  const labels = obj.spec?.template?.metadata?.labels ?? {};
  if (!matchesLabels(fromLabelSelectorObject(sel), labels)) {
    const shown = `map[string]string{${Object.entries(labels)
      .map(([k, v]) => `"${k}":"${v}"`)
      .join(', ')}}`;
    causes.push({
      field: 'spec.template.metadata.labels',
      message: `Invalid value: ${shown}: \`selector\` does not match template \`labels\``
    });
  }
}

export function validateObject(t: ResourceType, obj: KObject): void {
  const key = `${t.group}/${t.resource}`;
  const name = obj.metadata?.name ?? '';
  const causes: StatusCause[] = [];
  switch (key) {
    case 'apiextensions.k8s.io/customresourcedefinitions':
      validateCrd(obj);
      return;
    case '/namespaces':
      if (name && (!DNS1123_LABEL.test(name) || name.length > 63)) {
        causes.push({
          field: 'metadata.name',
          message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
        });
      }
      break;
    case '/pods':
      containers(obj.spec, 'spec', causes);
      break;
    case 'apps/deployments':
    case 'apps/replicasets':
    case 'apps/statefulsets':
    case 'apps/daemonsets':
      selectorMatchesTemplate(obj, causes);
      containers(obj.spec?.template?.spec, 'spec.template.spec', causes);
      break;
    case 'batch/jobs': {
      containers(obj.spec?.template?.spec, 'spec.template.spec', causes);
      const policy = obj.spec?.template?.spec?.restartPolicy;
      if (policy !== 'OnFailure' && policy !== 'Never') {
        causes.push({
          field: 'spec.template.spec.restartPolicy',
          reason: 'FieldValueNotSupported',
          message: `Unsupported value: "${policy ?? ''}": supported values: "OnFailure", "Never"`
        });
      }
      break;
    }
  }
  if (causes.length) throw invalid(t.group, t.kind, name, causes);
}

/** A new PRODUCT.yaml: the CNCF template of a version, byte for byte, ready to fill in. */
import { normalizeVersion, templateText } from '../catalog/index.js';

export function productTemplate(version: string): { version: string; text: string } {
  const v = normalizeVersion(version);
  return { version: v, text: templateText(v) };
}

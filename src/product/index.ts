/** PRODUCT.yaml: read, validate, create from a template, apply verdicts, write back byte-exactly. */
export { applyVerdicts, type ApplyResult, type ProductVerdict, type RequirementChange } from './apply.js';
export { ProductError } from './errors.js';
export { loadProduct, parseProduct, type ProductDocument } from './load.js';
export { metadataValue, type Product, type ProductRequirement } from './model.js';
export { productTemplate } from './template.js';
export { checklistFor, validateProduct, type Problem } from './validate.js';
export { saveProduct, writeFileAtomic, writeIfChanged } from './write.js';

/**
 * Behaviours as data (kwok-style stages): a resource, a selector on the object's current state, a
 * delay and ordered steps. Stages chain: each selector matches the state the previous one wrote.
 * This is the normalised form the engine runs; files are parsed and checked by load.ts.
 */

/** The version of the stage file format. */
export const STAGE_API_VERSION = 'sim.ai-conformance.dev/v1alpha1';

export type ExpressionOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface FieldExpression {
  /** A field path, e.g. `.status.phase` or `.metadata.labels["app"]`. */
  key: string;
  path: string[];
  operator: ExpressionOperator;
  values: string[];
}

export interface ConditionMatch {
  type: string;
  /** "True", "False", "Unknown", or "Absent" (no condition of that type), or "NotTrue" (anything but True). */
  status: 'True' | 'False' | 'Unknown' | 'Absent' | 'NotTrue';
}

export interface StageSelector {
  namespaces?: string[];
  names?: string[];
  matchLabels?: Record<string, string>;
  matchAnnotations?: Record<string, string>;
  matchExpressions: FieldExpression[];
  matchConditions: ConditionMatch[];
}

export type Step =
  | { kind: 'patchStatus'; patch: Record<string, unknown> }
  | { kind: 'patch'; patch: Record<string, unknown> }
  | { kind: 'setCondition'; condition: { type: string; status: string; reason?: string; message?: string } }
  | { kind: 'event'; type: 'Normal' | 'Warning'; reason: string; message: string; component?: string }
  | { kind: 'addFinalizers'; finalizers: string[] }
  | { kind: 'removeFinalizers'; finalizers: string[] }
  | { kind: 'delete' };

export interface Stage {
  name: string;
  description?: string;
  /** API group ('' for core) and kind the stage applies to. */
  group: string;
  kind: string;
  selector: StageSelector;
  delayMs: number;
  steps: Step[];
}

/**
 * Every secret value the step registers with the runner's log masking, remembered so that text
 * the masking does not cover (the job summary, a PR comment, a failure message that also goes to
 * the summary) can be scrubbed of them too.
 */
export interface Masker {
  /** Registers a value (core.setSecret) and remembers it. Empty values are ignored. */
  mask(value: string | undefined | null): void;
  /** The text with every remembered value replaced by "***". */
  redact(text: string): string;
}

/** Values this short are not scrubbed from text: replacing "1" everywhere would garble it. */
const MIN_REDACT_LENGTH = 4;

export function createMasker(setSecret: (value: string) => void): Masker {
  const values = new Set<string>();
  return {
    mask(value) {
      if (typeof value !== 'string' || value.trim() === '' || values.has(value)) return;
      values.add(value);
      setSecret(value);
    },
    redact(text) {
      let out = text;
      // Longest first, so a value that contains another is replaced whole.
      for (const value of [...values].sort((a, b) => b.length - a.length)) {
        if (value.length >= MIN_REDACT_LENGTH) out = out.split(value).join('***');
      }
      return out;
    }
  };
}

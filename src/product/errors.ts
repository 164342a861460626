/**
 * Bad PRODUCT.yaml input: one line naming the file, the position and the YAML path, so a vendor can
 * go straight to the spot. The CLI prints the message and exits 2.
 */
export class ProductError extends Error {
  constructor(
    readonly file: string,
    /** YAML path such as `spec.accelerators[0].evidence`; empty for file-level problems. */
    readonly path: string,
    readonly detail: string,
    /** 1-based; 0 when the problem has no position (e.g. the file cannot be read). */
    readonly line = 0,
    readonly column = 0
  ) {
    super(formatProductMessage(file, path, detail, line, column));
    this.name = 'ProductError';
  }
}

export function formatProductMessage(
  file: string,
  path: string,
  detail: string,
  line = 0,
  column = 0
): string {
  const where = line > 0 ? `${file}:${line}${column > 0 ? `:${column}` : ''}` : file;
  return `${where}: ${path ? `${path}: ` : ''}${detail}`;
}

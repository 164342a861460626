/** Writing files safely: only when the bytes change, atomically, and never over a file edited meanwhile. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { ProductError } from './errors.js';
import { describeFsError, type ProductDocument } from './load.js';

/**
 * Saves an edited PRODUCT.yaml over `path` when its text differs from `original`'s. Refuses when the
 * file on disk no longer holds `original`'s text (someone edited it since it was read).
 * Returns whether the file was written.
 */
export async function saveProduct(
  path: string,
  original: ProductDocument,
  edited: ProductDocument
): Promise<boolean> {
  if (edited.text === original.text) return false;
  let current: string;
  try {
    current = await readFile(path, 'utf8');
  } catch (err) {
    throw new ProductError(
      original.file,
      '',
      `cannot read the file again before writing: ${describeFsError(err)}`
    );
  }
  if (current !== original.text) {
    throw new ProductError(
      original.file,
      '',
      'changed on disk while it was being edited: nothing written, run the command again'
    );
  }
  await writeFileAtomic(path, edited.text, original.file);
  return true;
}

/** Writes `data` to `path` unless it already holds exactly those bytes; returns whether it wrote. */
export async function writeIfChanged(path: string, data: string | Uint8Array, name = path): Promise<boolean> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  try {
    if ((await readFile(path)).equals(bytes)) return false;
  } catch {
    // Missing or unreadable: write it (errors surface from the write).
  }
  await writeFileAtomic(path, bytes, name);
  return true;
}

/** Temp file + rename in the same folder, keeping the old file's mode: a crash never leaves half a file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, name = path): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    const mode = await stat(path).then(
      s => s.mode & 0o777,
      () => 0o644
    );
    await writeFile(temp, data, { mode });
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw new ProductError(name, '', `cannot write the file: ${describeFsError(err)}`);
  }
}

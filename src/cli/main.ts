import { VERSIONS } from '../catalog/index.js';

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help') {
    process.stdout.write(`usage: ai-conformance <command>\nrequirement sets: ${VERSIONS.join(', ')}\n`);
    return 0;
  }
  process.stderr.write(`ai-conformance: unknown command "${argv[0]}"\n`);
  return 2;
}

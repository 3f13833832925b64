/**
 * Identifiers shaped like AWS's: API ids and resource ids are 10 lowercase alphanumerics,
 * deployment, authorizer, model and validator ids 6. Random, from the OS CSPRNG.
 */
import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function shortId(length = 10): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return out;
}

export function requestId(): string {
  return randomUUID();
}

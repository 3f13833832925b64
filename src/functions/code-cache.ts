// Deployment packages unpacked on disk, once per CodeSha256: <root>/<sha-hex>/ is a function's
// LAMBDA_TASK_ROOT. Content-addressed, so every version and every function sharing a zip shares
// the directory, and a directory, once there, is never written again.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-function-zip.html
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { unzipSync } from 'fflate';

/** Why a package cannot be unpacked: not a zip, a path leaving the directory, a wrong hash. */
export class InvalidCodeError extends Error {}

export class CodeCache {
  readonly #root: string;
  /** Unpacked (or being unpacked) directories by hex digest. */
  readonly #ready = new Map<string, Promise<string>>();

  constructor(root: string) {
    this.#root = root;
  }

  /** The directory of this code, if it is unpacked already (by this process or an earlier one). */
  has(codeSha256: string): boolean {
    const hex = hexOf(codeSha256);
    if (this.#ready.has(hex)) return true;
    if (!existsSync(join(this.#root, hex))) return false;
    this.#ready.set(hex, Promise.resolve(join(this.#root, hex)));
    return true;
  }

  /** The unpacked directory of `codeSha256`, unpacking `zipBase64` when it is not there yet. */
  async dir(codeSha256: string, zipBase64: string | undefined): Promise<string> {
    const hex = hexOf(codeSha256);
    let ready = this.#ready.get(hex);
    if (!ready) {
      const final = join(this.#root, hex);
      if (existsSync(final)) ready = Promise.resolve(final);
      else if (zipBase64 === undefined) throw new InvalidCodeError(`The code ${codeSha256} is not unpacked and was not given`);
      else ready = this.#unpack(hex, Buffer.from(zipBase64, 'base64'));
      this.#ready.set(hex, ready);
      // A failed unpack may be retried with the next invocation.
      ready.catch(() => this.#ready.delete(hex));
    }
    return ready;
  }

  async #unpack(hex: string, zip: Buffer): Promise<string> {
    if (createHash('sha256').update(zip).digest('hex') !== hex) throw new InvalidCodeError('The deployment package does not match its CodeSha256');
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(zip);
    } catch (err) {
      throw new InvalidCodeError(`Could not unzip the deployment package: ${(err as Error).message}`);
    }
    const modes = unixModes(zip);
    // Unpack beside the final directory, then rename: a crash or a concurrent process never
    // leaves a half-written directory under the final name.
    const final = join(this.#root, hex);
    const temp = join(this.#root, `${hex}.tmp-${randomBytes(6).toString('hex')}`);
    await mkdir(temp, { recursive: true });
    try {
      for (const [name, data] of Object.entries(files)) {
        const target = safePath(temp, name);
        if (name.endsWith('/') || name.endsWith('\\')) {
          await mkdir(target, { recursive: true });
          continue;
        }
        await mkdir(dirname(target), { recursive: true });
        // Only the permission bits: a symlink entry (type bits) is written as a plain file, so no
        // link can point outside the directory.
        const mode = (modes.get(name) ?? 0o644) & 0o777;
        await writeFile(target, data, { mode });
        await chmod(target, mode); // writeFile's mode goes through the umask
      }
      try {
        await rename(temp, final);
      } catch (err) {
        // Another process unpacked the same code first: theirs is identical.
        if (!existsSync(final)) throw err;
        await rm(temp, { recursive: true, force: true });
      }
      return final;
    } catch (err) {
      await rm(temp, { recursive: true, force: true });
      throw err;
    }
  }
}

/** CodeSha256 (base64) -> hex, remembered: asked twice per invocation, and the codes are few. */
const HEX = new Map<string, string>();

/** CodeSha256 is base64 (as Lambda answers it); directory names use hex. */
function hexOf(codeSha256: string): string {
  let hex = HEX.get(codeSha256);
  if (hex === undefined) {
    hex = Buffer.from(codeSha256, 'base64').toString('hex');
    // Bounded all the same: a long-lived Gatehouse may see many code revisions.
    if (HEX.size >= 10_000) HEX.clear();
    HEX.set(codeSha256, hex);
  }
  return hex;
}

/** Zip-slip guard: an entry name must stay inside the directory (no absolute path, no `..` out). */
function safePath(root: string, name: string): string {
  const normalised = name.replace(/\\/g, '/');
  if (normalised.startsWith('/') || /^[a-zA-Z]:/.test(normalised)) throw new InvalidCodeError(`The deployment package holds an absolute path: ${name}`);
  const target = resolve(root, normalised);
  if (target !== root && !target.startsWith(root + sep)) throw new InvalidCodeError(`The deployment package holds a path outside its root: ${name}`);
  return target;
}

/**
 * Each entry's Unix mode, from the central directory's external attributes (upper 16 bits) of
 * entries made on Unix (version made by, high byte 3). fflate does not expose them.
 * https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT (4.3.12, 4.4.2, 4.4.15)
 */
function unixModes(zip: Buffer): Map<string, number> {
  const modes = new Map<string, number>();
  // End of central directory: 22 bytes plus a comment of at most 65535.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return modes;
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  // Zip64 archives (offset 0xffffffff) keep the default modes.
  for (let n = 0; n < entries && p + 46 <= zip.length && zip.readUInt32LE(p) === 0x02014b50; n++) {
    const madeBy = zip.readUInt16LE(p + 4) >> 8;
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const attrs = zip.readUInt32LE(p + 38);
    const name = zip.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    const mode = attrs >>> 16;
    if (madeBy === 3 && mode !== 0) modes.set(name, mode);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return modes;
}

/**
 * Deployment packages: Gatehouse takes code inline (Code.ZipFile, base64 in the request) and keeps
 * the zip in the store, so every node sharing the store can run the function.
 * https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCode.html
 *
 * Gatehouse extension, for fast edit-reload: Code { S3Bucket: 'hot-reload', S3Key: '/absolute/dir' }
 * (LocalStack's convention, so existing scripts work) runs that directory in place; edits take
 * effect on the next invocation. Its CodeSha256 is the SHA-256 of the path (not of the contents,
 * which change under it), its CodeSize 0, and GetFunction's Code.Location reads
 * "Code location: /absolute/dir" as LocalStack answers: there is no package to download.
 * https://docs.localstack.cloud/user-guide/lambda-tools/hot-reloading/
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAbsolute, normalize } from 'node:path';
import { unzipSync } from 'fflate';
import { functionChildKey, LAMBDA_KIND, type CodeRecord } from '../../definitions/lambda.js';
import type { StoreTx } from '../../store/types.js';
import { invalidParameter } from './errors.js';

export interface StoredCode {
  CodeSha256: string;
  CodeSize: number;
}

/** What AWS answers for a package it cannot open (recorded from `aws lambda create-function`). */
const BAD_ZIP = 'Could not unzip uploaded file. Please check your file, then try to upload again.';

/** The magic bucket of hot reload (LocalStack's name since its v2.0). */
export const HOT_RELOAD_BUCKET = 'hot-reload';

/** A function's code: an inline zip, or (hot reload) a directory run in place. */
export type CodeSource = { zip: Uint8Array } | { directory: string };

export async function checkCodeSource(code: { ZipFile?: Uint8Array; S3Bucket?: string; S3Key?: string; ImageUri?: string }): Promise<CodeSource> {
  if (code.ImageUri !== undefined) throw invalidParameter('Gatehouse does not support container image functions (ImageUri): upload the code as a .zip file archive (ZipFile).');
  if (code.S3Bucket === HOT_RELOAD_BUCKET) {
    if (code.ZipFile !== undefined) throw invalidParameter(`Please provide only one source for function code: ZipFile, or S3Bucket '${HOT_RELOAD_BUCKET}' with S3Key.`);
    return { directory: await checkDirectory(code.S3Key) };
  }
  if (code.S3Bucket !== undefined || code.S3Key !== undefined) {
    throw invalidParameter('Gatehouse does not support code from Amazon S3 (S3Bucket/S3Key): upload the .zip file archive inline (ZipFile).');
  }
  if (!code.ZipFile) throw invalidParameter('Please provide a source for function code.');
  return { zip: code.ZipFile };
}

/** A hot-reload S3Key: the absolute path of an existing directory on this machine. */
async function checkDirectory(path: string | undefined): Promise<string> {
  const usage = `With S3Bucket '${HOT_RELOAD_BUCKET}' (hot reload), S3Key is the absolute path of the function's code directory on the Gatehouse machine`;
  if (!path) throw invalidParameter(`${usage}; none was given.`);
  if (!isAbsolute(path)) throw invalidParameter(`${usage}; '${path}' is a relative path.`);
  let info;
  try {
    info = await stat(path);
  } catch {
    throw invalidParameter(`${usage}; '${path}' does not exist.`);
  }
  if (!info.isDirectory()) throw invalidParameter(`${usage}; '${path}' is not a directory.`);
  return normalize(path).replace(/(.)\/+$/, '$1');
}

/**
 * Stores the code and answers its CodeSha256 and size. A zip must open as a zip archive; a
 * directory is stored by its path (its hash is the path's).
 */
export async function storeCode(tx: StoreTx, name: string, source: CodeSource): Promise<StoredCode> {
  if ('directory' in source) {
    const CodeSha256 = createHash('sha256').update(source.directory).digest('base64');
    await tx.put<CodeRecord>(LAMBDA_KIND.code, functionChildKey(name, CodeSha256), { directory: source.directory });
    return { CodeSha256, CodeSize: 0 };
  }
  const zip = source.zip;
  try {
    unzipSync(zip);
  } catch {
    throw invalidParameter(BAD_ZIP);
  }
  const CodeSha256 = createHash('sha256').update(zip).digest('base64');
  await tx.put<CodeRecord>(LAMBDA_KIND.code, functionChildKey(name, CodeSha256), { zipFile: Buffer.from(zip).toString('base64') });
  return { CodeSha256, CodeSize: zip.byteLength };
}

/** GetFunction's Code for stored code: a download link for a zip, LocalStack's wording for a directory. */
export function codeLocation(code: CodeRecord | undefined, link: string): { RepositoryType: string; Location: string } {
  if (code?.directory !== undefined) return { RepositoryType: 'S3', Location: `Code location: ${code.directory}` };
  return { RepositoryType: 'S3', Location: link };
}

/** Where GetFunction's Code.Location points: served by Gatehouse (src/server/server.ts). */
export const codePath = (account: string, region: string, name: string, sha: string) =>
  `/_gatehouse/functions/${account}/${region}/${name}/code/${encodeURIComponent(sha)}.zip`;

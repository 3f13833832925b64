/**
 * Deployment packages: Gatehouse takes code inline (Code.ZipFile, base64 in the request) and keeps
 * the zip in the store, so every node sharing the store can run the function.
 * https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCode.html
 */
import { createHash } from 'node:crypto';
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

export function checkCodeSource(code: { ZipFile?: Uint8Array; S3Bucket?: string; S3Key?: string; ImageUri?: string }): Uint8Array {
  if (code.ImageUri !== undefined) throw invalidParameter('Gatehouse does not support container image functions (ImageUri): upload the code as a .zip file archive (ZipFile).');
  if (code.S3Bucket !== undefined || code.S3Key !== undefined) {
    throw invalidParameter('Gatehouse does not support code from Amazon S3 (S3Bucket/S3Key): upload the .zip file archive inline (ZipFile).');
  }
  if (!code.ZipFile) throw invalidParameter('Please provide a source for function code.');
  return code.ZipFile;
}

/** Checks that `zip` opens as a zip archive, stores it and answers its CodeSha256 and size. */
export async function storeCode(tx: StoreTx, name: string, zip: Uint8Array): Promise<StoredCode> {
  try {
    unzipSync(zip);
  } catch {
    throw invalidParameter(BAD_ZIP);
  }
  const CodeSha256 = createHash('sha256').update(zip).digest('base64');
  await tx.put<CodeRecord>(LAMBDA_KIND.code, functionChildKey(name, CodeSha256), { zipFile: Buffer.from(zip).toString('base64') });
  return { CodeSha256, CodeSize: zip.byteLength };
}

/** Where GetFunction's Code.Location points: served by Gatehouse (src/server/server.ts). */
export const codePath = (account: string, region: string, name: string, sha: string) =>
  `/_gatehouse/functions/${account}/${region}/${name}/code/${encodeURIComponent(sha)}.zip`;

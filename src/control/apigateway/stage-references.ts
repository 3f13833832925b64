/**
 * What a stage names elsewhere and what names a stage: its client certificate and documentation
 * version must exist (an empty value clears them), and a stage or API that a custom domain's base
 * path mapping serves cannot be deleted until the mapping is gone - AWS answers "Deleting stage
 * {stage} failed. Please remove all base path mappings related to the stage in your domain." and
 * "Deleting RestApi {id} failed. Please remove all base path mappings related to the RestApi in
 * your domains: {domain}." (as users quote them, e.g. serverless/serverless#3638).
 * https://docs.aws.amazon.com/apigateway/latest/api/API_Stage.html
 */
import { badRequest } from '../../aws/errors.js';
import type { BasePathMappingRecord } from '../../definitions/domains.js';
import type { StoreTx } from '../../store/types.js';
import { apiKey, KIND } from './records.js';
import type { StageRecord } from './stage-record.js';

/** Checks the stage's clientCertificateId and documentationVersion; drops them when set to ''. */
export async function checkStageReferences(tx: StoreTx, restApiId: string, stage: StageRecord): Promise<void> {
  if (stage.clientCertificateId === '') delete stage.clientCertificateId;
  if (stage.documentationVersion === '') delete stage.documentationVersion;
  if (stage.clientCertificateId !== undefined && !(await tx.get(KIND.clientCertificate, stage.clientCertificateId))) {
    throw badRequest('Invalid Client Certificate identifier specified');
  }
  if (stage.documentationVersion !== undefined && !(await tx.get(KIND.documentationVersion, apiKey(restApiId, stage.documentationVersion)))) {
    throw badRequest('Invalid Documentation version specified');
  }
}

/** The domain names (by store key) whose base path mappings serve this API, or this stage of it. */
async function mappingDomains(tx: StoreTx, restApiId: string, stageName?: string): Promise<string[]> {
  const domains = new Set<string>();
  for (const { key, value } of await tx.list<BasePathMappingRecord>(KIND.basePathMapping)) {
    if (value.restApiId !== restApiId) continue;
    if (stageName !== undefined && value.stage !== undefined && value.stage !== stageName) continue;
    domains.add(key.slice(0, key.lastIndexOf('/')).split('+')[0]);
  }
  return [...domains];
}

export async function refuseIfMappedStage(tx: StoreTx, restApiId: string, stageName: string): Promise<void> {
  if ((await mappingDomains(tx, restApiId, stageName)).length > 0) {
    throw badRequest(`Deleting stage ${stageName} failed. Please remove all base path mappings related to the stage in your domain.`);
  }
}

export async function refuseIfMappedApi(tx: StoreTx, restApiId: string): Promise<void> {
  const domains = await mappingDomains(tx, restApiId);
  if (domains.length > 0) {
    throw badRequest(`Deleting RestApi ${restApiId} failed. Please remove all base path mappings related to the RestApi in your domains: ${domains.join(', ')}.`);
  }
}

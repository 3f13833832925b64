/**
 * ClientCertificate: GenerateClientCertificate, GetClientCertificate(s), UpdateClientCertificate,
 * DeleteClientCertificate. API Gateway generates a self-signed certificate that a stage presents
 * to HTTP back ends so they can tell the calls come from API Gateway; the client is given the
 * public PEM only, valid one year ("client certificates are valid for 365 days").
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/getting-started-client-side-ssl-authentication.html
 * https://docs.aws.amazon.com/apigateway/latest/api/API_ClientCertificate.html
 *
 * The certificate is real: an RSA 2048 key from node:crypto, an X.509 v3 certificate built and
 * signed (SHA-256) by node-forge (node:crypto parses certificates but cannot issue them). The
 * private key stays in the stored document for the data plane and is never answered. The key is
 * generated off the main thread (libuv pool) but inside the request's transaction, which holds
 * the store for those milliseconds; generation is rare enough for that to be the simple choice.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { badRequest } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type {
  S_DeleteClientCertificateRequest,
  S_GenerateClientCertificateRequest,
  S_GetClientCertificateRequest,
  S_GetClientCertificatesRequest,
  S_UpdateClientCertificateRequest,
} from '../../aws/generated/apigateway.js';
import type { StageRecord } from '../../definitions/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { applyPatch, type PatchRule } from './patch/index.js';
import { KIND, paginate, requireDoc } from './records.js';
import { initialTags } from './tag-rules.js';

const generateRsaKeyPair = promisify(generateKeyPair);
const VALIDITY_DAYS = 365;

interface ClientCertificateDoc {
  clientCertificateId: string;
  description?: string;
  tags?: Record<string, string>;
  pemEncodedCertificate: string;
  createdDate: string;
  expirationDate: string;
  /** PKCS#8 PEM; kept for the data plane, never part of an answer. */
  privateKeyPem: string;
}

const requireCertificate = (ctx: RequestContext, id: string) =>
  requireDoc<ClientCertificateDoc>(ctx.tx, KIND.clientCertificate, id, 'Invalid Client Certificate identifier specified');

/** The ClientCertificate shape (dates as ISO strings, which the wire layer serialises). */
type ClientCertificateAnswer = Omit<ClientCertificateDoc, 'privateKeyPem'>;

function render(doc: ClientCertificateDoc): ClientCertificateAnswer {
  const { privateKeyPem: _secret, ...answer } = doc;
  return answer;
}

/** A self-signed certificate for the key pair, valid from `notBefore` for one year. */
export async function selfSignedCertificate(notBefore: Date): Promise<{ certificatePem: string; privateKeyPem: string; notAfter: Date }> {
  const { publicKey, privateKey } = await generateRsaKeyPair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive 16-byte serial (the high bit cleared so DER does not read it as negative).
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  const notAfter = new Date(notBefore.getTime() + VALIDITY_DAYS * 24 * 3600 * 1000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const name = [
    { shortName: 'C', value: 'US' },
    { shortName: 'ST', value: 'Washington' },
    { shortName: 'L', value: 'Seattle' },
    { shortName: 'O', value: 'Amazon Web Services' },
    { shortName: 'OU', value: 'API Gateway' },
    { shortName: 'CN', value: 'ApiGateway' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  // X.509 validity has whole seconds: answer the dates the certificate actually carries.
  return { certificatePem: forge.pki.certificateToPem(cert), privateKeyPem: privateKey, notAfter: cert.validity.notAfter };
}

async function generateClientCertificate(input: S_GenerateClientCertificateRequest, ctx: RequestContext): Promise<ClientCertificateAnswer> {
  const tags = initialTags(input.tags);
  const createdDate = new Date(Math.floor(ctx.now.getTime() / 1000) * 1000);
  const { certificatePem, privateKeyPem, notAfter } = await selfSignedCertificate(createdDate);
  const doc: ClientCertificateDoc = {
    clientCertificateId: shortId(6),
    pemEncodedCertificate: certificatePem,
    createdDate: createdDate.toISOString(),
    expirationDate: notAfter.toISOString(),
    privateKeyPem,
  };
  if (input.description !== undefined) doc.description = input.description;
  if (tags) doc.tags = tags;
  await ctx.tx.put(KIND.clientCertificate, doc.clientCertificateId, doc);
  return render(doc);
}

async function getClientCertificate(input: S_GetClientCertificateRequest, ctx: RequestContext): Promise<ClientCertificateAnswer> {
  return render(await requireCertificate(ctx, input.clientCertificateId));
}

async function getClientCertificates(input: S_GetClientCertificatesRequest, ctx: RequestContext) {
  const all = (await ctx.tx.list<ClientCertificateDoc>(KIND.clientCertificate)).map((e) => render(e.value));
  return paginate(all, input.position, input.limit);
}

const rules: PatchRule<ClientCertificateDoc>[] = [
  {
    path: '/description',
    ops: ['replace'],
    apply(doc, ctx) {
      if (ctx.value === undefined || ctx.value === '') delete doc.description;
      else doc.description = ctx.value;
    },
  },
];

async function updateClientCertificate(input: S_UpdateClientCertificateRequest, ctx: RequestContext): Promise<ClientCertificateAnswer> {
  const updated = applyPatch(await requireCertificate(ctx, input.clientCertificateId), input.patchOperations, rules);
  await ctx.tx.put(KIND.clientCertificate, updated.clientCertificateId, updated);
  return render(updated);
}

/**
 * A certificate a stage still presents cannot go (clients detach it from every stage first, as
 * cloud-nuke does before deleting one); the wording follows AWS's for a usage plan still in use.
 */
async function deleteClientCertificate(input: S_DeleteClientCertificateRequest, ctx: RequestContext): Promise<void> {
  await requireCertificate(ctx, input.clientCertificateId);
  const stages = await ctx.tx.list<StageRecord>(KIND.stage);
  const user = stages.find((s) => s.value.clientCertificateId === input.clientCertificateId);
  if (user) {
    const apiId = user.key.slice(0, user.key.indexOf('/'));
    throw badRequest(
      `Cannot delete Client Certificate ${input.clientCertificateId} because there are API Stages associated with it, including ${apiId}:${user.value.stageName}`,
    );
  }
  await ctx.tx.delete(KIND.clientCertificate, input.clientCertificateId);
}

export const handlers: Handlers = {
  GenerateClientCertificate: generateClientCertificate,
  GetClientCertificate: getClientCertificate,
  GetClientCertificates: getClientCertificates,
  UpdateClientCertificate: updateClientCertificate,
  DeleteClientCertificate: deleteClientCertificate,
};

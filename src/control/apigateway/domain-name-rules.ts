/**
 * What makes a custom domain name's configuration valid, and the answers AWS derives from it:
 * the certificate each endpoint type needs, the CloudFront distribution of an edge-optimized name
 * and the Regional host name of a Regional one, mutual TLS. Shared by CreateDomainName and
 * UpdateDomainName (domain-names.ts, domain-name-patch.ts).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mutual-tls.html
 *
 * AWS's wording, as users quote it: "A certificate was not provided for the endpoint type EDGE."
 * (terraform-provider-aws#3276), "Cannot import certificates for EDGE while REGIONAL is active."
 * (sst#4131), "Invalid certificate ARN: {arn}. Certificate must be in 'us-west-2'."
 * (serverless-domain-manager#49), "The domain name you provided already exists.".
 */
import { badRequest } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type { DomainNameRecord } from '../../definitions/domains.js';

/** Route 53 zone of every CloudFront distribution, hence of every edge-optimized domain name. */
export const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';

/**
 * API Gateway's Regional hosted zones (AWS General Reference, "Amazon API Gateway endpoints and
 * quotas"); a region missing here answers no regionalHostedZoneId rather than a made-up one.
 */
const REGIONAL_HOSTED_ZONES: Record<string, string> = {
  'us-east-1': 'Z1UJRXOUMOOFQ8',
  'us-east-2': 'ZOJJZC49E0EPZ',
  'us-west-1': 'Z2MUQ32089INYE',
  'us-west-2': 'Z2OJLYMUO9EFXC',
  'ca-central-1': 'Z19DQILCV0OWEC',
  'eu-west-1': 'ZLY8HYME6SFDD',
  'eu-west-2': 'ZJ5UAJN8Y3Z2Q',
  'eu-west-3': 'Z3KY65QIEKYHQQ',
  'eu-central-1': 'Z1U9ULNL0V5AJ3',
  'eu-north-1': 'Z3UWIKFBOOGXPP',
  'ap-northeast-1': 'Z1YSHQZHG15GKL',
  'ap-northeast-2': 'Z20JF4UZKIW1U8',
  'ap-southeast-1': 'ZL327KTPIQFUL',
  'ap-southeast-2': 'Z2RPCDW04V8134',
  'ap-south-1': 'Z3VO1THU9YC4UR',
  'sa-east-1': 'ZCMLWB8V5SYIT',
};

/** Edge-optimized certificates live in ACM in us-east-1, whatever the API's region. */
const EDGE_CERTIFICATE_REGION = 'us-east-1';
const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;
/** `s3://bucket-name/key-name` (rest-api-mutual-tls). */
const TRUSTSTORE_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/;
/** A host name, optionally a wildcard one ("*.example.com"). */
const DOMAIN_NAME = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,62}$/;

export const NO_ENDPOINT_TYPE = () => badRequest('REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.');
export const NO_CERTIFICATE = (type: string) => badRequest(`A certificate was not provided for the endpoint type ${type}.`);

/** A private custom domain name's resource policy: a JSON policy document, kept as given. */
export function checkPolicy(text: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !('Statement' in doc)) {
    throw badRequest('Invalid policy document. Please check the policy syntax and ensure that Principals are valid.');
  }
  return text;
}

export function validateDomainName(name: string): void {
  if (!name) throw badRequest('No Domain Name specified');
  if (name.length > 253 || !DOMAIN_NAME.test(name)) throw badRequest(`Invalid domain name: ${name}`);
}

/** An ACM certificate ARN that must sit in `region`. */
export function checkCertificateArn(arn: string, region: string): void {
  const m = ACM_ARN.exec(arn);
  if (!m) throw badRequest(`Invalid certificate ARN: ${arn}`);
  if (m[1] !== region) throw badRequest(`Invalid certificate ARN: ${arn}. Certificate must be in '${region}'.`);
}

/**
 * Checks a whole configuration (after a create's defaults or an update's patches) and fills in
 * what AWS derives from it: each active endpoint type has its certificate and its host name;
 * certificates of an inactive type are refused; inactive types lose their host names.
 */
export function settleConfiguration(doc: DomainNameRecord, region: string, now: Date): void {
  const types = doc.endpointConfiguration.types;
  if (!types.length) throw NO_ENDPOINT_TYPE();
  const edge = types.includes('EDGE');
  const regional = types.includes('REGIONAL');
  const isPrivate = types.includes('PRIVATE');
  if (isPrivate && types.length > 1) throw badRequest('A private custom domain name cannot have another endpoint type.');

  if (isPrivate) {
    if (!doc.certificateArn) throw NO_CERTIFICATE('PRIVATE');
    checkCertificateArn(doc.certificateArn, region);
    if (doc.regionalCertificateArn || doc.regionalCertificateName) throw badRequest('Cannot import certificates for REGIONAL while PRIVATE is active.');
    if (doc.securityPolicy === 'TLS_1_0') throw badRequest('Only the TLS_1_2 security policy is supported for private custom domain names.');
    if (doc.mutualTlsAuthentication) throw badRequest('Mutual TLS is not supported for private custom domain names.');
    return;
  }

  if (!edge && (doc.certificateArn || doc.certificateName)) throw badRequest('Cannot import certificates for EDGE while REGIONAL is active.');
  if (!regional && (doc.regionalCertificateArn || doc.regionalCertificateName)) throw badRequest('Cannot import certificates for REGIONAL while EDGE is active.');

  if (edge) {
    if (!doc.certificateArn && !doc.certificateName) throw NO_CERTIFICATE('EDGE');
    if (doc.certificateArn) checkCertificateArn(doc.certificateArn, EDGE_CERTIFICATE_REGION);
    doc.distributionDomainName ??= `d${shortId(13)}.cloudfront.net`;
    doc.distributionHostedZoneId = CLOUDFRONT_HOSTED_ZONE_ID;
    doc.certificateUploadDate ??= now.toISOString();
  } else {
    delete doc.distributionDomainName;
    delete doc.distributionHostedZoneId;
    delete doc.certificateUploadDate;
  }

  if (regional) {
    if (!doc.regionalCertificateArn) throw NO_CERTIFICATE('REGIONAL');
    checkCertificateArn(doc.regionalCertificateArn, region);
    doc.regionalDomainName ??= `d-${shortId(10)}.execute-api.${region}.amazonaws.com`;
    const zone = REGIONAL_HOSTED_ZONES[region];
    if (zone) doc.regionalHostedZoneId = zone;
  } else {
    delete doc.regionalDomainName;
    delete doc.regionalHostedZoneId;
  }

  checkMutualTls(doc, region);
}

/**
 * Mutual TLS needs a Regional name with the TLS 1.2 policy and a truststore in S3; an imported or
 * private-CA certificate also needs an ACM-issued ownership verification certificate, which is
 * not something Gatehouse can tell apart, so the ARN is only checked for shape and region.
 */
function checkMutualTls(doc: DomainNameRecord, region: string): void {
  if (doc.ownershipVerificationCertificateArn) checkCertificateArn(doc.ownershipVerificationCertificateArn, region);
  const mtls = doc.mutualTlsAuthentication;
  if (!mtls) return;
  if (!mtls.truststoreUri) {
    delete doc.mutualTlsAuthentication;
    return;
  }
  if (!TRUSTSTORE_URI.test(mtls.truststoreUri)) throw badRequest(`Invalid truststore URI: ${mtls.truststoreUri}. The URI must have the form s3://bucket-name/key-name.`);
  if (doc.endpointConfiguration.types.includes('EDGE')) throw badRequest('Mutual TLS is only supported for REGIONAL custom domain names.');
  if (doc.securityPolicy === 'TLS_1_0') throw badRequest('Mutual TLS requires the TLS_1_2 security policy.');
}

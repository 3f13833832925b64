/**
 * Custom domain names and their base path mappings, as the control plane stores them and the data
 * plane reads them to route a request whose Host is a custom domain name. Both planes meet here
 * (DESIGN.md): documents are the AWS output shapes, dates as ISO strings.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_DomainName.html
 * https://docs.aws.amazon.com/apigateway/latest/api/API_BasePathMapping.html
 *
 * Store kinds are KIND.domainName (key `{domainName}`, or `{domainName}+{domainNameId}` for a
 * private one) and KIND.basePathMapping (key `{domainName}/{basePath}`, or
 * `{domainName}+{domainNameId}/{basePath}`; the empty base path is stored as `(none)`).
 */
import type { Tags } from './apigateway.js';

export interface DomainNameRecord {
  domainName: string;
  domainNameId?: string;
  domainNameArn: string;
  certificateName?: string;
  certificateArn?: string;
  certificateUploadDate?: string;
  regionalDomainName?: string;
  regionalHostedZoneId?: string;
  regionalCertificateName?: string;
  regionalCertificateArn?: string;
  distributionDomainName?: string;
  distributionHostedZoneId?: string;
  endpointConfiguration: { types: string[]; ipAddressType?: string };
  domainNameStatus: 'AVAILABLE' | 'UPDATING' | 'PENDING' | 'PENDING_CERTIFICATE_REIMPORT' | 'PENDING_OWNERSHIP_VERIFICATION' | 'FAILED';
  domainNameStatusMessage?: string;
  securityPolicy: string;
  endpointAccessMode?: string;
  tags?: Tags;
  mutualTlsAuthentication?: { truststoreUri?: string; truststoreVersion?: string; truststoreWarnings?: string[] };
  ownershipVerificationCertificateArn?: string;
  policy?: string;
  routingMode?: string;
}

export interface BasePathMappingRecord {
  /** `(none)` for the empty base path, as AWS shows it. */
  basePath: string;
  restApiId: string;
  /** Absent when the mapping names no stage (the caller then names it in the path). */
  stage?: string;
}

/** AWS shows and addresses the empty base path as "(none)". */
export const EMPTY_BASE_PATH = '(none)';

/** The store key of a domain name: public ones by name, private ones by name and id. */
export const domainKey = (domainName: string, domainNameId?: string) => (domainNameId ? `${domainName}+${domainNameId}` : domainName);

export const basePathMappingKey = (domainKeyValue: string, basePath: string) => `${domainKeyValue}/${basePath}`;

/**
 * A routing rule of a custom domain name (apigatewayv2 CreateRoutingRule...), stored under
 * ROUTING_RULE_KIND at `{domainKey}/{routingRuleId}` in the apigatewayv2 output shape. Rules act
 * only when the name's routing mode is ROUTING_RULE_ONLY or ROUTING_RULE_THEN_API_MAPPING; they
 * are evaluated by ascending Priority.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-routing-rules.html
 */
export const ROUTING_RULE_KIND = 'apigateway.routingrule';

export interface RoutingRuleRecord {
  RoutingRuleId: string;
  RoutingRuleArn: string;
  Priority: number;
  Conditions: { MatchHeaders?: { AnyOf: { Header: string; ValueGlob: string }[] }; MatchBasePaths?: { AnyOf: string[] } }[];
  Actions: { InvokeApi: { ApiId: string; Stage: string; StripBasePath?: boolean } }[];
}

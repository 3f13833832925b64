/**
 * Custom domain names and base path mappings through the real SDK: what a user setting up
 * https://api.example.com for their REST API sees (the recordings hold no domain entries).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameAccessAssociationCommand,
  CreateDomainNameCommand,
  DeleteBasePathMappingCommand,
  DeleteDomainNameAccessAssociationCommand,
  DeleteDomainNameCommand,
  GetBasePathMappingCommand,
  GetBasePathMappingsCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  PutIntegrationCommand,
  RejectDomainNameAccessAssociationCommand,
  PutMethodCommand,
  UpdateBasePathMappingCommand,
  UpdateDomainNameCommand,
  type CreateDomainNameCommandInput,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';

const REGION = 'eu-west-1';
const ACCOUNT = '000000000000';
const server = useGatehouse({ inMemory: true }, { region: REGION });

const regionalCert = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/1111-2222`;
const edgeCert = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/3333-4444`;
let n = 0;
const uniqueName = () => `api${++n}.example.com`;

const errorOf = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (err) {
    return err as Error & { $metadata: { httpStatusCode?: number } };
  }
  assert.fail('expected the call to fail');
};
const create = (input: Partial<CreateDomainNameCommandInput>) =>
  server.client.send(new CreateDomainNameCommand({ domainName: uniqueName(), ...input } as CreateDomainNameCommandInput));
const regional = (input: Partial<CreateDomainNameCommandInput> = {}) =>
  create({ regionalCertificateArn: regionalCert, endpointConfiguration: { types: ['REGIONAL'] }, ...input });

/** An API with a deployed stage `prod` (GET / answered by a MOCK integration). */
async function deployedApi(): Promise<string> {
  const { restApiId, rootId } = await createRestApi(server.client, `api-${++n}`);
  await server.client.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' }));
  await server.client.send(new PutIntegrationCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', type: 'MOCK' }));
  await server.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
  return restApiId;
}

describe('custom domain names', () => {
  test('a Regional name answers its d-… execute-api host and the region hosted zone, AVAILABLE', async () => {
    const created = await regional({ securityPolicy: 'TLS_1_2', tags: { team: 'payments' } });
    assert.match(created.regionalDomainName!, new RegExp(`^d-[a-z0-9]{10}\\.execute-api\\.${REGION}\\.amazonaws\\.com$`));
    assert.equal(created.regionalHostedZoneId, 'ZLY8HYME6SFDD');
    assert.equal(created.regionalCertificateArn, regionalCert);
    assert.equal(created.domainNameStatus, 'AVAILABLE');
    assert.deepEqual(created.endpointConfiguration?.types, ['REGIONAL']);
    assert.equal(created.securityPolicy, 'TLS_1_2');
    assert.equal(created.distributionDomainName, undefined);
    assert.equal(created.domainNameArn, `arn:aws:apigateway:${REGION}::/domainnames/${created.domainName}`);
    assert.deepEqual(created.tags, { team: 'payments' });
    const got = await server.client.send(new GetDomainNameCommand({ domainName: created.domainName }));
    assert.equal(got.regionalDomainName, created.regionalDomainName);
    const listed = await server.client.send(new GetDomainNamesCommand({}));
    assert.ok(listed.items?.some((d) => d.domainName === created.domainName));
  });

  test('an edge-optimized name (the default) answers a CloudFront distribution in zone Z2FDTNDATAQYW2', async () => {
    const created = await create({ certificateArn: edgeCert, certificateName: 'edge-cert' });
    assert.match(created.distributionDomainName!, /^d[a-z0-9]{13}\.cloudfront\.net$/);
    assert.equal(created.distributionHostedZoneId, 'Z2FDTNDATAQYW2');
    assert.deepEqual(created.endpointConfiguration?.types, ['EDGE']);
    assert.ok(created.certificateUploadDate instanceof Date);
    assert.equal(created.regionalDomainName, undefined);
  });

  test('certificates are checked as AWS does: present, for the active type, in the right region', async () => {
    const noCert = await errorOf(create({ endpointConfiguration: { types: ['REGIONAL'] } }));
    assert.equal(noCert.message, 'A certificate was not provided for the endpoint type REGIONAL.');
    const noEdgeCert = await errorOf(create({}));
    assert.equal(noEdgeCert.message, 'A certificate was not provided for the endpoint type EDGE.');
    const edgeOnRegional = await errorOf(regional({ certificateArn: edgeCert }));
    assert.equal(edgeOnRegional.message, 'Cannot import certificates for EDGE while REGIONAL is active.');
    const wrongRegion = await errorOf(create({ certificateArn: regionalCert }));
    assert.equal(wrongRegion.message, `Invalid certificate ARN: ${regionalCert}. Certificate must be in 'us-east-1'.`);
    assert.equal(wrongRegion.name, 'BadRequestException');
    const listed = await server.client.send(new GetDomainNamesCommand({ limit: 500 }));
    assert.ok(!listed.items?.some((d) => d.certificateArn === regionalCert), 'nothing half-created');
  });

  test('a name that exists already is a conflict; an unknown one is not found', async () => {
    const created = await regional();
    const again = await errorOf(regional({ domainName: created.domainName }));
    assert.equal(again.name, 'ConflictException');
    assert.equal(again.message, 'The domain name you provided already exists.');
    const missing = await errorOf(server.client.send(new GetDomainNameCommand({ domainName: 'nope.example.com' })));
    assert.equal(missing.name, 'NotFoundException');
    assert.equal(missing.message, 'Invalid domain name identifier specified');
  });

  test('an edge name migrates to Regional in two updates, as the developer guide describes', async () => {
    const created = await create({ certificateArn: edgeCert, certificateName: 'edge-cert' });
    const domainName = created.domainName;
    const both = await server.client.send(
      new UpdateDomainNameCommand({
        domainName,
        patchOperations: [
          { op: 'add', path: '/endpointConfiguration/types', value: 'REGIONAL' },
          { op: 'add', path: '/regionalCertificateArn', value: regionalCert },
        ],
      }),
    );
    assert.deepEqual(both.endpointConfiguration?.types, ['EDGE', 'REGIONAL']);
    assert.equal(both.distributionDomainName, created.distributionDomainName);
    assert.match(both.regionalDomainName!, /^d-[a-z0-9]{10}\.execute-api\./);
    const regionalOnly = await server.client.send(
      new UpdateDomainNameCommand({
        domainName,
        patchOperations: [
          { op: 'remove', path: '/endpointConfiguration/types', value: 'EDGE' },
          { op: 'remove', path: '/certificateName' },
          { op: 'remove', path: '/certificateArn' },
        ],
      }),
    );
    assert.deepEqual(regionalOnly.endpointConfiguration?.types, ['REGIONAL']);
    assert.equal(regionalOnly.distributionDomainName, undefined);
    assert.equal(regionalOnly.certificateArn, undefined);
    assert.equal(regionalOnly.regionalDomainName, both.regionalDomainName);
  });

  test('an update that leaves a type without its certificate changes nothing', async () => {
    const created = await regional();
    const bad = await errorOf(
      server.client.send(new UpdateDomainNameCommand({ domainName: created.domainName, patchOperations: [{ op: 'remove', path: '/regionalCertificateArn' }] })),
    );
    assert.equal(bad.message, 'A certificate was not provided for the endpoint type REGIONAL.');
    const badPath = await errorOf(
      server.client.send(new UpdateDomainNameCommand({ domainName: created.domainName, patchOperations: [{ op: 'replace', path: '/domainName', value: 'x.example.com' }] })),
    );
    assert.equal(badPath.name, 'BadRequestException');
    const got = await server.client.send(new GetDomainNameCommand({ domainName: created.domainName }));
    assert.equal(got.regionalCertificateArn, regionalCert);
    const policy = await server.client.send(
      new UpdateDomainNameCommand({ domainName: created.domainName, patchOperations: [{ op: 'replace', path: '/securityPolicy', value: 'TLS_1_0' }] }),
    );
    assert.equal(policy.securityPolicy, 'TLS_1_0');
  });

  test('mutual TLS takes an S3 truststore on a Regional TLS 1.2 name and is turned off with an empty URI', async () => {
    const created = await regional({ mutualTlsAuthentication: { truststoreUri: 's3://my-bucket/truststore.pem', truststoreVersion: 'v1' } });
    assert.deepEqual(created.mutualTlsAuthentication, { truststoreUri: 's3://my-bucket/truststore.pem', truststoreVersion: 'v1' });
    const onEdge = await errorOf(create({ certificateArn: edgeCert, mutualTlsAuthentication: { truststoreUri: 's3://my-bucket/t.pem' } }));
    assert.equal(onEdge.name, 'BadRequestException');
    const oldTls = await errorOf(regional({ securityPolicy: 'TLS_1_0', mutualTlsAuthentication: { truststoreUri: 's3://my-bucket/t.pem' } }));
    assert.equal(oldTls.name, 'BadRequestException');
    const notS3 = await errorOf(regional({ mutualTlsAuthentication: { truststoreUri: 'https://example.com/t.pem' } }));
    assert.equal(notS3.name, 'BadRequestException');
    const version = await server.client.send(
      new UpdateDomainNameCommand({ domainName: created.domainName, patchOperations: [{ op: 'replace', path: '/mutualTlsAuthentication/truststoreVersion', value: 'v2' }] }),
    );
    assert.equal(version.mutualTlsAuthentication?.truststoreVersion, 'v2');
    const off = await server.client.send(
      new UpdateDomainNameCommand({ domainName: created.domainName, patchOperations: [{ op: 'replace', path: '/mutualTlsAuthentication/truststoreUri', value: '' }] }),
    );
    assert.equal(off.mutualTlsAuthentication, undefined);
  });

  test('a private name has a domainNameId, an ARN with the account, a policy, and VPC endpoint associations', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] }] });
    const created = await create({ certificateArn: regionalCert, endpointConfiguration: { types: ['PRIVATE'] }, policy });
    assert.match(created.domainNameId!, /^[a-z0-9]{8}$/);
    assert.equal(created.domainNameArn, `arn:aws:apigateway:${REGION}:${ACCOUNT}:/domainnames/${created.domainName}+${created.domainNameId}`);
    assert.equal(created.policy, policy);
    assert.equal(created.endpointConfiguration?.ipAddressType, 'dualstack');
    assert.equal(created.regionalDomainName, undefined);
    const byNameOnly = await errorOf(server.client.send(new GetDomainNameCommand({ domainName: created.domainName })));
    assert.equal(byNameOnly.name, 'NotFoundException');
    const got = await server.client.send(new GetDomainNameCommand({ domainName: created.domainName, domainNameId: created.domainNameId }));
    assert.equal(got.domainNameArn, created.domainNameArn);

    const association = await server.client.send(
      new CreateDomainNameAccessAssociationCommand({ domainNameArn: created.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: 'vpce-0123456789abcdef0' }),
    );
    assert.equal(
      association.domainNameAccessAssociationArn,
      `arn:aws:apigateway:${REGION}:${ACCOUNT}:/domainnameaccessassociations/domainname/${created.domainName}+${created.domainNameId}/vpcesource/vpce-0123456789abcdef0`,
    );
    const listed = await server.client.send(new GetDomainNameAccessAssociationsCommand({}));
    assert.deepEqual(listed.items?.map((a) => a.accessAssociationSource), ['vpce-0123456789abcdef0']);
    const others = await server.client.send(new GetDomainNameAccessAssociationsCommand({ resourceOwner: 'OTHER_ACCOUNTS' }));
    assert.deepEqual(others.items ?? [], []);
    await server.client.send(new DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: association.domainNameAccessAssociationArn }));
    const gone = await errorOf(
      server.client.send(new DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: association.domainNameAccessAssociationArn })),
    );
    assert.equal(gone.name, 'NotFoundException');
    const again = await server.client.send(
      new CreateDomainNameAccessAssociationCommand({ domainNameArn: created.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: 'vpce-0123456789abcdef1' }),
    );
    await server.client.send(
      new RejectDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: again.domainNameAccessAssociationArn, domainNameArn: created.domainNameArn }),
    );
    assert.deepEqual((await server.client.send(new GetDomainNameAccessAssociationsCommand({}))).items ?? [], []);
    const publicTarget = await regional();
    const onPublic = await errorOf(
      server.client.send(
        new CreateDomainNameAccessAssociationCommand({ domainNameArn: publicTarget.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: 'vpce-0123456789abcdef0' }),
      ),
    );
    assert.equal(onPublic.name, 'BadRequestException');
  });
});

describe('base path mappings', () => {
  test('the empty base path shows as (none) and is the only mapping its domain can have', async () => {
    const restApiId = await deployedApi();
    const { domainName } = await regional();
    const root = await server.client.send(new CreateBasePathMappingCommand({ domainName, restApiId, stage: 'prod' }));
    assert.deepEqual({ basePath: root.basePath, restApiId: root.restApiId, stage: root.stage }, { basePath: '(none)', restApiId, stage: 'prod' });
    const got = await server.client.send(new GetBasePathMappingCommand({ domainName, basePath: '(none)' }));
    assert.equal(got.restApiId, restApiId);
    const another = await errorOf(server.client.send(new CreateBasePathMappingCommand({ domainName, restApiId, basePath: 'v1' })));
    assert.equal(another.name, 'ConflictException');
    assert.equal(another.message, 'Only one base path mapping is allowed if the base path is empty.');
  });

  test('named mappings are listed, re-pointed, renamed and deleted; duplicates conflict', async () => {
    const first = await deployedApi();
    const second = await deployedApi();
    const { domainName } = await regional();
    await server.client.send(new CreateBasePathMappingCommand({ domainName, restApiId: first, basePath: 'orders', stage: 'prod' }));
    await server.client.send(new CreateBasePathMappingCommand({ domainName, restApiId: second, basePath: 'users' }));
    const dup = await errorOf(server.client.send(new CreateBasePathMappingCommand({ domainName, restApiId: second, basePath: 'orders' })));
    assert.equal(dup.message, 'Base path already exists for this domain name');
    assert.equal(dup.$metadata.httpStatusCode, 409);
    const listed = await server.client.send(new GetBasePathMappingsCommand({ domainName }));
    assert.deepEqual(listed.items?.map((m) => [m.basePath, m.restApiId, m.stage]), [
      ['orders', first, 'prod'],
      ['users', second, undefined],
    ]);
    const moved = await server.client.send(
      new UpdateBasePathMappingCommand({
        domainName,
        basePath: 'users',
        patchOperations: [
          { op: 'replace', path: '/basePath', value: 'people' },
          { op: 'replace', path: '/stage', value: 'prod' },
        ],
      }),
    );
    assert.deepEqual([moved.basePath, moved.stage], ['people', 'prod']);
    const old = await errorOf(server.client.send(new GetBasePathMappingCommand({ domainName, basePath: 'users' })));
    assert.equal(old.message, 'Invalid base path mapping identifier specified');
    const clash = await errorOf(
      server.client.send(new UpdateBasePathMappingCommand({ domainName, basePath: 'people', patchOperations: [{ op: 'replace', path: '/basePath', value: 'orders' }] })),
    );
    assert.equal(clash.name, 'ConflictException');
    await server.client.send(new DeleteBasePathMappingCommand({ domainName, basePath: 'people' }));
    const after = await server.client.send(new GetBasePathMappingsCommand({ domainName }));
    assert.deepEqual(after.items?.map((m) => m.basePath), ['orders']);
  });

  test('the API and stage must exist, and v1 takes no slash in a base path', async () => {
    const restApiId = await deployedApi();
    const { domainName } = await regional();
    const noApi = await errorOf(server.client.send(new CreateBasePathMappingCommand({ domainName, restApiId: 'nosuchapi1' })));
    assert.deepEqual([noApi.name, noApi.message], ['BadRequestException', 'Invalid REST API identifier specified']);
    const noStage = await errorOf(server.client.send(new CreateBasePathMappingCommand({ domainName, restApiId, stage: 'nope' })));
    assert.deepEqual([noStage.name, noStage.message], ['BadRequestException', 'Invalid stage identifier specified']);
    const slash = await errorOf(server.client.send(new CreateBasePathMappingCommand({ domainName, restApiId, basePath: 'v1/orders' })));
    assert.equal(slash.name, 'BadRequestException');
    const noDomain = await errorOf(server.client.send(new CreateBasePathMappingCommand({ domainName: 'nope.example.com', restApiId })));
    assert.equal(noDomain.name, 'NotFoundException');
    const listed = await server.client.send(new GetBasePathMappingsCommand({ domainName }));
    assert.deepEqual(listed.items ?? [], []);
  });

  test('deleting a domain name takes its base path mappings with it', async () => {
    const restApiId = await deployedApi();
    const { domainName } = await regional();
    await server.client.send(new CreateBasePathMappingCommand({ domainName, restApiId, basePath: 'v1' }));
    await server.client.send(new DeleteDomainNameCommand({ domainName }));
    const gone = await errorOf(server.client.send(new GetDomainNameCommand({ domainName })));
    assert.equal(gone.name, 'NotFoundException');
    await regional({ domainName });
    const listed = await server.client.send(new GetBasePathMappingsCommand({ domainName }));
    assert.deepEqual(listed.items ?? [], []);
  });
});

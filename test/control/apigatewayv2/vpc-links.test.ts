/**
 * HTTP API VPC links through the genuine SDK: the create answers PENDING as AWS does, reads see
 * the finished link, names change, tags apply by ARN, and bad subnets are refused.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vpc-links.html
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateVpcLinkCommand,
  DeleteVpcLinkCommand,
  GetTagsCommand,
  GetVpcLinkCommand,
  GetVpcLinksCommand,
  TagResourceCommand,
  UpdateVpcLinkCommand,
} from '@aws-sdk/client-apigatewayv2';
import { rejects, useV2Gatehouse } from './helpers.js';

const server = useV2Gatehouse();

test('a VPC link is created PENDING, read AVAILABLE, renamed, tagged and deleted', async () => {
  const created = await server.client.send(new CreateVpcLinkCommand({ Name: 'private', SubnetIds: ['subnet-0123456789abcdef0'], SecurityGroupIds: ['sg-0123456789abcdef0'], Tags: { team: 'a' } }));
  assert.equal(created.$metadata.httpStatusCode, 201);
  assert.equal(created.VpcLinkStatus, 'PENDING');
  assert.equal(created.VpcLinkVersion, 'V2');
  const id = created.VpcLinkId!;
  const got = await server.client.send(new GetVpcLinkCommand({ VpcLinkId: id }));
  assert.equal(got.VpcLinkStatus, 'AVAILABLE');
  assert.equal(got.VpcLinkStatusMessage, 'VPC link is ready to route traffic');
  assert.deepEqual(got.SubnetIds, ['subnet-0123456789abcdef0']);
  assert.ok(got.CreatedDate instanceof Date);
  assert.equal((await server.client.send(new UpdateVpcLinkCommand({ VpcLinkId: id, Name: 'renamed' }))).Name, 'renamed');
  const arn = `arn:aws:apigateway:us-east-1::/vpclinks/${id}`;
  await server.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: 'prod' } }));
  assert.deepEqual((await server.client.send(new GetTagsCommand({ ResourceArn: arn }))).Tags, { team: 'a', env: 'prod' });
  assert.deepEqual((await server.client.send(new GetVpcLinksCommand({}))).Items!.map((l) => l.VpcLinkId), [id]);
  const deleted = await server.client.send(new DeleteVpcLinkCommand({ VpcLinkId: id }));
  assert.equal(deleted.$metadata.httpStatusCode, 202);
  await rejects(server.client.send(new GetVpcLinkCommand({ VpcLinkId: id })), 'NotFoundException', 404, `Invalid VpcLink identifier specified ${id}`);
});

test('malformed subnet and security group ids are refused', async () => {
  await rejects(server.client.send(new CreateVpcLinkCommand({ Name: 'x', SubnetIds: ['subnet-xyz'] })), 'BadRequestException', 400, 'Invalid subnet ID specified: subnet-xyz');
  await rejects(server.client.send(new CreateVpcLinkCommand({ Name: 'x', SubnetIds: [] })), 'BadRequestException', 400, /at least one subnet/);
  await rejects(server.client.send(new CreateVpcLinkCommand({ Name: 'x', SubnetIds: ['subnet-0123456789abcdef0'], SecurityGroupIds: ['group'] })), 'BadRequestException', 400, /Invalid security group ID/);
  assert.deepEqual((await server.client.send(new GetVpcLinksCommand({}))).Items, []);
});

/**
 * Parity with AWS for VPC links: every entry recorded for TestApiGatewayVpcLink::* in
 * test_apigateway_api.snapshot.json (inputs rebuilt from LocalStack's
 * tests/aws/services/apigateway/test_apigateway_api.py). The recorded snapshots hold no entries
 * for domain names, base path mappings, client certificates, the account or tags; those are
 * covered by test/control/domain-names.test.ts and client-certificates-vpclinks-account-tags.test.ts.
 */
import { describe, test } from 'node:test';
import {
  CreateVpcLinkCommand,
  DeleteVpcLinkCommand,
  GetVpcLinkCommand,
  GetVpcLinksCommand,
  UpdateVpcLinkCommand,
} from '@aws-sdk/client-api-gateway';
import { useGatehouse } from '../helpers/gatehouse.js';
import { Bindings, capture, matchEntry, matchRecorded, recorded, snapshotsAvailable } from './snapshot.js';

const FILE = 'test_apigateway_api.snapshot.json';
const skip = !snapshotsAvailable;

const server = useGatehouse({ inMemory: true });
const send = (command: object) => capture(() => server.client.send(command as never));
const nlbArn = (region: string, account: string) =>
  `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/net/my-vpclink-test-nlb/1234567890abcdef`;

describe('VpcLink parity (TestApiGatewayVpcLink)', { skip }, () => {
  test('a link is PENDING in the create answer, then AVAILABLE and ready; it is renamed and deleted', async () => {
    const rec = recorded(FILE, 'TestApiGatewayVpcLink::test_vpc_link_lifecycle');
    const b = new Bindings();
    const arn = nlbArn(b.region, b.account);
    matchEntry(rec, 'nlb-arn', arn, b);
    const created = await send(new CreateVpcLinkCommand({ name: 'test-vpc-link', targetArns: [arn] }));
    matchRecorded(rec['create_vpc_link'], created, b);
    const id = created.id as string;
    matchRecorded(rec['get_vpc_link'], await send(new GetVpcLinkCommand({ vpcLinkId: id })), b);
    matchRecorded(rec['get_vpc_links'], await send(new GetVpcLinksCommand({})), b);
    const renamed = await send(new UpdateVpcLinkCommand({ vpcLinkId: id, patchOperations: [{ op: 'replace', path: '/name', value: 'test-vpc-link-updated' }] }));
    matchRecorded(rec['update_vpc_link'], renamed, b);
    matchRecorded(rec['delete_vpc_link'], await send(new DeleteVpcLinkCommand({ vpcLinkId: id })), b);
  });

  test('a malformed target ARN and an empty name are refused', async () => {
    const rec = recorded(FILE, 'TestApiGatewayVpcLink::test_create_vpc_link_invalid_parameters');
    const b = new Bindings();
    matchRecorded(rec['create_vpc_link_invalid_target_arn'], await send(new CreateVpcLinkCommand({ name: 'test-vpc-link', targetArns: ['invalid-arn'] })), b);
    matchRecorded(rec['create_vpc_link_empty_name'], await send(new CreateVpcLinkCommand({ name: '', targetArns: [nlbArn(b.region, b.account)] })), b);
  });

  test('an unknown link id is not found for get, delete and update', async () => {
    const b = new Bindings();
    const get = recorded(FILE, 'TestApiGatewayVpcLink::test_get_vpc_link_invalid_id');
    matchRecorded(get['get_vpc_link_invalid_id'], await send(new GetVpcLinkCommand({ vpcLinkId: 'invalid-id' })), b);
    const del = recorded(FILE, 'TestApiGatewayVpcLink::test_delete_vpc_link_invalid_id');
    matchRecorded(del['delete_vpc_link_invalid_id'], await send(new DeleteVpcLinkCommand({ vpcLinkId: 'invalid-id' })), b);
    const upd = recorded(FILE, 'TestApiGatewayVpcLink::test_update_vpc_link_invalid_id');
    matchRecorded(
      upd['update_vpc_link_invalid_id'],
      await send(new UpdateVpcLinkCommand({ vpcLinkId: 'invalid-id', patchOperations: [{ op: 'replace', path: '/name', value: 'x' }] })),
      b,
    );
  });
});

/**
 * Which account a caller is in: the configured map, else a 12-digit access key id is the
 * account, else the default account (as the usual local AWS tooling does).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AccountMap } from '../../src/aws/accounts.js';

describe('AccountMap', () => {
  const map = AccountMap.parse(' AKIDONE:secret1:111111111111 , AKIDTWO:secret2,222222222222:s3 ', '999999999999');

  test('a configured key lands in its configured account and has its secret', () => {
    assert.equal(map.accountFor('AKIDONE'), '111111111111');
    assert.equal(map.secretFor('AKIDONE'), 'secret1');
  });

  test('a configured key without an account lands in the default account', () => {
    assert.equal(map.accountFor('AKIDTWO'), '999999999999');
    assert.equal(map.secretFor('AKIDTWO'), 'secret2');
  });

  test('a 12-digit access key id is the account itself, configured or not', () => {
    assert.equal(map.accountFor('222222222222'), '222222222222');
    assert.equal(map.secretFor('222222222222'), 's3');
    assert.equal(map.accountFor('333333333333'), '333333333333');
    assert.equal(map.accountFor('3333333333333'), '999999999999');
  });

  test('an unknown key, or none, lands in the default account and has no secret', () => {
    assert.equal(map.accountFor('AKIAUNKNOWN'), '999999999999');
    assert.equal(map.accountFor(undefined), '999999999999');
    assert.equal(map.secretFor('AKIAUNKNOWN'), undefined);
  });

  test('without configuration the default account is 000000000000', () => {
    assert.equal(AccountMap.parse(undefined).accountFor('test'), '000000000000');
    assert.equal(AccountMap.parse('').accountFor('test'), '000000000000');
  });

  test('a credential without a secret, or with a bad account id, is refused with a clear message', () => {
    assert.throws(() => AccountMap.parse('AKIDONLY'), /Invalid credential 'AKIDONLY': expected ACCESS_KEY_ID:SECRET\[:ACCOUNT_ID\]/);
    assert.throws(() => AccountMap.parse('AK:SK:12345'), /Invalid account id '12345' for AK: expected 12 digits/);
  });
});

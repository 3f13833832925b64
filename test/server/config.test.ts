/**
 * Settings: command-line flags first, then GATEHOUSE_* environment variables, then defaults.
 * loadConfig is pure (argv and env in, Config out), so it is tested without starting anything.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';

const load = (argv: string[], env: NodeJS.ProcessEnv = {}) => loadConfig(argv, env) as Config;

describe('loadConfig', () => {
  test('with no flags and no environment, the documented defaults apply', () => {
    assert.deepEqual(load([]), {
      port: 4566,
      host: '127.0.0.1',
      dataDir: resolve('.gatehouse'),
      inMemory: false,
      auth: 'permissive',
      credentials: undefined,
      defaultAccount: '000000000000',
      quiet: false,
    });
  });

  test('every flag sets its setting', () => {
    const config = load([
      '--port', '8080', '--host', '0.0.0.0', '--data-dir', '/tmp/gh-data', '--in-memory', '--auth', 'strict',
      '--credentials', 'AK:SK:123456789012', '--default-account', '111122223333', '--quiet',
    ]);
    assert.deepEqual(config, {
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/tmp/gh-data',
      inMemory: true,
      auth: 'strict',
      credentials: 'AK:SK:123456789012',
      defaultAccount: '111122223333',
      quiet: true,
    });
  });

  test('every GATEHOUSE_* variable sets the same setting as its flag', () => {
    const config = load([], {
      GATEHOUSE_PORT: '8080',
      GATEHOUSE_HOST: '0.0.0.0',
      GATEHOUSE_DATA_DIR: '/tmp/gh-data',
      GATEHOUSE_IN_MEMORY: '1',
      GATEHOUSE_AUTH: 'strict',
      GATEHOUSE_CREDENTIALS: 'AK:SK:123456789012',
      GATEHOUSE_DEFAULT_ACCOUNT: '111122223333',
      GATEHOUSE_QUIET: 'true',
    });
    assert.deepEqual(config, load([
      '--port', '8080', '--host', '0.0.0.0', '--data-dir', '/tmp/gh-data', '--in-memory', '--auth', 'strict',
      '--credentials', 'AK:SK:123456789012', '--default-account', '111122223333', '--quiet',
    ]));
  });

  test('a flag wins over its environment variable', () => {
    const config = load(['--port', '9000', '--auth', 'permissive', '--data-dir', 'flag-dir'], {
      GATEHOUSE_PORT: '8000',
      GATEHOUSE_AUTH: 'strict',
      GATEHOUSE_DATA_DIR: 'env-dir',
    });
    assert.equal(config.port, 9000);
    assert.equal(config.auth, 'permissive');
    assert.equal(config.dataDir, resolve('flag-dir'));
  });

  test('boolean variables are on for 1 or true only', () => {
    for (const [v, expected] of [['1', true], ['true', true], ['0', false], ['false', false], ['yes', false]] as const) {
      assert.equal(load([], { GATEHOUSE_IN_MEMORY: v }).inMemory, expected, `GATEHOUSE_IN_MEMORY=${v}`);
      assert.equal(load([], { GATEHOUSE_QUIET: v }).quiet, expected, `GATEHOUSE_QUIET=${v}`);
    }
  });

  test('an empty environment variable counts as unset, not as an empty value', () => {
    const config = load([], { GATEHOUSE_PORT: '', GATEHOUSE_AUTH: '', GATEHOUSE_DATA_DIR: '', GATEHOUSE_HOST: '', GATEHOUSE_DEFAULT_ACCOUNT: '', GATEHOUSE_CREDENTIALS: '' });
    assert.deepEqual(config, load([]));
  });

  test('port 0 asks the system for a free port', () => {
    assert.equal(load(['--port', '0']).port, 0);
  });

  test('an invalid port is refused, naming the value', () => {
    for (const bad of ['abc', '70000', '-1', '1.5', '']) {
      assert.throws(() => load([`--port=${bad}`]), (err: Error) => err.message === `Invalid port '${bad}'`, `--port=${bad}`);
    }
    assert.throws(() => load([], { GATEHOUSE_PORT: 'http' }), /Invalid port 'http'/);
  });

  test('an auth mode other than permissive or strict is refused', () => {
    assert.throws(() => load(['--auth', 'loose']), /Invalid --auth 'loose': expected permissive or strict/);
    assert.throws(() => load([], { GATEHOUSE_AUTH: 'none' }), /Invalid --auth 'none'/);
  });

  test('a default account that is not 12 digits is refused', () => {
    assert.throws(() => load(['--default-account', '123']), /Invalid default account '123': expected 12 digits/);
  });

  test('--function-idle-seconds (or its variable) sets how long a warm function environment may idle', () => {
    assert.equal(load(['--function-idle-seconds', '30']).functionIdleSeconds, 30);
    assert.equal(load([], { GATEHOUSE_FUNCTION_IDLE_SECONDS: '0.5' }).functionIdleSeconds, 0.5);
    assert.equal(load([]).functionIdleSeconds, undefined);
    assert.throws(() => load(['--function-idle-seconds', '0']), /Invalid --function-idle-seconds '0'/);
    assert.throws(() => load(['--function-idle-seconds', 'soon']), /Invalid --function-idle-seconds 'soon'/);
  });

  test('an unknown flag is refused', () => {
    assert.throws(() => load(['--prot', '80']), /--prot/);
  });

  test('--help asks for the usage text', () => {
    assert.equal(loadConfig(['--help'], {}), 'help');
  });
});

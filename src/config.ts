/**
 * Gatehouse's settings: command-line flags first, then GATEHOUSE_* environment variables, then
 * defaults. `--help` prints them all.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';

export type AuthMode = 'permissive' | 'strict';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  inMemory: boolean;
  auth: AuthMode;
  /** ACCESS_KEY_ID:SECRET[:ACCOUNT_ID],... : the keys strict mode accepts, and their accounts. */
  credentials?: string;
  defaultAccount: string;
  quiet: boolean;
}

export const USAGE = `Usage: gatehouse [options]

  --port N            port to listen on            (GATEHOUSE_PORT, default 4566)
  --host ADDR         address to listen on         (GATEHOUSE_HOST, default 127.0.0.1)
  --data-dir DIR      where data lives             (GATEHOUSE_DATA_DIR, default ./.gatehouse)
  --in-memory         keep nothing on disk         (GATEHOUSE_IN_MEMORY=1)
  --auth MODE         permissive | strict          (GATEHOUSE_AUTH, default permissive)
  --credentials LIST  AKID:SECRET[:ACCOUNT],...    (GATEHOUSE_CREDENTIALS)
  --default-account N account for unmapped keys    (GATEHOUSE_DEFAULT_ACCOUNT, default 000000000000)
  --quiet             no start-up banner           (GATEHOUSE_QUIET=1)
  --help              this text
`;

export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): Config | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean' },
      auth: { type: 'string' },
      credentials: { type: 'string' },
      'default-account': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  // An empty variable (`GATEHOUSE_PORT=` in a compose file) is unset, not '' (port 0, data in the cwd).
  const fromEnv = (name: string) => (env[name] === '' ? undefined : env[name]);
  const flag = (v: string | undefined) => v === '1' || v === 'true';
  const portText = values.port ?? fromEnv('GATEHOUSE_PORT') ?? '4566';
  const port = /^\d+$/.test(portText.trim()) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port '${portText}'`);
  const auth = (values.auth ?? fromEnv('GATEHOUSE_AUTH') ?? 'permissive') as AuthMode;
  if (auth !== 'permissive' && auth !== 'strict') throw new Error(`Invalid --auth '${auth}': expected permissive or strict`);
  const defaultAccount = values['default-account'] ?? fromEnv('GATEHOUSE_DEFAULT_ACCOUNT') ?? '000000000000';
  if (!/^\d{12}$/.test(defaultAccount)) throw new Error(`Invalid default account '${defaultAccount}': expected 12 digits`);
  return {
    port,
    host: values.host ?? fromEnv('GATEHOUSE_HOST') ?? '127.0.0.1',
    dataDir: resolve(values['data-dir'] ?? fromEnv('GATEHOUSE_DATA_DIR') ?? '.gatehouse'),
    inMemory: values['in-memory'] ?? flag(env.GATEHOUSE_IN_MEMORY),
    auth,
    credentials: values.credentials ?? fromEnv('GATEHOUSE_CREDENTIALS'),
    defaultAccount,
    quiet: values.quiet ?? flag(env.GATEHOUSE_QUIET),
  };
}

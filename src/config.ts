/**
 * Gatehouse's settings: command-line flags first, then GATEHOUSE_* environment variables, then
 * defaults. `--help` prints them all.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { RemoteRoutes } from './functions/remote-routes.js';
import { parseAwsEndpoint } from './gateway/integrations/aws-service.js';

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
  /** --lambda-endpoint: where functions Gatehouse does not hold are invoked (a URL, or `aws`). */
  lambdaEndpoint?: string;
  /** --remote-lambda: ACCOUNT:REGION=ENDPOINT,... (src/functions/remote-routes.ts). */
  remoteLambda?: string;
  /** --function-idle-seconds: a warm function environment idle this long is stopped (default 300). */
  functionIdleSeconds?: number;
  /** --aws-endpoint: where AWS integrations with services other than Lambda are sent (a URL, or `aws`). */
  awsEndpoint?: string;
}

export const USAGE = `Usage: gatehouse [options]
       gatehouse cost [options]   what the traffic served would cost on AWS (gatehouse cost --help)
       gatehouse dr <command>     disaster recovery: recovery points, failover (gatehouse dr --help)

  --port N            port to listen on            (GATEHOUSE_PORT, default 4566)
  --host ADDR         address to listen on         (GATEHOUSE_HOST, default 127.0.0.1)
  --data-dir DIR      where data lives             (GATEHOUSE_DATA_DIR, default ./.gatehouse)
  --in-memory         keep nothing on disk         (GATEHOUSE_IN_MEMORY=1)
  --auth MODE         permissive | strict          (GATEHOUSE_AUTH, default permissive)
  --credentials LIST  AKID:SECRET[:ACCOUNT],...    (GATEHOUSE_CREDENTIALS)
  --default-account N account for unmapped keys    (GATEHOUSE_DEFAULT_ACCOUNT, default 000000000000)
  --quiet             no start-up banner           (GATEHOUSE_QUIET=1)
  --lambda-endpoint E invoke the functions Gatehouse does not hold at E, for API Gateway
                      integrations and authorizers: a URL (another Gatehouse, any
                      Lambda-compatible endpoint) or 'aws' (AWS Lambda in the function's
                      region)                                (GATEHOUSE_LAMBDA_ENDPOINT)
  --remote-lambda L   the same per account and region: ACCOUNT:REGION=E,... where ACCOUNT
                      (12 digits) or REGION may be '*'; the most specific entry wins, and
                      --lambda-endpoint counts as '*:*'. E.g. '111122223333:*=aws,
                      *:eu-west-1=http://10.0.0.5:4566'      (GATEHOUSE_REMOTE_LAMBDA)
                      Remote calls sign with the AWS SDK's credential chain (env vars,
                      profiles...) or a URL's own (http://KEY:SECRET@host); a URL with
                      neither gets the function's account id as key (for a Gatehouse).
  --aws-endpoint E    send API Gateway AWS integrations with services other than Lambda
                      (DynamoDB, SQS, S3...), signed, to E: a URL (a moto or LocalStack
                      server; http://KEY:SECRET@host for its credentials, else test/test)
                      or 'aws' (https://{service}.{region}.amazonaws.com, the SDK's
                      credential chain)                      (GATEHOUSE_AWS_ENDPOINT)
  --function-idle-seconds N  stop a warm function environment idle this long
                      (GATEHOUSE_FUNCTION_IDLE_SECONDS, default 300)
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
      'lambda-endpoint': { type: 'string' },
      'remote-lambda': { type: 'string' },
      'function-idle-seconds': { type: 'string' },
      'aws-endpoint': { type: 'string' },
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
  const lambdaEndpoint = values['lambda-endpoint'] ?? fromEnv('GATEHOUSE_LAMBDA_ENDPOINT');
  const remoteLambda = values['remote-lambda'] ?? fromEnv('GATEHOUSE_REMOTE_LAMBDA');
  // Checked now, so a typo stops the start rather than failing the first invocation.
  RemoteRoutes.parse(remoteLambda, lambdaEndpoint);
  const awsEndpoint = values['aws-endpoint'] ?? fromEnv('GATEHOUSE_AWS_ENDPOINT');
  if (awsEndpoint !== undefined) parseAwsEndpoint(awsEndpoint);
  const idleText = values['function-idle-seconds'] ?? fromEnv('GATEHOUSE_FUNCTION_IDLE_SECONDS');
  const functionIdleSeconds = idleText === undefined ? undefined : Number(idleText);
  if (functionIdleSeconds !== undefined && !(Number.isFinite(functionIdleSeconds) && functionIdleSeconds > 0)) {
    throw new Error(`Invalid --function-idle-seconds '${idleText}': expected a number of seconds above 0`);
  }
  return {
    port,
    host: values.host ?? fromEnv('GATEHOUSE_HOST') ?? '127.0.0.1',
    dataDir: resolve(values['data-dir'] ?? fromEnv('GATEHOUSE_DATA_DIR') ?? '.gatehouse'),
    inMemory: values['in-memory'] ?? flag(env.GATEHOUSE_IN_MEMORY),
    auth,
    credentials: values.credentials ?? fromEnv('GATEHOUSE_CREDENTIALS'),
    defaultAccount,
    quiet: values.quiet ?? flag(env.GATEHOUSE_QUIET),
    ...(lambdaEndpoint !== undefined ? { lambdaEndpoint } : {}),
    ...(remoteLambda !== undefined ? { remoteLambda } : {}),
    ...(functionIdleSeconds !== undefined ? { functionIdleSeconds } : {}),
    ...(awsEndpoint !== undefined ? { awsEndpoint } : {}),
  };
}

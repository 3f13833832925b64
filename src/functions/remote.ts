// Functions Gatehouse does not hold, invoked where --lambda-endpoint / --remote-lambda say
// (remote-routes.ts) through @aws-sdk/client-lambda: AWS Lambda itself, or another Gatehouse.
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
//
// Credentials: a URL's own (http://KEY:SECRET@host), else the AWS SDK's default chain (env vars,
// shared profiles, SSO, container/instance roles). An explicit URL whose chain finds nothing is
// taken for another Gatehouse: it gets the function's account id as its access key (a permissive
// Gatehouse maps a 12-digit key to that account) rather than a refusal.
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { FunctionInvokeError, type FunctionInvokeResult } from '../definitions/function-invoker.ts';
import { RemoteFunctionNotFound, type RemoteFunctions } from '../definitions/remote-functions.ts';
import type { Scope } from '../store/types.ts';
import type { RemoteEndpoint, RemoteRoutes } from './remote-routes.ts';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type CredentialsProvider = () => Promise<Credentials>;

/** An endpoint that does not accept the connection within this long is unreachable. */
const CONNECT_TIMEOUT_MS = 5_000;

export class RemoteLambda implements RemoteFunctions {
  readonly #routes: RemoteRoutes;
  /** One client per (endpoint, region, account): the region signs, the account may be the key. */
  readonly #clients = new Map<string, LambdaClient>();

  constructor(routes: RemoteRoutes) {
    this.#routes = routes;
  }

  covers(scope: Scope): boolean {
    return this.#routes.endpointFor(scope) !== undefined;
  }

  async invoke(scope: Scope, functionArn: string, payload: Buffer, requestId: string): Promise<FunctionInvokeResult> {
    const endpoint = this.#routes.endpointFor(scope);
    if (!endpoint) throw new FunctionInvokeError('RemoteUnavailable', `No remote Lambda endpoint is configured for ${scope.account}:${scope.region}`);
    let out;
    try {
      out = await this.#client(endpoint, scope).send(new InvokeCommand({ FunctionName: functionArn, InvocationType: 'RequestResponse', Payload: payload }));
    } catch (err) {
      const e = err as Error;
      if (e.name === 'ResourceNotFoundException') throw new RemoteFunctionNotFound(`Function not found at ${endpoint.label}: ${functionArn}`);
      throw new FunctionInvokeError('RemoteUnavailable', `Remote Lambda ${endpoint.label} could not invoke ${functionArn} (request ${requestId}): ${e.name}: ${e.message}`);
    }
    return {
      payload: Buffer.from(out.Payload ?? []),
      // Handled or Unhandled: the data plane treats every function error alike.
      ...(out.FunctionError ? { functionError: 'Unhandled' as const } : {}),
      logTail: '',
    };
  }

  close(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }

  #client(endpoint: RemoteEndpoint, scope: Scope): LambdaClient {
    const key = `${endpoint.label} ${scope.region} ${scope.account}`;
    let client = this.#clients.get(key);
    if (!client) {
      const base = { region: scope.region, maxAttempts: 1, requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS } };
      let credentials: Credentials | CredentialsProvider | undefined = endpoint.credentials;
      if (!credentials && endpoint.url) {
        // The SDK's default chain, as a client resolves it, with the Gatehouse fallback behind it.
        const probe = new LambdaClient({ region: scope.region });
        credentials = orGatehouse(probe.config.credentials as CredentialsProvider, scope.account);
      }
      client = new LambdaClient({ ...base, ...(endpoint.url ? { endpoint: endpoint.url } : {}), ...(credentials ? { credentials } : {}) });
      this.#clients.set(key, client);
    }
    return client;
  }
}

/** The chain's credentials; once it has found none, the account id as a Gatehouse access key. */
function orGatehouse(chain: CredentialsProvider, account: string): CredentialsProvider {
  let none = false;
  return async () => {
    if (!none) {
      try {
        return await chain();
      } catch (err) {
        if ((err as Error).name !== 'CredentialsProviderError') throw err;
        none = true;
      }
    }
    return { accessKeyId: account, secretAccessKey: 'gatehouse' };
  };
}

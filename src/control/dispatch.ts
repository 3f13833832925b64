/**
 * The control plane's single entry: route a signed request to its modelled operation, parse and
 * validate the input, run the handler in one store transaction, serialise the output.
 * An operation without a handler answers NotImplemented naming it; nothing fakes success.
 */
import { AwsError, notImplemented } from '../aws/errors.js';
import { loadModel, type ServiceModel, type ServiceName } from '../aws/model.js';
import { parseInput } from '../aws/rest-json/parse.js';
import { OperationRouter } from '../aws/rest-json/router.js';
import { serializeOutput, type WireResponse } from '../aws/rest-json/serialize.js';
import { validateInput } from '../aws/rest-json/validate.js';
import type { Scope, Store } from '../store/types.js';
import { AfterCommit, type ControlPorts, type Handlers } from './types.js';
import { handlers as apigateway } from './apigateway/index.js';
import { handlers as apigatewayv2 } from './apigatewayv2/index.js';
import { handlers as lambda } from './lambda/index.js';

export interface ControlRequest {
  service: ServiceName;
  method: string;
  rawSegments: string[];
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  scope: Scope;
  requestId: string;
}

interface ServiceEntry {
  model: ServiceModel;
  router: OperationRouter;
  handlers: Handlers;
}

const HANDLERS: Record<ServiceName, Handlers> = {
  apigateway,
  apigatewayv2,
  apigatewaymanagementapi: {},
  lambda,
};

export class ControlPlane {
  private readonly services = new Map<ServiceName, ServiceEntry>();

  constructor(
    private readonly store: Store,
    private readonly ports: ControlPorts = {},
  ) {
    for (const [name, handlers] of Object.entries(HANDLERS) as [ServiceName, Handlers][]) {
      const model = loadModel(name);
      this.services.set(name, { model, router: new OperationRouter(model), handlers });
    }
  }

  /** Operation name -> implemented?, for the README table and the health endpoint. */
  status(service: ServiceName): Record<string, boolean> {
    const entry = this.services.get(service)!;
    return Object.fromEntries(Object.keys(entry.model.operations).sort().map((op) => [op, !!entry.handlers[op]]));
  }

  async handle(req: ControlRequest): Promise<WireResponse> {
    try {
      return await this.run(req);
    } catch (err) {
      return renderError(req.service, err, req.requestId);
    }
  }

  private async run(req: ControlRequest): Promise<WireResponse> {
    const entry = this.services.get(req.service)!;
    const match = entry.router.match(req.method, req.rawSegments, req.query);
    if (!match) {
      throw new AwsError('UnknownOperationException', `No ${req.service} operation matches ${req.method} /${req.rawSegments.join('/')}.`, 404);
    }
    const { operation } = match;
    const input = parseInput(entry.model, operation.input?.shape, { labels: match.labels, query: req.query, headers: req.headers, body: req.body });
    if (operation.input) validateInput(req.service, entry.model, operation.name, entry.model.shapes[operation.input.shape], input);
    const handler = entry.handlers[operation.name];
    if (!handler) throw notImplemented(req.service, operation.name);
    let output = await this.store.transaction(req.scope, (tx) =>
      handler(input, { tx, scope: req.scope, service: req.service, requestId: req.requestId, now: new Date(), ports: this.ports }),
    );
    if (output instanceof AfterCommit) output = await output.run();
    const res = serializeOutput(entry.model, operation.output?.shape, operation.http.responseCode ?? 200, output ?? undefined);
    res.headers['x-amzn-requestid'] = req.requestId;
    return res;
  }
}

export function renderError(service: ServiceName | undefined, err: unknown, requestId: string): WireResponse {
  let e: AwsError;
  if (err instanceof AwsError) e = err;
  else {
    // A bug of ours, never the caller's: log it here, answer without internals.
    console.error(`[gatehouse] internal error (request ${requestId}):`, err);
    e = new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
  }
  const body: Record<string, unknown> = { message: e.message, ...e.extra };
  if (service === 'lambda') body.Type = e.status >= 500 ? 'Service' : 'User';
  return {
    status: e.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': e.code, 'x-amzn-requestid': requestId },
    body: JSON.stringify(body),
  };
}

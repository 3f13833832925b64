/**
 * Which HTTP APIs exist and what their stages serve, in memory. An API id is looked up in the
 * store once (cached either way, so REST API ids cost one Map lookup after their first request);
 * an HTTP API's stages are read together with their deployments' compiled snapshots, so the
 * stage segment of a request path can be told from a resource path without a store read. The
 * store's commit feed drops an API's entry when its Api, a stage or a snapshot changes (an
 * autoDeploy stage gets a new snapshot on every change), so a change is live when it commits.
 * The index itself is the one WebSocket APIs use too (../v2-api-index.ts).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
 */
import type { Store } from '../../store/types.js';
import { V2ApiIndex, v2Stage, type V2ApiEntry } from '../v2-api-index.js';
import { compileHttpApi, type CompiledHttpApi } from './compile.js';
import type { HttpStage } from './context.js';

/** An HTTP API: its scope, id and the stages that have a deployment, by name (`$default` included). */
export type HttpApiEntry = V2ApiEntry<HttpStage>;

export class HttpApis extends V2ApiIndex<CompiledHttpApi, HttpStage> {
  constructor(store: Store) {
    super(store, {
      protocolType: 'HTTP',
      compile: compileHttpApi,
      stage: v2Stage,
    });
  }

  /** entry(), always as a promise. */
  lookup(apiId: string): Promise<HttpApiEntry | null> {
    return Promise.resolve(this.entry(apiId));
  }
}

/**
 * Which WebSocket APIs exist and what their stages serve, in memory (the index HTTP APIs use too,
 * ../v2-api-index.ts). An API id is looked up in the store once and cached either way, so REST and
 * HTTP API ids cost one Map lookup after their first request; the store's commit feed drops an
 * API's entry when its Api, a stage or a snapshot changes, so a new deployment is live when it
 * commits. Connections already open keep the stage they connected to, as on AWS.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-publish.html
 */
import type { StageRecord } from '../../definitions/apigatewayv2.js';
import type { Scope, Store } from '../../store/types.js';
import { V2ApiIndex, v2Stage, type V2ApiEntry } from '../v2-api-index.js';
import { compileWebSocketApi, type CompiledWebSocketApi } from './compile.js';

export interface WebSocketStage {
  scope: Scope;
  apiId: string;
  stageName: string;
  deploymentId: string;
  variables: Record<string, string>;
  api: CompiledWebSocketApi;
  /** The stage as stored: its route settings (throttles, detailed metrics) and access log settings. */
  record: StageRecord;
}

/** A WebSocket API: its scope, id and the stages that have a deployment, by name. */
export type WebSocketApiEntry = V2ApiEntry<WebSocketStage>;

export class WebSocketApis extends V2ApiIndex<CompiledWebSocketApi, WebSocketStage> {
  constructor(store: Store) {
    super(store, {
      protocolType: 'WEBSOCKET',
      compile: compileWebSocketApi,
      stage: v2Stage,
    });
  }
}

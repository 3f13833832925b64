/**
 * The AWS service models (botocore JSON, vendored in models/) as the wire layer reads them.
 * Loaded once at start-up; every request is parsed and answered by walking these shapes.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ServiceName = 'apigateway' | 'apigatewayv2' | 'apigatewaymanagementapi' | 'lambda';
export const SERVICE_NAMES: ServiceName[] = ['apigateway', 'apigatewayv2', 'apigatewaymanagementapi', 'lambda'];

export interface MemberRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  jsonvalue?: boolean;
  timestampFormat?: string;
  idempotencyToken?: boolean;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'double' | 'float' | 'boolean' | 'timestamp' | 'blob';
  members?: Record<string, MemberRef>;
  required?: string[];
  payload?: string;
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
  timestampFormat?: string;
  error?: { httpStatusCode: number; code?: string; senderFault?: boolean };
  exception?: boolean;
  streaming?: boolean;
  sensitive?: boolean;
}

export interface Operation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
}

export interface ServiceModel {
  metadata: { protocol: string; endpointPrefix: string; signingName?: string; apiVersion: string; timestampFormat?: string };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

const modelsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../models');
const cache = new Map<ServiceName, ServiceModel>();

export function loadModel(service: ServiceName): ServiceModel {
  let model = cache.get(service);
  if (!model) {
    model = JSON.parse(readFileSync(join(modelsDir, `${service}.json`), 'utf8')) as ServiceModel;
    cache.set(service, model);
  }
  return model;
}

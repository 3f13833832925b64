/**
 * The methods of an API with their resource paths, for the Delete* operations AWS refuses while
 * a method still uses what is being deleted (a model, an authorizer, a request validator).
 */
import type { S_Method } from '../../aws/generated/apigateway.js';
import type { StoreTx } from '../../store/types.js';
import { apiPrefix, KIND, listUnderApi, resourcePath, type ResourceRecord } from './records.js';

export interface MethodAtPath {
  /** The resource path, "/" for the root. */
  path: string;
  httpMethod: string;
  method: S_Method;
}

/** Every method of the API, in creation order. */
export async function methodsWithPaths(tx: StoreTx, restApiId: string): Promise<MethodAtPath[]> {
  const resources = await listUnderApi<ResourceRecord>(tx, KIND.resource, restApiId);
  const byId = new Map(resources.map((r) => [r.id, r]));
  const methods = await tx.list<S_Method>(KIND.method, apiPrefix(restApiId));
  const out: MethodAtPath[] = [];
  for (const { key, value } of methods) {
    // key: {apiId}/{resourceId}/{HTTP_METHOD}
    const [, resourceId, httpMethod] = key.split('/');
    const resource = byId.get(resourceId);
    if (!resource) continue;
    out.push({ path: resourcePath(byId, resource), httpMethod: value.httpMethod ?? httpMethod, method: value });
  }
  return out;
}

/** The most recently created method `uses` holds for: the one AWS names in its "is referenced" conflicts. */
export async function lastMethodUsing(tx: StoreTx, restApiId: string, uses: (method: S_Method) => boolean): Promise<MethodAtPath | undefined> {
  return (await methodsWithPaths(tx, restApiId)).filter((m) => uses(m.method)).at(-1);
}

/** AWS names a method in "is referenced in method: GET//pets" as the verb, a slash, then the path. */
export const verbThenPath = (m: MethodAtPath) => `${m.httpMethod}/${m.path}`;

/**
 * The resource tree a definition's paths make: one resource per path segment, intermediate ones
 * included ("API Gateway automatically creates intermediate resources for you"), created with
 * CreateResource so every path part is checked as it is there. Resources that already stand at a
 * path keep their id: AWS keeps the ids of paths a PutRestApi overwrite leaves in place
 * (recorded: test_import_rest_api_with_base_path_oas30[ignore], /test keeps its id).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-basePath.html
 */
import type { S_CreateResourceRequest } from '../../../aws/generated/apigateway.js';
import { handlers as resourceHandlers } from '../resources.js';
import { apiKey, KIND, listUnderApi, methodKey, resourcePath, type ResourceRecord } from '../records.js';
import type { ImportRun } from './context.js';

export class ResourceTree {
  private readonly byPath = new Map<string, string>();

  private constructor(private readonly run: ImportRun) {}

  static async load(run: ImportRun): Promise<ResourceTree> {
    const tree = new ResourceTree(run);
    const list = await listUnderApi<ResourceRecord>(run.ctx.tx, KIND.resource, run.restApiId);
    const byId = new Map(list.map((r) => [r.id, r]));
    for (const r of list) tree.byPath.set(resourcePath(byId, r), r.id);
    return tree;
  }

  /** The resource at `segments` (created, with its missing ancestors, when absent). */
  async ensure(segments: string[]): Promise<string | undefined> {
    let parentId = this.byPath.get('/');
    let path = '';
    for (const part of segments) {
      path += '/' + part;
      const known = this.byPath.get(path);
      if (known) {
        parentId = known;
        continue;
      }
      const input: S_CreateResourceRequest = { restApiId: this.run.restApiId, parentId: parentId!, pathPart: part };
      const created = await this.run.attempt(`Unable to create resource at path '${path}'`, () => resourceHandlers.CreateResource!(input, this.run.ctx));
      const id = (created as { id?: string } | undefined)?.id;
      if (!id) return undefined;
      this.byPath.set(path, id);
      parentId = id;
    }
    return parentId;
  }

  /** Merge: the definition's method replaces the one the API has on the same resource and verb. */
  async dropMethod(resourceId: string, httpMethod: string): Promise<void> {
    await this.run.ctx.tx.delete(KIND.method, methodKey(this.run.restApiId, resourceId, httpMethod));
  }

  /**
   * Overwrite: removes every resource whose path the new definition does not have (with its
   * methods), and every method, so the definition is all that is left.
   */
  async keepOnly(paths: Set<string>): Promise<void> {
    const { tx } = this.run.ctx;
    await tx.deletePrefix(KIND.method, `${this.run.restApiId}/`);
    const gone = [...this.byPath.entries()].filter(([path]) => path !== '/' && !paths.has(path));
    for (const [path, id] of gone) {
      await tx.delete(KIND.resource, apiKey(this.run.restApiId, id));
      this.byPath.delete(path);
    }
  }
}

/** Every path a list of resource paths needs, ancestors included ("/a/b" needs "/a" too). */
export function withAncestors(paths: string[][]): Set<string> {
  const out = new Set<string>(['/']);
  for (const segments of paths) {
    let path = '';
    for (const part of segments) out.add((path += '/' + part));
  }
  return out;
}

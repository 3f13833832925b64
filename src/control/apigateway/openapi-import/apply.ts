/**
 * Applies a parsed definition to a REST API, in the request's one transaction, in the order the
 * parts depend on each other: models, authorizers and validators before the methods that name
 * them; resources before their methods; method responses before the integration responses that
 * map onto their headers. Every problem is collected; if there is any, the run throws and the
 * transaction rolls back, so nothing is half-imported.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-update.html
 *
 * overwrite: what the definition does not have is deleted (methods, models, authorizers,
 * validators, gateway responses, documentation; resources whose path it does not declare);
 * merge: the definition's methods, models, authorizers and validators replace those of the same
 * path+verb or name, everything else stays.
 */
import { documentationPartsOf, importDocumentationParts } from '../documentation-import.js';
import { apiPrefix, KIND } from '../records.js';
import { importAuthorizers } from './authorizers.js';
import type { ImportRun } from './context.js';
import { importGatewayResponses } from './gateway-responses.js';
import { importModels } from './models.js';
import { definitionPaths, importPaths } from './paths.js';
import { ResourceTree, withAncestors } from './resources.js';
import { importRequestValidators } from './validators.js';

/** Kinds an overwrite empties before the definition is written (methods go with the resource tree). */
const REPLACED_ON_OVERWRITE = [KIND.model, KIND.authorizer, KIND.requestValidator, KIND.gatewayResponse];

export async function applyDefinition(run: ImportRun): Promise<void> {
  const paths = definitionPaths(run);
  const tree = await ResourceTree.load(run);
  if (run.options.mode === 'overwrite') {
    await tree.keepOnly(withAncestors(paths.map((p) => p.segments)));
    for (const kind of REPLACED_ON_OVERWRITE) await run.ctx.tx.deletePrefix(kind, apiPrefix(run.restApiId));
  }
  await importModels(run);
  await importAuthorizers(run);
  await importRequestValidators(run);
  await importGatewayResponses(run);
  await importPaths(run, paths, tree);
  if (!run.options.ignoreDocumentation) {
    await run.attempt('Unable to import documentation parts', async () => {
      const parts = documentationPartsOf(run.doc.root);
      const mode = run.options.mode === 'overwrite' ? 'overwrite' : 'merge';
      const { warnings } = await importDocumentationParts(run.ctx, run.restApiId, parts, mode);
      for (const w of warnings) run.warn(w);
    });
  }
  run.finish();
}

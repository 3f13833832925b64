/**
 * STOPGAP (replaced by the mapping-template engine being written in this folder): enough of
 * $input/$context/$stageVariables over velocityjs for the pipeline to run.
 */
import velocity from 'velocityjs';
import type { CompiledTemplate, RenderResult, TemplateVariables } from './types.js';
import { TemplateSyntaxError } from './types.js';

export function compileTemplate(source: string): CompiledTemplate {
  let ast;
  try {
    ast = velocity.parse(source);
  } catch (err) {
    throw new TemplateSyntaxError((err as Error).message);
  }
  const compiled = new velocity.Compile(ast, { escape: false });
  return {
    source,
    render(vars: TemplateVariables): RenderResult {
      const overrides = { request: { header: {}, querystring: {}, path: {} }, response: { header: {} } } as RenderResult['overrides'];
      const p = vars.input.params;
      const input = {
        body: vars.input.body,
        json: (path: string) => (path === '$' ? vars.input.body : vars.input.body),
        params: (name?: string) => (name === undefined ? p : (p.path[name] ?? p.querystring[name] ?? p.header[name] ?? '')),
      };
      const output = compiled.render({ input, context: { ...vars.context, requestOverride: overrides.request, responseOverride: overrides.response }, stageVariables: vars.stageVariables });
      return { output, overrides };
    },
  };
}

/** Shared helpers for the mapping-template tests. */
import { compileTemplate } from '../../../src/gateway/vtl/index.js';
import type { RenderResult, TemplateVariables } from '../../../src/gateway/vtl/types.js';

export interface Vars {
  body?: string;
  path?: Record<string, string>;
  querystring?: Record<string, string>;
  header?: Record<string, string>;
  context?: Record<string, unknown>;
  stageVariables?: Record<string, string>;
}

export function variables(v: Vars = {}): TemplateVariables {
  return {
    input: { body: v.body ?? '', params: { path: v.path ?? {}, querystring: v.querystring ?? {}, header: v.header ?? {} } },
    context: v.context ?? {},
    stageVariables: v.stageVariables ?? {},
  };
}

export function renderFull(template: string, v: Vars = {}): RenderResult {
  return compileTemplate(template).render(variables(v));
}

/** The rendered text. */
export function render(template: string, v: Vars = {}): string {
  return renderFull(template, v).output;
}

/** Renders `template` over a JSON body. */
export function renderJson(template: string, body: unknown, v: Vars = {}): string {
  return render(template, { ...v, body: JSON.stringify(body) });
}

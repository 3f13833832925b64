/**
 * The contract between the invocation pipeline and the mapping-template engine.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 *
 * A template is compiled once per deployment (`compileTemplate`), then rendered per request with
 * that request's variables. Rendering never throws for user data: a runtime problem in the
 * template surfaces as a `TemplateRenderError` the pipeline maps to AWS's answer.
 */

/** What `$input` reads: the payload being mapped, and the method request's parameters. */
export interface TemplateInput {
  /** The raw payload as text: the method request body (request templates) or the integration response body (response templates). */
  body: string;
  /** Method request parameters, as `$input.params()` returns them: header names as sent, one value each (the last). */
  params: {
    path: Record<string, string>;
    querystring: Record<string, string>;
    header: Record<string, string>;
  };
}

/** Fields a template may set through `#set($context.requestOverride...)` / `responseOverride`. */
export interface TemplateOverrides {
  request: {
    header: Record<string, string>;
    querystring: Record<string, string>;
    path: Record<string, string>;
  };
  response: {
    status?: number;
    header: Record<string, string>;
  };
}

export interface TemplateVariables {
  input: TemplateInput;
  /** The `$context` tree as plain objects (requestId, apiId, stage, identity {...}, authorizer {...}, error {...}...). */
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

export interface RenderResult {
  output: string;
  overrides: TemplateOverrides;
  /**
   * `$context.requestOverride` / `$context.responseOverride` exactly as the template left them
   * (including keys that are not overrides). AWS hands them on to the next template of the same
   * request: pass them back as `context.requestOverride` / `context.responseOverride` when rendering
   * the response template, and a render starts from them.
   */
  contextOverrides?: { requestOverride: Record<string, unknown>; responseOverride: Record<string, unknown> };
}

export interface CompiledTemplate {
  readonly source: string;
  render(vars: TemplateVariables): RenderResult;
}

/** The template could not be parsed (found at deploy/compile time). */
export class TemplateSyntaxError extends Error {}
/** The template failed while rendering (e.g. `$input.json` over a body that is not JSON). */
export class TemplateRenderError extends Error {}

/**
 * The template read the payload as JSON (`$input.json`, `$input.path`) and it is not JSON; `detail`
 * is the parser's reason (in Jackson's words for the common case). Which answer the client gets is
 * the pipeline's choice.
 */
export class TemplateBodyParseError extends TemplateRenderError {
  constructor(readonly detail: string) {
    super(`Could not parse payload into json: ${detail}`);
  }
}

/**
 * API Gateway mapping templates (REST APIs): Velocity templates over `$input`, `$context`,
 * `$stageVariables` and `$util`, rendered the way AWS renders them.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 *
 * `compileTemplate` parses once (a syntax error is a TemplateSyntaxError); `render` runs per request
 * on fresh per-request objects and never re-parses. A failure while rendering — a payload that is not
 * JSON, a Java method that throws, a bad JSONPath — is a TemplateRenderError.
 */
import { buildContext, captureOverrides } from './context.js';
import { prepare, parseTemplate } from './compile.js';
import { TemplateEngine, type Ast } from './engine.js';
import { InputVariable } from './input.js';
import { JavaException } from './java-methods.js';
import { JavaRegexError, RegexCache } from './java-regex.js';
import { JsonPathError } from './jsonpath.js';
import { UTIL } from './util.js';
import { TemplateRenderError, type CompiledTemplate, type RenderResult, type TemplateVariables } from './types.js';

export * from './types.js';

export function compileTemplate(source: string): CompiledTemplate {
  const asts = parseTemplate(source);
  const strings = new Map<string, Ast[]>();
  const regex = new RegexCache();
  prepare(asts, strings, regex);
  const engine = new TemplateEngine(asts, strings, parseTemplate, { regex });
  return {
    source,
    render(vars: TemplateVariables): RenderResult {
      const ctx = buildContext(vars.context);
      const variables = {
        input: new InputVariable(vars.input),
        context: ctx.root,
        stageVariables: Object.assign({}, vars.stageVariables),
        util: UTIL,
      };
      let output: string;
      try {
        output = engine.renderWith(variables);
      } catch (err) {
        throw asRenderError(err);
      }
      return {
        output,
        overrides: captureOverrides(ctx),
        contextOverrides: { requestOverride: ctx.requestOverride, responseOverride: ctx.responseOverride },
      };
    },
  };
}

function asRenderError(err: unknown): TemplateRenderError {
  if (err instanceof TemplateRenderError) return err;
  if (err instanceof JavaException || err instanceof JsonPathError || err instanceof JavaRegexError) return new TemplateRenderError(err.message);
  // Anything else is a fault in the engine itself; keep its message and stack for the logs.
  const wrapped = new TemplateRenderError(`Mapping template failed: ${(err as Error)?.message ?? String(err)}`);
  wrapped.cause = err;
  return wrapped;
}

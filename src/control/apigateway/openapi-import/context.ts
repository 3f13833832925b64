/**
 * One run of the importer: the parsed document, the API it writes into, and the warnings and
 * errors collected on the way. AWS reports every problem it finds in one answer: errors as
 * "Errors found during import:" followed by one line each (a tab before each), warnings either in
 * the RestApi's `warnings` or, with failonwarnings=true, as "Warnings found during import:".
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-errors-warnings.html
 */
import { AwsError, badRequest } from '../../../aws/errors.js';
import type { RequestContext } from '../../types.js';
import type { OpenApiDocument } from './parse.js';

export type PutMode = 'import' | 'overwrite' | 'merge';

export interface ImportOptions {
  mode: PutMode;
  /** basepath=ignore|prepend|split (default ignore). */
  basePath: 'ignore' | 'prepend' | 'split';
  /** ignore=documentation: leave x-amazon-apigateway-documentation out. */
  ignoreDocumentation: boolean;
  failOnWarnings: boolean;
}

export class ImportRun {
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  /** Model names by the schema reference or inline schema they came from. */
  readonly modelNames = new Map<string, string>();
  /** Authorizer ids by security scheme name. */
  readonly authorizerIds = new Map<string, string>();
  /** Request validator ids by their name in x-amazon-apigateway-request-validators. */
  readonly validatorIds = new Map<string, string>();

  constructor(
    readonly ctx: RequestContext,
    readonly doc: OpenApiDocument,
    readonly restApiId: string,
    readonly options: ImportOptions,
  ) {}

  warn(message: string): void {
    this.warnings.push(message);
  }

  /**
   * Runs one step (a put of a method, an integration...) and turns the AWS error it throws into
   * one line of the import's error report, so the rest of the document is still checked.
   */
  async attempt<T>(what: string, step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step();
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      this.errors.push(`${what}: ${err.message}`);
      return undefined;
    }
  }

  /** Throws the collected errors (and, with failOnWarnings, the warnings) as AWS words them. */
  finish(): void {
    if (this.errors.length) throw badRequest(`Errors found during import:\n\t${this.errors.join('\n\t')}`);
    if (this.options.failOnWarnings && this.warnings.length) throw badRequest(`Warnings found during import:\n\t${this.warnings.join('\n\t')}`);
  }
}

/**
 * AWS errors as values. Every control-plane failure is one of these; the wire layer renders it as
 * AWS does for rest-json services: status code, `x-amzn-ErrorType: <Code>` and a JSON body with
 * `message` (the SDKs read the code from the header and the text from the body).
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** Extra body members some services add (Lambda's `Type`, v1's `retryAfterSeconds`...). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export const badRequest = (message: string) => new AwsError('BadRequestException', message, 400);
export const notFound = (message: string) => new AwsError('NotFoundException', message, 404);
export const conflict = (message: string) => new AwsError('ConflictException', message, 409);
export const limitExceeded = (message: string) => new AwsError('LimitExceededException', message, 429);
export const tooManyRequests = (message: string) => new AwsError('TooManyRequestsException', message, 429);
export const unauthorized = (message: string) => new AwsError('UnauthorizedException', message, 401);
export const validation = (message: string) => new AwsError('ValidationException', message, 400);

/** An operation Gatehouse does not implement yet: an honest answer, never a fake success. */
export const notImplemented = (service: string, operation: string) =>
  new AwsError(
    'NotImplemented',
    `Gatehouse does not implement the ${service} operation ${operation} yet.`,
    501,
  );

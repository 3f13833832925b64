/**
 * What an HTTP API answers when it answers itself: a status and `{"message": ...}` in AWS's words
 * for HTTP APIs (note "Internal Server Error", capitalised, unlike REST APIs' "Internal server
 * error"). HTTP APIs have no gateway responses to customise these.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
export class HttpApiError extends Error {
  constructor(
    readonly status: number,
    /** What the client reads in `{"message": ...}`. */
    message: string,
    /** Why, for `$context.integrationErrorMessage` / logs; never sent to the client. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export const notFound = () => new HttpApiError(404, 'Not Found');
export const forbidden = (detail?: string) => new HttpApiError(403, 'Forbidden', detail);
export const unauthorized = (detail?: string) => new HttpApiError(401, 'Unauthorized', detail);
export const internalServerError = (detail?: string) => new HttpApiError(500, 'Internal Server Error', detail);
/** An integration that did not answer within its timeout (users meet 503 "Service Unavailable" on HTTP APIs). */
export const serviceUnavailable = (detail?: string) => new HttpApiError(503, 'Service Unavailable', detail);
export const requestTooLarge = () => new HttpApiError(413, 'Request Entity Too Large');

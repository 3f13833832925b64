/**
 * Lambda's error types, with AWS's status codes (models/lambda.json). The wire layer adds the
 * `Type: User` member Lambda's errors carry. https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html
 */
import { AwsError } from '../../aws/errors.js';

export const invalidParameter = (message: string) => new AwsError('InvalidParameterValueException', message, 400);
/** AWS spells this one's member `Message` (models/lambda.json); the SDK reads it from there. */
export const resourceNotFound = (message: string) => new AwsError('ResourceNotFoundException', message, 404, { Message: message });
export const resourceConflict = (message: string) => new AwsError('ResourceConflictException', message, 409);
export const preconditionFailed = (message: string) => new AwsError('PreconditionFailedException', message, 412);

export const functionNotFound = (arn: string) => resourceNotFound(`Function not found: ${arn}`);

/** A RevisionId that is not the current one: the caller read a stale copy. */
export function checkRevision(given: string | undefined, current: string | undefined, what = 'GetFunction'): void {
  if (given !== undefined && given !== current) {
    throw preconditionFailed(`The Revision Id provided does not match the latest Revision Id. Call the ${what} API to retrieve the latest Revision Id`);
  }
}

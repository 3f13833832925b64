/**
 * AWS's tag restrictions for API Gateway resources, checked wherever tags are written (the
 * creating call and TagResource): at most 50 tags per resource, keys of 1 to 128 and values of at
 * most 256 characters, letters, digits, spaces and `. : + = @ _ / -`, and no `aws:` prefix.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-tagging.html
 *
 * "Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)" is AWS's wording (quoted
 * in serverless/serverless#9223); the other messages follow AWS's constraint wording.
 */
import { badRequest } from '../../aws/errors.js';
import type { Tags } from './records.js';

export const MAX_TAGS = 50;
const ALLOWED = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function validateTagKey(key: string): void {
  if (key.toLowerCase().startsWith('aws:')) throw badRequest("Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)");
  const length = [...key].length;
  if (length < 1 || length > 128 || !ALLOWED.test(key)) {
    throw badRequest(`Invalid tag key '${key}'. Tag keys must be between 1 and 128 characters long and match the pattern ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$`);
  }
}

export function validateTags(tags: Tags | undefined): void {
  if (!tags) return;
  for (const [key, value] of Object.entries(tags)) {
    validateTagKey(key);
    if ([...value].length > 256 || !ALLOWED.test(value)) {
      throw badRequest(`Invalid tag value '${value}'. Tag values must be at most 256 characters long and match the pattern ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$`);
    }
  }
  if (Object.keys(tags).length > MAX_TAGS) throw tooManyTags();
}

export const tooManyTags = () => badRequest(`Too many tags. A resource can have at most ${MAX_TAGS} tags.`);

/** Tags given at creation, validated; undefined when none (AWS then omits `tags` in the answer). */
export function initialTags(tags: Tags | undefined): Tags | undefined {
  validateTags(tags);
  return tags && Object.keys(tags).length ? { ...tags } : undefined;
}

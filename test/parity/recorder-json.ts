/**
 * LocalStack's snapshot recorder parses every string value that starts with "{" as JSON before it
 * saves a response (localstack-snapshot `_transform_dict_to_parseable_values`): a model's `schema`
 * or a JSON response template was recorded as an object, not as the string AWS sent. To compare
 * like with like, a test passes Gatehouse's answer through the same transformation.
 */
export function asRecorder<T>(value: T): T {
  const walk = (obj: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(obj)) {
      if (Array.isArray(v)) v.forEach((item) => isPlainObject(item) && walk(item));
      else if (isPlainObject(v)) walk(v);
      else if (typeof v === 'string' && v.startsWith('{')) {
        try {
          obj[k] = JSON.parse(v);
        } catch {
          // not JSON: kept as the string it is, as the recorder does
        }
      }
    }
  };
  if (isPlainObject(value)) walk(value);
  return value;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

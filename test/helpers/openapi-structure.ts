/**
 * A structural check of Swagger 2.0 and OpenAPI 3.0 documents, for tests: the rules of the two
 * specifications an exported document must keep to be read by other tools (required fields,
 * parameter shapes, declared path parameters, resolvable $refs, declared security schemes).
 * It answers the list of problems found; an empty list means the document is well formed.
 * https://github.com/OAI/OpenAPI-Specification/blob/main/versions/2.0.md
 * https://github.com/OAI/OpenAPI-Specification/blob/main/versions/3.0.1.md
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const VERBS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch']);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function resolvePointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), doc);
}

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (isObject(node)) for (const [k, v] of Object.entries(node)) k === '$ref' && typeof v === 'string' ? out.push(v) : refs(v, out);
  return out;
}

export function openApiProblems(doc: Json): string[] {
  const problems: string[] = [];
  const swagger = doc.swagger === '2.0';
  const oas3 = typeof doc.openapi === 'string' && /^3\.0\.\d+$/.test(doc.openapi);
  if (!swagger && !oas3) return ['neither "swagger": "2.0" nor "openapi": "3.0.x"'];
  if (!isObject(doc.info) || typeof doc.info.title !== 'string' || typeof doc.info.version !== 'string') problems.push('info needs title and version strings');
  if (!isObject(doc.paths)) problems.push('paths must be an object');
  if (swagger && doc.basePath !== undefined && !String(doc.basePath).startsWith('/')) problems.push('basePath must start with /');
  if (oas3 && (!Array.isArray(doc.servers) || doc.servers.some((s: Json) => typeof s.url !== 'string'))) problems.push('servers need urls');
  if (oas3) {
    for (const s of doc.servers ?? []) {
      for (const v of String(s.url).match(/\{[^}]+\}/g) ?? []) if (!isObject(s.variables?.[v.slice(1, -1)])) problems.push(`server variable ${v} undeclared`);
    }
  }
  const schemes: Json = (swagger ? doc.securityDefinitions : doc.components?.securitySchemes) ?? {};
  for (const [name, s] of Object.entries<Json>(schemes)) {
    if (s.type === 'apiKey' && (typeof s.name !== 'string' || !['header', 'query'].includes(s.in))) problems.push(`security scheme ${name}: apiKey needs name and in`);
  }
  for (const ref of refs(doc)) if (resolvePointer(doc, ref) === undefined) problems.push(`$ref ${ref} does not resolve`);

  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    if (!path.startsWith('/')) problems.push(`path ${path} must start with /`);
    const templated = [...path.matchAll(/\{([^}]+?)\+?\}/g)].map((m) => m[1]);
    for (const [key, op] of Object.entries<Json>(item)) {
      if (!VERBS.has(key) && !key.startsWith('x-')) problems.push(`${path}: unknown operation ${key}`);
      if (!VERBS.has(key) && key !== 'x-amazon-apigateway-any-method') continue;
      const where = `${key} ${path}`;
      if (!isObject(op.responses)) problems.push(`${where}: responses missing`);
      for (const [status, r] of Object.entries<Json>(op.responses ?? {})) {
        if (typeof r.description !== 'string') problems.push(`${where} ${status}: response needs a description`);
        if (oas3 && r.content !== undefined && !Object.values<Json>(r.content).every((c) => isObject(c))) problems.push(`${where} ${status}: bad content`);
        if (swagger && r.content !== undefined) problems.push(`${where} ${status}: content is OpenAPI 3`);
      }
      const params: Json[] = op.parameters ?? [];
      const seen = new Set<string>();
      let bodies = 0;
      for (const p of params) {
        const id = `${p.in}:${p.name}`;
        if (seen.has(id)) problems.push(`${where}: parameter ${id} twice`);
        seen.add(id);
        const places = swagger ? ['path', 'query', 'header', 'body', 'formData'] : ['path', 'query', 'header', 'cookie'];
        if (typeof p.name !== 'string' || !places.includes(p.in)) problems.push(`${where}: bad parameter ${JSON.stringify(p)}`);
        if (p.in === 'path' && p.required !== true) problems.push(`${where}: path parameter ${p.name} must be required`);
        if (swagger && p.in === 'body') {
          bodies++;
          if (!isObject(p.schema)) problems.push(`${where}: body parameter needs a schema`);
        } else if (swagger && typeof p.type !== 'string') problems.push(`${where}: parameter ${p.name} needs a type`);
        if (oas3 && !isObject(p.schema)) problems.push(`${where}: parameter ${p.name} needs a schema`);
      }
      if (bodies > 1) problems.push(`${where}: more than one body parameter`);
      if (oas3 && op.requestBody !== undefined && !isObject(op.requestBody.content)) problems.push(`${where}: requestBody needs content`);
      for (const name of templated) if (!params.some((p) => p.in === 'path' && p.name === name)) problems.push(`${where}: path parameter ${name} undeclared`);
      for (const requirement of op.security ?? []) {
        for (const name of Object.keys(requirement)) if (!schemes[name]) problems.push(`${where}: security scheme ${name} undeclared`);
      }
    }
  }
  return problems;
}

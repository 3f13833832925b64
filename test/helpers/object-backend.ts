/**
 * A tiny object store over HTTP on 127.0.0.1, standing in for S3 in binary-support tests:
 * PUT /obj/{key} keeps the body and its Content-Type; GET /obj/{key}?type={content type} answers
 * the bytes with that Content-Type (like S3's `response-content-type`) and an ETag.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredObject {
  body: Buffer;
  contentType?: string;
}

export interface ObjectBackend {
  url: string;
  objects: Map<string, StoredObject>;
  close(): Promise<void>;
}

export async function startObjectBackend(): Promise<ObjectBackend> {
  const objects = new Map<string, StoredObject>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://backend');
    const key = decodeURIComponent(url.pathname.replace(/^\/obj\//, ''));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'PUT') {
        objects.set(key, { body: Buffer.concat(chunks), contentType: req.headers['content-type'] });
        res.end();
        return;
      }
      const found = objects.get(key);
      if (!found) {
        res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
        return;
      }
      res.writeHead(200, {
        'content-type': url.searchParams.get('type') ?? found.contentType ?? 'binary/octet-stream',
        etag: `"${createHash('md5').update(found.body).digest('hex')}"`,
      });
      res.end(found.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, objects, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * The API of LocalStack's TestApiGatewayS3BinarySupport (test_apigateway_s3.py, setup_s3_apigateway)
 * over this store instead of S3: ANY /{object_path+} integrated with PUT/GET of the object, the
 * client's Content-Type passed on, `response-content-type` choosing the answer's Content-Type, and
 * the ETag mapped back.
 */
export function objectApiSpec(
  backend: ObjectBackend,
  options: { requestContentHandling?: 'CONVERT_TO_TEXT' | 'CONVERT_TO_BINARY'; responseContentHandling?: 'CONVERT_TO_TEXT' | 'CONVERT_TO_BINARY'; binaryMediaTypes?: string[]; requestTemplates?: Record<string, string>; responseTemplates?: Record<string, string> } = {},
) {
  return {
    binaryMediaTypes: options.binaryMediaTypes,
    methods: [
      {
        path: '/{object_path+}',
        httpMethod: 'ANY',
        requestParameters: { 'method.request.path.object_path': true, 'method.request.header.Content-Type': false, 'method.request.header.response-content-type': false },
        integration: {
          type: 'HTTP' as const,
          integrationHttpMethod: 'ANY',
          uri: `${backend.url}/obj/{object_path}`,
          requestParameters: {
            'integration.request.path.object_path': 'method.request.path.object_path',
            'integration.request.header.Content-Type': 'method.request.header.Content-Type',
            'integration.request.querystring.type': 'method.request.header.response-content-type',
          },
          contentHandling: options.requestContentHandling,
          requestTemplates: options.requestTemplates,
        },
        responses: [
          {
            statusCode: '200',
            responseParameters: { 'method.response.header.ETag': 'integration.response.header.ETag' },
            contentHandling: options.responseContentHandling,
            responseTemplates: options.responseTemplates,
          },
        ],
      },
    ],
  };
}

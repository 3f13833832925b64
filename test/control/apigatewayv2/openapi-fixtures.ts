/**
 * OpenAPI 3 definitions of HTTP APIs the import/export tests (and the import fuzz test) start
 * from: a realistic shop API in YAML using the extensions HTTP APIs support, and AWS's pet store
 * example from the developer guide (http-api-open-api.md).
 */
import { LAMBDA_ARN, LAMBDA_INVOKE_URI } from './helpers.js';

export const AUTHORIZER_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authorize/invocations';

/** A shop API as a team would write it (YAML, OpenAPI 3.0.1, API Gateway extensions). */
export const SHOP_YAML = `
openapi: 3.0.1
info:
  title: shop
  description: The shop's HTTP API
  version: 2024-06-01
servers:
  - url: https://api.example.com/{basePath}
    variables:
      basePath:
        default: v1/shop
tags:
  - name: team
    x-amazon-apigateway-tag-value: payments
  - name: public
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - name: page
          in: query
          schema: { type: string }
      responses:
        "200": { description: the items }
      x-amazon-apigateway-integration:
        $ref: '#/components/x-amazon-apigateway-integrations/catalog'
    post:
      security:
        - cognito: [items/write]
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Item' }
      responses:
        "201": { description: created }
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: ${LAMBDA_INVOKE_URI}
        payloadFormatVersion: 2.0
        timeoutInMillis: 10000
  /items/{itemId}:
    parameters:
      - name: itemId
        in: path
        required: true
        schema: { type: string }
    get:
      x-amazon-apigateway-integration:
        $ref: '#/components/x-amazon-apigateway-integrations/catalog'
    delete:
      security:
        - admin: []
      x-amazon-apigateway-integration:
        type: AWS_PROXY
        uri: ${LAMBDA_ARN}
        payloadFormatVersion: "1.0"
  /legacy/{proxy+}:
    x-amazon-apigateway-any-method:
      security:
        - sigv4: []
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: ANY
        uri: https://legacy.example.com/{proxy}
        payloadFormatVersion: 1.0
        requestParameters:
          append:header.x-source: shop
          overwrite:path: $request.path.proxy
        responseParameters:
          "500":
            overwrite:statuscode: "503"
  /$default:
    x-amazon-apigateway-any-method:
      isDefaultRoute: true
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: ${LAMBDA_ARN}
        payloadFormatVersion: 2.0
security:
  - cognito: [items/read]
components:
  schemas:
    Item:
      type: object
      properties:
        name: { type: string }
  securitySchemes:
    cognito:
      type: openIdConnect
      openIdConnectUrl: https://cognito-idp.us-east-1.amazonaws.com/us-east-1_shop/.well-known/openid-configuration
      x-amazon-apigateway-authorizer:
        type: jwt
        jwtConfiguration:
          audience: [shop-client]
        identitySource: $request.header.Authorization
    admin:
      type: apiKey
      name: x-admin-token
      in: header
      x-amazon-apigateway-authorizer:
        type: request
        authorizerUri: ${AUTHORIZER_URI}
        authorizerPayloadFormatVersion: "2.0"
        enableSimpleResponses: true
        authorizerResultTtlInSeconds: 300
        identitySource: $request.header.x-admin-token, $request.querystring.tenant
    sigv4:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: awsSigv4
  x-amazon-apigateway-integrations:
    catalog:
      type: http_proxy
      httpMethod: GET
      uri: https://catalog.example.com/items
      payloadFormatVersion: "1.0"
      timeoutInMillis: 5000
x-amazon-apigateway-cors:
  allowOrigins: [https://shop.example.com]
  allowMethods: [GET, POST, DELETE]
  allowHeaders: [authorization, content-type]
  exposeHeaders: [x-request-id]
  allowCredentials: true
  maxAge: 600
x-amazon-apigateway-endpoint-configuration:
  disableExecuteApiEndpoint: true
x-amazon-apigateway-importexport-version: "1.0"
`;

/** AWS's example import (HTTP proxy integrations, CORS, schemas HTTP APIs ignore). */
export const PETSTORE_JSON = JSON.stringify({
  openapi: '3.0.1',
  info: { title: 'Example Pet Store', description: 'A Pet Store API.', version: '1.0' },
  paths: {
    '/pets': {
      get: {
        operationId: 'GET HTTP',
        parameters: [{ name: 'type', in: 'query', schema: { type: 'string' } }, { name: 'page', in: 'query', schema: { type: 'string' } }],
        responses: { '200': { description: '200 response', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pets' } } } } },
        'x-amazon-apigateway-integration': { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://petstore.execute-api.us-west-1.amazonaws.com/petstore/pets', payloadFormatVersion: 1.0 },
      },
      post: {
        operationId: 'Create Pet',
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/NewPet' } } }, required: true },
        responses: { '200': { description: '200 response' } },
        'x-amazon-apigateway-integration': { type: 'HTTP_PROXY', httpMethod: 'POST', uri: 'http://petstore.execute-api.us-west-1.amazonaws.com/petstore/pets', payloadFormatVersion: 1.0 },
      },
    },
    '/pets/{petId}': {
      get: {
        operationId: 'Get Pet',
        parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: '200 response' } },
        'x-amazon-apigateway-integration': { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://petstore.execute-api.us-west-1.amazonaws.com/petstore/pets/{petId}', payloadFormatVersion: 1.0 },
      },
    },
  },
  'x-amazon-apigateway-cors': { allowOrigins: ['*'], allowMethods: ['GET', 'OPTIONS', 'POST'], allowHeaders: ['x-amzm-header', 'x-apigateway-header', 'x-api-key', 'authorization', 'x-amz-date', 'content-type'] },
  components: {
    schemas: {
      Pets: { type: 'array', items: { $ref: '#/components/schemas/Pet' } },
      Pet: { type: 'object', properties: { id: { type: 'string' }, type: { type: 'string' }, price: { type: 'number' } } },
      NewPet: { type: 'object', properties: { type: { type: 'string' }, price: { type: 'number' } } },
    },
  },
});

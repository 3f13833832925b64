/**
 * Loads every resource-type module into the registry. A service adds one import here
 * (apigatewayv2/index.ts does, for HTTP and WebSocket APIs).
 */
import './lambda/index.js';
import './apigateway/index.js';
import './apigatewayv2/index.js';

/**
 * Loads every resource-type module into the registry. A service adds one import here
 * (apigatewayv2/index.ts will, for HTTP and WebSocket APIs).
 */
import './lambda/index.js';
import './apigateway/index.js';

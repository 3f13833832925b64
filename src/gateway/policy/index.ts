/** REST API resource policies: compiled once per deployment, evaluated per request (see each file). */
export { compilePolicy } from './compile.js';
export { combine, evaluateResourcePolicy, type AuthorizationKind } from './evaluate.js';
export type { CompiledPolicy, PolicyDecision, PolicyPrincipal, PolicyRequest } from './types.js';

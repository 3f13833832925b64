/** The Lambda resource types the APIs pull in. */
import { registerType } from '../registry.js';
import { lambdaFunctionType } from './functions.js';

registerType(lambdaFunctionType);

export { LAMBDA_FUNCTION, functionKey } from './functions.js';

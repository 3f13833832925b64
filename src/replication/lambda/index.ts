/** The Lambda resource types the APIs pull in: functions, their published versions and aliases. */
import { registerType } from '../registry.js';
import { lambdaFunctionType } from './functions.js';
import { lambdaAliasType, lambdaVersionType } from './versions.js';

registerType(lambdaFunctionType);
registerType(lambdaVersionType);
registerType(lambdaAliasType);

export { LAMBDA_FUNCTION, functionKey } from './functions.js';

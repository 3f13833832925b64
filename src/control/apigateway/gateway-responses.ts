import type { StoreTx } from '../../store/types.js';
import type { Handlers } from '../types.js';

/**
 * Every gateway response type of an API as it is in effect: the user's put ones, and AWS's
 * default for every other type. (Filled in with the GatewayResponse operations.)
 */
export async function effectiveGatewayResponses(_tx: StoreTx, _restApiId: string): Promise<Record<string, unknown>[]> {
  return [];
}

export const handlers: Handlers = {};

/**
 * Where a stage's access logs go: the log group its accessLogSettings.destinationArn names,
 * `arn:aws:logs:{region}:{account}:log-group:{name}` (CloudFormation's `!GetAtt LogGroup.Arn`
 * adds `:*`). A Kinesis Data Firehose stream (`arn:aws:firehose:...:deliverystream/{name}`) is
 * not a log group Gatehouse keeps: such a stage logs nothing.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
import type { Scope } from '../../store/types.js';
import { LOG_GROUP_NAME } from './log-groups.js';

const LOG_GROUP_ARN = /^arn:aws[a-zA-Z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)(?::\*)?$/;

export function logGroupOf(destinationArn: string | undefined): { scope: Scope; name: string } | undefined {
  const m = destinationArn ? LOG_GROUP_ARN.exec(destinationArn) : null;
  if (!m || !LOG_GROUP_NAME.test(m[3])) return undefined;
  return { scope: { region: m[1], account: m[2] }, name: m[3] };
}

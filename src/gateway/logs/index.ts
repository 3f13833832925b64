/** Access logs and execution logs, kept in Gatehouse's log groups (log-groups.ts). */
export { LogGroups, LOG_GROUP_NAME, type LogEvent, type Follower, type LogGroupsOptions } from './log-groups.js';
export { compileAccessLogFormat, renderAccessLog, type AccessLogFormat, type RequestEnd } from './access-log-format.js';
export { executionLogGroup, executionLogMessages, type LoggingLevel } from './execution-log.js';
export { logGroupOf } from './destination.js';

/**
 * UpdateStage's patch paths, as the patch engine's rules. Specific paths come first; what none of
 * them takes falls to two catch-alls that answer as AWS does: `copy` has its own message, and any
 * other path is read as a method setting (which is why AWS words unknown paths "Invalid method
 * setting path" and unknown removals "Cannot remove method setting ...").
 * https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html#UpdateStage-Patch
 */
import { badRequest } from '../../aws/errors.js';
import type { S_CanarySettings } from '../../aws/generated/apigateway.js';
import { removeMethodSetting, setMethodSetting } from './method-settings.js';
import { applyPatch, fieldRule, patchBoolean, patchNumber, type PatchContext, type PatchOperation, type PatchRule } from './patch/index.js';
import { setCacheCluster, validatePercentTraffic, validateVariable, type StageRecord } from './stage-record.js';

type Rule = PatchRule<StageRecord>;

const ACCESS_LOG_PATHS = '[/accessLogSettings/destinationArn, /accessLogSettings/format]';
const invalidAccessLogPath = () => badRequest(`Invalid accessLogSettings path. Must be one of : ${ACCESS_LOG_PATHS}`);

/** A canary patched into being starts as AWS's does: the stage's deployment, 0 % traffic, no stage cache. */
function canaryOf(stage: StageRecord): S_CanarySettings {
  return (stage.canarySettings ??= { deploymentId: stage.deploymentId, percentTraffic: 0, useStageCache: false });
}

/** Canary fields take only `replace`: "Invalid add operation with path: /canarySettings/deploymentId" (recorded). */
function canaryRule(path: string, apply: (stage: StageRecord, ctx: PatchContext) => void): Rule[] {
  return [
    { path, ops: ['replace'], apply },
    {
      path,
      ops: ['add', 'remove'],
      listed: false,
      apply(_stage, ctx) {
        throw badRequest(`Invalid ${ctx.op} operation with path: ${ctx.path}`);
      },
    },
  ];
}

function accessLogField(field: 'destinationArn' | 'format'): Rule {
  return {
    path: `/accessLogSettings/${field}`,
    ops: ['add', 'replace'],
    apply(stage, ctx) {
      if (!ctx.value) throw badRequest('Access Log value must not be empty');
      stage.accessLogSettings = { ...stage.accessLogSettings, [field]: ctx.value };
    },
  };
}

/**
 * Promotion: `copy` from the canary's deploymentId to /deploymentId, and from its
 * stageVariableOverrides into /variables (merged over them); nothing else can be copied.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/promote-canary-deployment.html
 */
const copyRule: Rule = {
  path: '/{path+}',
  ops: ['copy'],
  listed: false,
  apply(stage, ctx) {
    const toDeployment = ctx.path === '/deploymentId' && ctx.from === '/canarySettings/deploymentId';
    const toVariables = ctx.path === '/variables' && ctx.from === '/canarySettings/stageVariableOverrides';
    if (!toDeployment && !toVariables) {
      throw badRequest(
        `Invalid copy operation with path: ${ctx.path} and from ${ctx.from ?? 'null'}. Valid copy:path are [/deploymentId, /variables] and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]`,
      );
    }
    const canary = stage.canarySettings;
    if (!canary) throw badRequest('Promotion not available. Canary does not exist.');
    if (toDeployment) stage.deploymentId = canary.deploymentId ?? stage.deploymentId;
    else stage.variables = { ...stage.variables, ...canary.stageVariableOverrides };
  },
};

/** Everything else is a method setting path, or not a path at all. */
const methodSettingRule: Rule = {
  path: '/{path+}',
  ops: ['add', 'replace', 'remove'],
  listed: false,
  apply(stage, ctx) {
    if (ctx.op === 'remove') removeMethodSetting(stage.methodSettings, ctx.path);
    else setMethodSetting(stage.methodSettings, ctx);
  },
};

function stageRules(deployments: Set<string>): Rule[] {
  const requireDeployment = (id: string | undefined): string => {
    if (!id || !deployments.has(id)) throw badRequest('Deployment id does not exist');
    return id;
  };
  return [
    {
      path: '/deploymentId',
      ops: ['replace'],
      apply: (stage, ctx) => void (stage.deploymentId = requireDeployment(ctx.value)),
    },
    fieldRule('/description', 'description'),
    fieldRule('/clientCertificateId', 'clientCertificateId'),
    fieldRule('/documentationVersion', 'documentationVersion'),
    { path: '/tracingEnabled', ops: ['replace'], apply: (stage, ctx) => void (stage.tracingEnabled = patchBoolean(ctx)) },
    { path: '/cacheClusterEnabled', ops: ['replace'], apply: (stage, ctx) => setCacheCluster(stage, patchBoolean(ctx), undefined) },
    { path: '/cacheClusterSize', ops: ['replace'], apply: (stage, ctx) => setCacheCluster(stage, undefined, ctx.value ?? 'null') },
    {
      path: '/variables/{name+}',
      ops: ['add', 'replace', 'remove'],
      apply(stage, ctx) {
        const name = ctx.params.name;
        if (ctx.op === 'remove') {
          if (stage.variables) delete stage.variables[name];
          return;
        }
        validateVariable(name, ctx.value);
        stage.variables = { ...stage.variables, [name]: ctx.value! };
        if (Object.keys(stage.variables).length > 100) throw badRequest('A stage can have at most 100 stage variables');
      },
    },
    { path: '/accessLogSettings', ops: ['remove'], apply: (stage) => void delete stage.accessLogSettings },
    accessLogField('destinationArn'),
    accessLogField('format'),
    ...['/accessLogSettings', '/accessLogSettings/{other+}'].map(
      (path): Rule => ({
        path,
        ops: ['add', 'replace'],
        listed: false,
        apply() {
          throw invalidAccessLogPath();
        },
      }),
    ),
    { path: '/canarySettings', ops: ['remove'], apply: (stage) => void delete stage.canarySettings },
    ...canaryRule('/canarySettings/percentTraffic', (stage, ctx) => {
      const percent = patchNumber(ctx);
      validatePercentTraffic(percent);
      canaryOf(stage).percentTraffic = percent;
    }),
    ...canaryRule('/canarySettings/deploymentId', (stage, ctx) => {
      const id = requireDeployment(ctx.value);
      canaryOf(stage).deploymentId = id;
    }),
    ...canaryRule('/canarySettings/useStageCache', (stage, ctx) => {
      const use = patchBoolean(ctx);
      canaryOf(stage).useStageCache = use;
    }),
    ...canaryRule('/canarySettings/stageVariableOverrides/{name+}', (stage, ctx) => {
      validateVariable(ctx.params.name, ctx.value);
      const canary = canaryOf(stage);
      canary.stageVariableOverrides = { ...canary.stageVariableOverrides, [ctx.params.name]: ctx.value! };
    }),
    copyRule,
    methodSettingRule,
  ];
}

/** Applies UpdateStage's operations to a copy of the stage; any refusal leaves the stage as it was. */
export function patchStage(stage: StageRecord, operations: PatchOperation[] | undefined, deployments: Set<string>): StageRecord {
  return applyPatch(stage, operations, stageRules(deployments));
}

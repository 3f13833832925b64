// The local function runtime: runs Lambda functions in child processes speaking the Runtime API.
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
//
//   FunctionRuntime.invoke(spec, payload)            pool.ts
//     -> a warm Environment of that spec, or a new one (up to reservedConcurrency, else wait)
//        Environment: its own Runtime API listener + one child process   environment.ts
//          nodejs*  -> bootstraps/node.mjs            (this machine's node)
//          python3* -> bootstraps/python_bootstrap.py (this machine's python3)
//          provided*-> the code's own ./bootstrap
//        the runtime GETs invocation/next, POSTs invocation/{id}/response|error   runtime-api.ts
//     -> InvokeResult { payload, functionError?, logTail, durationMs }
//   A timeout or a crash stops the environment; idle ones are stopped after idleTimeoutMs.
//   Callers (the Lambda control plane, the gateway's AWS_PROXY integration) import only this file.
//   LocalFunctions (resolver.ts) is the FunctionInvoker port the server hands the control plane:
//   stored version + zip -> FunctionSpec, the zip unpacked once per CodeSha256 (code-cache.ts).
export { FunctionRuntime, type FunctionRuntimeOptions } from './pool.ts';
export { FunctionRuntimeError, type FunctionRuntimeErrorCode } from './errors.ts';
export type { FunctionSpec, InvokeOptions, InvokeResult } from './spec.ts';
export { LocalFunctions, specOf, type LocalFunctionsOptions } from './resolver.ts';

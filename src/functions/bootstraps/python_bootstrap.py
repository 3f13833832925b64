# Gatehouse's bootstrap for the python3.x runtimes: a small Lambda Runtime API client.
# https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html
# Error shapes follow the AWS Python runtime (awslambdaric): {errorMessage, errorType, stackTrace}.
import importlib
import json
import os
import sys
import time
import traceback
import urllib.request

API = "http://%s/2018-06-01/runtime" % os.environ["AWS_LAMBDA_RUNTIME_API"]
TASK_ROOT = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())


def post(path, body, error_type=None):
    headers = {"content-type": "application/json"}
    if error_type:
        headers["lambda-runtime-function-error-type"] = error_type
    data = json.dumps(body).encode("utf-8")
    urllib.request.urlopen(urllib.request.Request(API + path, data=data, headers=headers, method="POST")).read()


def error_body(error_type, message, tb=None):
    return {
        "errorMessage": message,
        "errorType": error_type,
        "stackTrace": traceback.format_list(traceback.extract_tb(tb)) if tb else [],
    }


def load_handler(name):
    # `_HANDLER` is `path/to/module.function`.
    try:
        module_path, function_name = name.rsplit(".", 1)
    except ValueError:
        return None, error_body("Runtime.MalformedHandlerName", "Bad handler '%s': not enough values to unpack (expected 2, got 1)" % name)
    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        return None, error_body("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_path, e))
    except SyntaxError as e:
        return None, error_body("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_path, e))
    except Exception as e:
        return None, error_body(type(e).__name__, str(e), sys.exc_info()[2])
    handler = getattr(module, function_name, None)
    if handler is None:
        return None, error_body("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_path))
    return handler, None


class LambdaContext:
    def __init__(self, request_id, deadline_ms, invoked_function_arn):
        self.aws_request_id = request_id
        self._deadline_ms = deadline_ms
        self.invoked_function_arn = invoked_function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = None

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def main():
    sys.path.insert(0, TASK_ROOT)
    handler, init_error = load_handler(os.environ.get("_HANDLER", ""))
    if init_error:
        print("[ERROR] %s: %s" % (init_error["errorType"], init_error["errorMessage"]), file=sys.stderr)
        post("/init/error", init_error, init_error["errorType"])
        sys.exit(1)
    while True:
        with urllib.request.urlopen(API + "/invocation/next") as next_response:
            headers = next_response.headers
            raw = next_response.read()
        request_id = headers.get("lambda-runtime-aws-request-id")
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        context = LambdaContext(
            request_id,
            int(headers.get("lambda-runtime-deadline-ms") or 0),
            headers.get("lambda-runtime-invoked-function-arn"),
        )
        try:
            event = json.loads(raw) if raw else None
            result = handler(event, context)
        except Exception as e:
            err = error_body(type(e).__name__, str(e), sys.exc_info()[2])
            print("[ERROR] %s: %s" % (err["errorType"], err["errorMessage"]), file=sys.stderr)
            post("/invocation/%s/error" % request_id, err, err["errorType"])
            continue
        try:
            body = json.dumps(result)
        except (TypeError, ValueError) as e:
            # What the AWS Python runtime answers for a result JSON cannot carry.
            err = error_body("Runtime.MarshalError", "Unable to marshal response: %s" % e)
            post("/invocation/%s/error" % request_id, err, err["errorType"])
            continue
        req = urllib.request.Request(
            API + "/invocation/%s/response" % request_id,
            data=body.encode("utf-8"),
            headers={"content-type": "application/json"},
            method="POST",
        )
        urllib.request.urlopen(req).read()


if __name__ == "__main__":
    main()

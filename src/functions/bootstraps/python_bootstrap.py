# Gatehouse's bootstrap for the python3.x runtimes: a small Lambda Runtime API client.
# https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html
# Error shapes follow the AWS Python runtime (awslambdaric): {errorMessage, errorType, stackTrace}.
# The Runtime API is spoken over one persistent HTTP/1.1 connection, and the answer to one
# invocation leaves in the same write as the request for the next (pipelining): urllib opened a
# connection per request and parsed headers with the email package.
import importlib
import json
import os
import socket
import sys
import time
import traceback
from urllib.parse import quote

ADDRESS = os.environ["AWS_LAMBDA_RUNTIME_API"]
# Gatehouse serves the same Runtime API on a Unix socket (cheaper per write than loopback TCP);
# the variable is Gatehouse's, not the function's: it leaves the environment before the handler loads.
UNIX_PATH = os.environ.pop("GATEHOUSE_RUNTIME_SOCKET", None)
PREFIX = "/2018-06-01/runtime"
TASK_ROOT = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())


class RuntimeClient:
    """A minimal HTTP/1.1 client on one keep-alive connection to the Runtime API (`host:port`)."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.target = (host.strip("[]"), int(port))
        self.sock = None
        # A bytearray grows in place: a large event arriving in many pieces is not copied each time.
        self.buf = bytearray()

    def request_bytes(self, method, path, body=None, error_type=None):
        head = "%s %s%s HTTP/1.1\r\nHost: %s\r\n" % (method, PREFIX, path, ADDRESS)
        if error_type:
            # A name with a line break must not end the header.
            head += "Lambda-Runtime-Function-Error-Type: %s\r\n" % " ".join(str(error_type).splitlines())
        if body is None:
            return (head + "\r\n").encode("utf-8")
        return (head + "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)).encode("utf-8") + body

    def send(self, data):
        """Writes requests; their answers are read in order with read()."""
        if self.sock is None:
            if UNIX_PATH and hasattr(socket, "AF_UNIX"):
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    self.sock.connect(UNIX_PATH)
                except OSError:
                    self.sock.close()
                    self.sock = None
                    raise
            else:
                self.sock = socket.create_connection(self.target)
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.buf = bytearray()
        try:
            self.sock.sendall(data)
        except OSError:
            self.close()
            raise

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None
        self.buf = bytearray()

    def _fill(self):
        chunk = self.sock.recv(65536) if self.sock is not None else b""
        if not chunk:
            self.close()
            raise ConnectionError("the Runtime API connection to %s closed" % ADDRESS)
        self.buf += chunk

    def read(self):
        """The next answer: (status, headers with lower-case names, body bytes)."""
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end >= 0:
                break
            self._fill()
        lines = self.buf[:end].decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        status = int(lines[0].split(" ")[1])
        start = end + 4
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body, consumed = self._dechunk(start)
        else:
            consumed = start + int(headers.get("content-length") or 0)
            while len(self.buf) < consumed:
                self._fill()
            body = bytes(self.buf[start:consumed])
        del self.buf[:consumed]
        return status, headers, body

    def _dechunk(self, at):
        parts = []
        while True:
            while self.buf.find(b"\r\n", at) < 0:
                self._fill()
            line_end = self.buf.find(b"\r\n", at)
            size = int(self.buf[at:line_end].split(b";")[0], 16)
            if size == 0:
                while self.buf.find(b"\r\n\r\n", line_end) < 0:
                    self._fill()
                return b"".join(parts), self.buf.find(b"\r\n\r\n", line_end) + 4
            while len(self.buf) < line_end + 2 + size + 2:
                self._fill()
            parts.append(self.buf[line_end + 2:line_end + 2 + size])
            at = line_end + 2 + size + 2


CLIENT = RuntimeClient(ADDRESS)


def post(path, body, error_type=None):
    CLIENT.send(CLIENT.request_bytes("POST", path, json.dumps(body).encode("utf-8"), error_type))
    CLIENT.read()


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


def next_invocation(pending):
    """Reads the answers to what was sent (the last one is `next`'s); reconnects twice at most."""
    for attempt in range(3):
        try:
            if pending is None:
                CLIENT.send(CLIENT.request_bytes("GET", "/invocation/next"))
                pending = 1
            for _ in range(pending - 1):
                CLIENT.read()
            return CLIENT.read()
        except OSError:
            CLIENT.close()
            pending = None
            if attempt == 2:
                raise


def main():
    sys.path.insert(0, TASK_ROOT)
    handler, init_error = load_handler(os.environ.get("_HANDLER", ""))
    if init_error:
        print("[ERROR] %s: %s" % (init_error["errorType"], init_error["errorMessage"]), file=sys.stderr)
        post("/init/error", init_error, init_error["errorType"])
        sys.exit(1)
    next_request = CLIENT.request_bytes("GET", "/invocation/next")
    pending = None
    while True:
        _, headers, raw = next_invocation(pending)
        request_id = headers.get("lambda-runtime-aws-request-id")
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        context = LambdaContext(
            request_id,
            int(headers.get("lambda-runtime-deadline-ms") or 0),
            headers.get("lambda-runtime-invoked-function-arn"),
        )
        answer = None
        try:
            event = json.loads(raw) if raw else None
            result = handler(event, context)
        except Exception as e:
            # As the AWS Python runtime: the request named, the trace from the handler's frame on,
            # without this bootstrap's own (recorded: test_lambda_selection_patterns).
            body = error_body(type(e).__name__, str(e), sys.exc_info()[2].tb_next)
            err = {"errorMessage": body["errorMessage"], "errorType": body["errorType"], "requestId": request_id, "stackTrace": body["stackTrace"]}
            print("[ERROR] %s: %s" % (err["errorType"], err["errorMessage"]), file=sys.stderr)
            answer = CLIENT.request_bytes("POST", "/invocation/%s/error" % quote(request_id, safe=""), json.dumps(err).encode("utf-8"), err["errorType"])
        if answer is None:
            try:
                answer = CLIENT.request_bytes("POST", "/invocation/%s/response" % quote(request_id, safe=""), json.dumps(result).encode("utf-8"))
            except (TypeError, ValueError) as e:
                # What the AWS Python runtime answers for a result JSON cannot carry.
                err = error_body("Runtime.MarshalError", "Unable to marshal response: %s" % e)
                answer = CLIENT.request_bytes("POST", "/invocation/%s/error" % quote(request_id, safe=""), json.dumps(err).encode("utf-8"), err["errorType"])
        # The answer to this invocation and the request for the next leave in one write.
        try:
            CLIENT.send(answer + next_request)
            pending = 2
        except OSError:
            pending = None


if __name__ == "__main__":
    main()

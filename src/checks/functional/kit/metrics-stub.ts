/**
 * The AI service workload of ai_service_metrics: a Python standard-library HTTP server (no image
 * beyond python) exposing, in Prometheus text format, a request counter, a latency histogram and a
 * queue gauge labelled `conformance_run="$RUN_ID"`. Every request to /v1/infer… is counted;
 * /metrics and /healthz are not. Metric names follow the kubernetes-sigs/ai-conformance suite's
 * stub so results read the same; the script is this project's own.
 */
export const REQUESTS_METRIC = 'ai_conformance_inference_requests_total';
export const DURATION_METRIC = 'ai_conformance_inference_request_duration_seconds';
export const QUEUE_METRIC = 'ai_conformance_inference_queue_depth';

export const METRICS_STUB_SCRIPT = `
import os, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RUN = os.environ.get("RUN_ID", "")
PORT = int(os.environ.get("PORT", "8080"))
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)
lock = threading.Lock()
state = {"n": 0, "sum": 0.0, "le": [0] * len(BUCKETS), "busy": 0}

def exposition():
    with lock:
        n, total, le, busy = state["n"], state["sum"], list(state["le"]), state["busy"]
    lbl = 'conformance_run="%s"' % RUN
    out = [
        "# HELP ${REQUESTS_METRIC} Total inference requests served.",
        "# TYPE ${REQUESTS_METRIC} counter",
        "${REQUESTS_METRIC}{%s} %d" % (lbl, n),
        "# HELP ${DURATION_METRIC} Inference request latency.",
        "# TYPE ${DURATION_METRIC} histogram",
    ]
    for bound, count in zip(BUCKETS, le):
        out.append('${DURATION_METRIC}_bucket{%s,le="%s"} %d' % (lbl, bound, count))
    out += [
        '${DURATION_METRIC}_bucket{%s,le="+Inf"} %d' % (lbl, n),
        "${DURATION_METRIC}_sum{%s} %f" % (lbl, total),
        "${DURATION_METRIC}_count{%s} %d" % (lbl, n),
        "# HELP ${QUEUE_METRIC} Requests currently queued or in flight.",
        "# TYPE ${QUEUE_METRIC} gauge",
        "${QUEUE_METRIC}{%s} %d" % (lbl, busy),
    ]
    return "\\n".join(out) + "\\n"

class Handler(BaseHTTPRequestHandler):
    def send(self, code, body, ctype):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.startswith("/v1/infer"):
            with lock:
                state["busy"] += 1
            start = time.monotonic()
            time.sleep(0.01)
            took = time.monotonic() - start
            with lock:
                state["busy"] -= 1
                state["n"] += 1
                state["sum"] += took
                for i, bound in enumerate(BUCKETS):
                    if took <= bound:
                        state["le"][i] += 1
            self.send(200, '{"output": "ok"}', "application/json")
        elif self.path == "/metrics":
            self.send(200, exposition(), "text/plain; version=0.0.4; charset=utf-8")
        elif self.path == "/healthz":
            self.send(200, "ok", "text/plain")
        else:
            self.send(404, "not found", "text/plain")

    do_POST = do_GET

    def log_message(self, *args):
        pass

ThreadingHTTPServer(("", PORT), Handler).serve_forever()
`;

#!/usr/bin/env python3
"""`jitterbug-cli serve` checked from outside by an independent client.

Starts `serve` on 127.0.0.1 with a scenario written for the check, then
talks to it with plain sockets (Python's standard library, no HTTP client)
and compares what arrives on the wire with what the scenario says: bytes,
timing, resets, closes, and the request limits. Never contacts any other
address. Usage: check_wire.py PATH/TO/jitterbug-cli
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

CLI = sys.argv.pop(1) if len(sys.argv) > 1 else "jitterbug-cli"

SCENARIO = {
    "name": "wire-check",
    "routes": [
        {"method": "GET", "path": "/items/:id", "script": [
            {"status": 503, "headers": {"Retry-After": "2"}, "body": "busy\n"},
            {"status": 200, "headers": {"X-Shard": "7"}, "body": "{\"id\":1}"}]},
        {"path": "/timeout", "script": [{"fault": "timeout"}]},
        {"path": "/reset", "script": [{"fault": "reset", "latency_ms": 20}]},
        {"path": "/refused", "script": [{"fault": "refused"}]},
        {"path": "/malformed", "script": [{"fault": "malformed"}]},
        {"path": "/truncated", "script": [{"fault": "truncated", "body": "0123456789abcdef"}]},
        {"path": "/drip", "script": [{"fault": "drip", "body": "abcdef",
                                      "drip": {"chunk_bytes": 2, "interval_ms": 150}}]},
        {"method": "POST", "path": "/orders", "script": [{"status": 201, "body": "made", "lose_response": True}]},
        {"path": "/one-at-a-time", "capacity": {"concurrent": 1}, "script": [{"status": 200, "latency_ms": 10}]},
        {"path": "/quick", "script": [{"status": 200}]},
        {"path": "/hang", "capacity": {"concurrent": 1}, "script": [{"fault": "timeout"}]},
    ],
}


def head_and_body(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    return lines[0], headers, body


class Serve:
    def __init__(self):
        self.dir = tempfile.TemporaryDirectory()
        path = os.path.join(self.dir.name, "wire.json")
        with open(path, "w") as f:
            json.dump(SCENARIO, f)
        self.process = subprocess.Popen([CLI, "serve", "--port", "0", "--scenario", path, "--seed", "1"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.port = int(self.process.stdout.readline())

    def connect(self):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        return s

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=10)
        self.dir.cleanup()
        return code


def read_response(s, length_known=True):
    """One whole response with a Content-Length body, or what came before EOF."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            return data
        data += chunk
    _, headers, body = head_and_body(data)
    want = int(headers.get(b"content-length", b"0"))
    while len(body) < want:
        chunk = s.recv(65536)
        if not chunk:
            break
        body += chunk
        data += chunk
    return data


def request(path, method="GET", extra=b"", body=b""):
    return (method.encode() + b" " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra
            + (b"Content-Length: %d\r\n" % len(body) if body else b"") + b"\r\n" + body)


class WireCheck(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.serve = Serve()

    @classmethod
    def tearDownClass(cls):
        assert cls.serve.stop() == 0, "serve must exit 0 on SIGTERM"

    def test_script_steps_in_turn_on_one_kept_alive_connection(self):
        with self.serve.connect() as s:
            s.sendall(request("/items/1"))
            status, headers, body = head_and_body(read_response(s))
            self.assertEqual(status, b"HTTP/1.1 503 Service Unavailable")
            self.assertEqual(headers[b"retry-after"], b"2")
            self.assertEqual(headers[b"content-length"], b"5")
            self.assertIn(b"date", headers)
            self.assertEqual(body, b"busy\n")
            s.sendall(request("/items/2"))
            status, headers, body = head_and_body(read_response(s))
            self.assertEqual(status, b"HTTP/1.1 200 OK")
            self.assertEqual(headers[b"x-shard"], b"7")
            self.assertEqual(body, b"{\"id\":1}")

    def test_timeout_holds_the_connection_open_and_silent(self):
        with self.serve.connect() as s:
            s.sendall(request("/timeout"))
            s.settimeout(0.5)
            with self.assertRaises(socket.timeout):
                s.recv(1)

    def test_reset_and_refused_are_tcp_resets_without_a_byte(self):
        for path in ("/reset", "/refused"):
            with self.serve.connect() as s:
                s.sendall(request(path))
                with self.assertRaises(ConnectionResetError, msg=path):
                    while s.recv(65536):
                        pass

    def test_malformed_writes_a_bad_status_line_then_closes(self):
        with self.serve.connect() as s:
            s.sendall(request("/malformed"))
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            self.assertTrue(data.startswith(b"HTTP/1.1 abc "), data)

    def test_truncated_sends_half_the_promised_body_then_closes(self):
        with self.serve.connect() as s:
            s.sendall(request("/truncated"))
            _, headers, body = head_and_body(read_response(s))
            self.assertEqual(headers[b"content-length"], b"16")
            self.assertEqual(body, b"01234567")

    def test_drip_trickles_the_body_in_chunks(self):
        with self.serve.connect() as s:
            started = time.monotonic()
            s.sendall(request("/drip"))
            _, _, body = head_and_body(read_response(s))
            self.assertEqual(body, b"abcdef")
            # Three 2-byte chunks 150 ms apart: at least two intervals pass.
            self.assertGreaterEqual(time.monotonic() - started, 0.28)

    def test_a_lost_response_is_a_503_and_the_stats_count_the_order(self):
        with self.serve.connect() as s:
            s.sendall(request("/orders", "POST", body=b"{}"))
            status, _, _ = head_and_body(read_response(s))
            self.assertEqual(status, b"HTTP/1.1 503 Service Unavailable")
            s.sendall(request("/__jitterbug/stats"))
            _, _, body = head_and_body(read_response(s))
            stats = json.loads(body)
            orders = [r for r in stats["routes"] if r["path"] == "/orders"][0]
            self.assertEqual(orders["side_effects"], 1)
            self.assertEqual(orders["lost_responses"], 1)

    def test_pipelined_requests_to_a_one_slot_route_each_get_the_slot_in_turn(self):
        with self.serve.connect() as s:
            s.sendall(request("/one-at-a-time") + request("/one-at-a-time") + request("/one-at-a-time"))
            statuses = [head_and_body(read_response(s))[0] for _ in range(3)]
            self.assertEqual(statuses, [b"HTTP/1.1 200 OK"] * 3)

    def test_clients_that_reset_mid_pipeline_leave_no_slot_taken(self):
        import struct
        for _ in range(50):
            s = self.serve.connect()
            s.sendall(request("/quick") + request("/hang"))
            # SO_LINGER 0: close() sends RST, as a crashed client would.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
        time.sleep(0.3)
        with self.serve.connect() as s:
            s.sendall(request("/hang"))
            s.settimeout(0.5)
            # Held, as the scenario says, not refused as over capacity.
            with self.assertRaises(socket.timeout):
                s.recv(1)

    def test_limits_and_garbage_get_their_status_and_a_close(self):
        cases = [
            (request("/items/1", extra=b"X-Big: " + b"a" * (70 * 1024) + b"\r\n"), b"431"),
            (b"POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 11000000\r\n\r\n", b"413"),
            (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n", b"400"),
        ]
        for sent, code in cases:
            with self.serve.connect() as s:
                s.sendall(sent)
                data = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                status, headers, _ = head_and_body(data)
                self.assertEqual(status.split(b" ")[1], code, data[:200])
                self.assertEqual(headers.get(b"connection"), b"close")


if __name__ == "__main__":
    unittest.main(verbosity=2)

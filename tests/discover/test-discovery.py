#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Discovery against real servers, inside the namespace that
run-discover-test.sh made: dnsmasq there, HTTPS and HTTP servers with a
request log and mail servers here.
Usage: test-discovery.py DISCOVER_PROGRAM
       test-discovery.py --serve COMMAND [ARGS...]: the servers only, for
       COMMAND (a UI test), with MAIL_SETUP_CA_FILE, MAIL_SETUP_ISPDB_URL,
       MS_TEST_DNS_LOG and MS_TEST_HTTP_LOG set."""
import http.server
import json
import os
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
import time

DIR = os.environ["MS_TEST_DIR"]
CERTS = os.path.join(DIR, "certs")
CA = os.path.join(CERTS, "ca.pem")
PROGRAM = sys.argv[1] if len(sys.argv) > 1 else None
REQUESTS = []          # every web request: scheme, host, path, query
LOCK = threading.Lock()
# The longest the main loop may be kept from running, time spent waiting
# for a CPU excluded: reading the system's trust list on the main thread
# took 40 ms a connection (280 ms in all) when it happened there.
STALL_MS = 50


def profile(domain, incoming, outgoing, auth="password-cleartext"):
    return ("<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\"><emailProvider id=\"%s\">"
            "<domain>%s</domain><displayName>%s mail</displayName>"
            "<incomingServer type=\"imap\"><hostname>%s</hostname><port>993</port><socketType>SSL</socketType>"
            "<username>%%EMAILADDRESS%%</username><authentication>%s</authentication></incomingServer>"
            "<outgoingServer type=\"smtp\"><hostname>%s</hostname><port>465</port><socketType>SSL</socketType>"
            "<username>%%EMAILADDRESS%%</username><authentication>%s</authentication></outgoingServer>"
            "</emailProvider></clientConfig>\n" % (domain, domain, domain, incoming, auth, outgoing, auth)).encode()


AC = "/mail/config-v1.1.xml"
HUGE = b"<?xml version=\"1.0\"?><clientConfig><emailProvider id=\"huge.test\"><!--" + b"A" * (16 << 20) + b"-->"
# (scheme, host, path) -> (content type, body, delay in seconds)
ROUTES = {
    ("https", "autoconfig.ac.test", AC): ("text/xml", profile("ac.test", "imap.provider-ac.test", "smtp.provider-ac.test"), 0.6),
    ("https", "autoconfig.html.test", AC): ("text/html", b"<!DOCTYPE html><html><body>Welcome to our hosting!</body></html>", 0),
    ("https", "autoconfig.trunc.test", AC): ("text/xml", profile("trunc.test", "imap.x.test", "smtp.x.test")[:200], 0),
    ("https", "autoconfig.huge.test", AC): ("text/xml", HUGE, 0),
    ("http", "autoconfig.httponly.test", AC): ("text/xml", profile("httponly.test", "imap.httponly.test", "smtp.httponly.test"), 0),
    ("https", "autoconfig.oauth.test", AC): ("text/xml", profile("oauth.test", "imap.gmail.com", "smtp.gmail.com", "OAuth2"), 0),
    ("https", "ispdb.test", "/v1.1/isp-b.test"): ("text/xml", profile("isp-b.test", "imap.isp-b.test", "smtp.isp-b.test"), 0),
    ("https", "ispdb.test", "/v1.1/filtered.test"): ("text/xml", profile("filtered.test", "imap.isp-filtered.test", "smtp.isp-filtered.test"), 0),
}


class Web(http.server.BaseHTTPRequestHandler):
    scheme = "http"

    def log_message(self, *args):
        pass

    def do_GET(self):
        host = (self.headers.get("Host") or "").split(":")[0]
        path, _, query = self.path.partition("?")
        with LOCK:
            REQUESTS.append({"scheme": self.scheme, "host": host, "path": path, "query": query})
            with open(os.path.join(DIR, "http.log"), "a") as log:
                log.write(json.dumps(REQUESTS[-1]) + "\n")
        content_type, body, delay = ROUTES.get((self.scheme, host, path), ("text/plain", b"not found", 0))
        if delay:
            time.sleep(delay)
        status = 404 if body == b"not found" else 200
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up, as it should on a huge body


class HttpsWeb(Web):
    scheme = "https"


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def tls_context(name):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(CERTS, name + ".pem"), os.path.join(CERTS, name + "-key.pem"))
    return ctx


class Mail(socketserver.StreamRequestHandler):
    """Just enough IMAP or SMTP for a probe: greeting, capabilities, bye."""

    def handle(self):
        smtp = self.server.server_address[1] in (465, 587)
        try:
            self.wfile.write(b"220 mail ESMTP\r\n" if smtp else b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n")
            for line in self.rfile:
                words = line.decode(errors="replace").split()
                if not words:
                    continue
                if smtp:
                    cmd = words[0].upper()
                    reply = {"EHLO": "250-mail\r\n250 AUTH PLAIN LOGIN\r\n", "QUIT": "221 bye\r\n"}.get(cmd, "502 no\r\n")
                else:
                    tag, cmd = words[0], (words[1].upper() if len(words) > 1 else "")
                    reply = {"CAPABILITY": "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n%s OK done\r\n" % tag,
                             "LOGOUT": "* BYE\r\n%s OK bye\r\n" % tag}.get(cmd, "%s BAD no\r\n" % tag)
                self.wfile.write(reply.encode())
                if cmd in ("QUIT", "LOGOUT"):
                    return
        except (OSError, ssl.SSLError):
            pass


class MailServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, cert):
        super().__init__(address, Mail)
        self.context = tls_context(cert)

    def get_request(self):
        sock, addr = self.socket.accept()
        sock.settimeout(10)
        try:
            return self.context.wrap_socket(sock, server_side=True), addr
        except (OSError, ssl.SSLError):
            sock.close()
            raise


def silent(address):
    """Accepts and never says a word: a host that hangs."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(address)
    s.listen(64)
    held = []
    threading.Thread(target=lambda: [held.append(s.accept()) for _ in iter(int, 1)], daemon=True).start()


def serve(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()


def start_servers():
    https = Server(("127.0.0.1", 443), HttpsWeb)
    https.socket = tls_context("web").wrap_socket(https.socket, server_side=True)
    for s in (https, Server(("127.0.0.1", 80), Web), MailServer(("127.0.0.20", 993), "mail"),
              MailServer(("127.0.0.20", 465), "mail"), MailServer(("127.0.0.21", 993), "other"),
              MailServer(("127.0.0.21", 465), "other")):
        serve(s)
    for port in (443, 80, 993, 465):
        silent(("127.0.0.30", port))


def dns_queries():
    with open(os.path.join(DIR, "dns.log"), errors="replace") as f:
        return [l for l in f if "query[" in l]


def discover(address, *args):
    env = dict(os.environ, MAIL_SETUP_ISPDB_URL="https://ispdb.test/v1.1/")
    start = time.monotonic()
    out = subprocess.run([PROGRAM, "--ca-file", CA, *args, address], capture_output=True, text=True,
                         env=env, timeout=30)
    wall = time.monotonic() - start
    if out.returncode != 0:
        raise AssertionError("exit %d: %s" % (out.returncode, out.stderr[-1000:]))
    data = json.loads(out.stdout)
    data["wall_s"] = wall
    return data


results = []


def check(name, condition, detail=""):
    results.append(condition)
    print("%s %d - %s" % ("ok" if condition else "not ok", len(results), name))
    if not condition:
        print("# " + str(detail).replace("\n", "\n# ")[:3000])


def attempt(result, source):
    return next(a for a in result["sources"] if a["source"] == source)


def main():
    start_servers()
    print("1..32")

    # A slower autoconfig beats faster SRV, MX and guessing: priority, not speed.
    with LOCK:
        REQUESTS.clear()
    d = discover("alice@ac.test")
    r, p = d["result"], d["result"]["proposal"]
    check("autoconfig wins over faster lower sources", p and p["source"] == "autoconfig", r)
    check("... after waiting for it (%d ms)" % r["elapsed_ms"], r["elapsed_ms"] >= 550, r)
    check("... and the faster ones had answered", attempt(r, "srv")["found"] and attempt(r, "guess")["found"], r)
    check("... and its settings are the file's", p and p["incoming"][0]["hostname"] == "imap.provider-ac.test"
          and p["incoming"][0]["username"] == "alice@ac.test", p)
    check("... without confirmation", p and p["needs_confirmation"] is False, p)
    with LOCK:
        sent = [q for q in REQUESTS if "alice" in q["query"] or "alice" in q["path"]]
        own = [q for q in REQUESTS if q["host"] == "autoconfig.ac.test"]
    check("the address goes only to the provider's own autoconfig host, over https",
          len(sent) == 1 and sent[0]["host"] == "autoconfig.ac.test" and sent[0]["scheme"] == "https", REQUESTS)
    check("... and the ISPDB was asked for the domain only",
          any(q["host"] == "ispdb.test" and q["path"] == "/v1.1/ac.test" for q in REQUESTS), REQUESTS)
    check("the main loop never stalls (worst %.1f ms)" % d["worst_stall_ms"], d["worst_stall_ms"] < STALL_MS, d)

    # SRV, with "." for services not offered.
    r = discover("bob@srv.test")["result"]
    p = r["proposal"]
    check("SRV records give the servers", p and p["source"] == "srv", r)
    check("... a \".\" target is not offered", p and [s["port"] for s in p["incoming"]] == [993]
          and [(s["port"], s["security"]) for s in p["outgoing"]] == [(587, "STARTTLS")], p)
    check("... and the user confirms, with the servers' domains in full", p and p["needs_confirmation"]
          and "imap.srvhost.test" in p["domains"] and "smtp.srvhost.test" in p["domains"], p)

    # MX to one of our profiles: a customer's own domain hosted at 3xo.
    r = discover("carol@hosted.test")["result"]
    p = r["proposal"]
    check("MX to a known profile proposes that provider", p and p["source"] == "mx" and p["known_provider"] == "3xo.fr", r)
    check("... with its servers, confirmed, the MX host shown", p and p["incoming"][0]["hostname"] == "mail.3xo.fr"
          and p["needs_confirmation"] and "mx1.3xo.fr" in p["domains"], p)

    # MX to a provider of the ISPDB: the MX host's domain is looked up there.
    with LOCK:
        REQUESTS.clear()
    r = discover("lena@mxisp.test")["result"]
    p = r["proposal"]
    check("MX to an ISPDB provider proposes its servers", p and p["source"] == "mx" and p["known_provider"] is None
          and p["incoming"][0]["hostname"] == "imap.isp-b.test" and "mx1.isp-b.test" in p["domains"], r)
    with LOCK:
        check("... found under the MX host's domain, with the lowest preference",
              any(q["host"] == "ispdb.test" and q["path"] == "/v1.1/isp-b.test" for q in REQUESTS), REQUESTS)

    # Guessing: right-name certificates only.
    r = discover("dave@guess.test")["result"]
    p = r["proposal"]
    check("guessing finds servers whose certificate carries their name", p and p["source"] == "guess"
          and p["incoming"][0]["hostname"] == "imap.guess.test" and p["outgoing"][0]["hostname"] == "smtp.guess.test", r)
    check("... never a host with a wrong-name certificate", p and "mail.guess.test" not in json.dumps(p), p)
    r = discover("erin@wrongcert.test")["result"]
    check("a wrong-name certificate is refused, and said so", r["proposal"] is None
          and "another name" in (attempt(r, "guess")["error"] or ""), r)

    # A filtered host: the answer comes within the bound, by priority.
    d = discover("frank@filtered.test")
    r = d["result"]
    p = r["proposal"]
    check("with a host that hangs, the answer comes from the next source", p and p["source"] == "ispdb", r)
    check("... within the bound (%.2f s)" % d["wall_s"], 3.5 < d["wall_s"] < 6.8, d)
    check("... the hanging source timed out", "did not answer" in (attempt(r, "autoconfig")["error"] or ""), r)
    check("... and the main loop never stalled (worst %.1f ms)" % d["worst_stall_ms"], d["worst_stall_ms"] < STALL_MS, d)
    d = discover("gina@blackhole.test")
    check("when everything hangs, 'not found' within about 6 s (%.2f s)" % d["wall_s"],
          d["result"]["proposal"] is None and d["wall_s"] < 7.0, d)

    # One cancel stops everything at once.
    d = discover("hank@filtered.test", "--cancel-after", "300")
    check("Cancel stops every lookup at once (%.2f s)" % d["wall_s"], d.get("cancelled") and d["wall_s"] < 1.5, d)

    # http only: found, and must be confirmed; the address is not sent in clear.
    with LOCK:
        REQUESTS.clear()
    r = discover("ivan@httponly.test")["result"]
    p = r["proposal"]
    check("http-only autoconfig is found, and needs confirmation", p and p["source"] == "autoconfig-http"
          and p["needs_confirmation"], r)
    with LOCK:
        check("... and the address never travelled in clear",
              not any("ivan" in q["query"] for q in REQUESTS if q["scheme"] == "http"), REQUESTS)

    # Bad answers are skipped, and the next source answers.
    for domain, needle, what in (("html", "web page", "an HTML page"), ("trunc", "malformed", "truncated XML"),
                                 ("huge", "larger than 1 MiB", "a 16 MiB body")):
        r = discover("judy@%s.test" % domain)["result"]
        err = attempt(r, "autoconfig")["error"] or ""
        check("%s is skipped (%s)" % (what, err[:80]), needle in err and r["proposal"]
              and r["proposal"]["source"] == "srv", r)

    # OAuth2-only providers are recognised from their file.
    r = discover("kim@oauth.test")["result"]
    p = r["proposal"]
    check("an OAuth2-only profile says so", p and p["oauth2"] and p["incoming"][0]["authentication"] == "OAuth2", r)

    # A domain of one of our profiles: nothing leaves this machine.
    before = len(dns_queries())
    with LOCK:
        REQUESTS.clear()
    r = discover("test@3xo.fr")["result"]
    check("a profile on this computer answers", r["proposal"] and r["proposal"]["source"] == "local", r)
    with LOCK:
        check("... with no DNS lookup and no web request", len(dns_queries()) == before and not REQUESTS,
              (dns_queries()[before:], REQUESTS))

    return 0 if all(results) else 1


def serve_for(command):
    start_servers()
    env = dict(os.environ, MAIL_SETUP_CA_FILE=CA, MAIL_SETUP_ISPDB_URL="https://ispdb.test/v1.1/",
               MS_TEST_DNS_LOG=os.path.join(DIR, "dns.log"), MS_TEST_HTTP_LOG=os.path.join(DIR, "http.log"))
    return subprocess.run(command, env=env).returncode


if __name__ == "__main__":
    sys.exit(serve_for(sys.argv[2:]) if sys.argv[1] == "--serve" else main())

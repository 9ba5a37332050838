#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs every file of a real ISP database (Thunderbird's, say) through our
profile reader, and checks each choice against a reading of its own, made
here with xml.etree by Thunderbird's rules:

- the first <emailProvider>; its id (any case) and its valid <domain>s;
- per server, in file order: a type we set up (imap, pop3; smtp), the first
  <hostname> (valid, or with a %PLACEHOLDER%), the first <port> (1-65535),
  the first known <socketType> (TLS is SSL), the first usable
  <authentication> ("none" and relays only for SMTP, OAuth2 only for hosts
  a mail program can sign in to); a server missing any of them is skipped;
- the file is refused when a direction has no usable server.

The corpus is not ours to ship: it is read from MAIL_SETUP_ISPDB_DIR, and
the test is skipped without it.  Usage: test-ispdb.py DUMP_PROGRAM"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

OAUTH2_HOSTS = {  # where Thunderbird has an OAuth2 client, subdomains included
    "gmail.com", "googlemail.com", "yahoo.com", "att.net", "aol.com", "office365.com",
    "outlook.com", "hotmail.com", "imap.mail.ru", "smtp.mail.ru", "imap.yandex.com",
    "smtp.yandex.com", "imap.seznam.cz", "smtp.seznam.cz", "pop3.seznam.cz",
    "imap.fastmail.com", "pop.fastmail.com", "smtp.fastmail.com", "imap.comcast.net",
    "pop.comcast.net", "smtp.comcast.net", "thundermail.com",
}
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
PASSWORD = {"password-cleartext": "password-cleartext", "plain": "password-cleartext",
            "password-encrypted": "password-encrypted", "secure": "password-encrypted"}
RELAY = {"none": "none", "client-IP-address": "none", "smtp-after-pop": "none"}
SOCKETS = {"SSL": "SSL", "TLS": "SSL", "STARTTLS": "STARTTLS", "plain": "plain"}


def valid_host(name):
    if "%" in name:
        return True
    name = name.rstrip(".").lower() if name.endswith(".") and name != "." else name.lower()
    try:
        name = name.encode("idna").decode()
    except UnicodeError:
        return False
    return 0 < len(name) <= 253 and all(LABEL.match(l) for l in name.split("."))


def oauth2_known(host):
    parts = host.lower().split(".")
    return "%" not in host and any(".".join(parts[i:]) in OAUTH2_HOSTS for i in range(len(parts)))


def local(tag):
    """Elements in another namespace are others' extensions: ignored."""
    return tag if isinstance(tag, str) and not tag.startswith("{") else None


def first(element, name):
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return None


def read_server(server, incoming):
    kind = server.get("type")
    if kind not in (("imap", "pop3") if incoming else ("smtp",)):
        return None
    host = first(server, "hostname")
    port = first(server, "port")
    if not host or not valid_host(host) or port is None or not re.fullmatch(r"\+?[0-9]+", port) \
            or not 1 <= int(port) <= 65535:
        return None
    socket = next((SOCKETS[c.text.strip()] for c in server
                   if local(c.tag) == "socketType" and (c.text or "").strip() in SOCKETS), None)
    if socket is None:
        return None
    auth = None
    for c in server:
        value = (c.text or "").strip() if local(c.tag) == "authentication" else None
        if value in PASSWORD:
            auth = PASSWORD[value]
        elif value in RELAY and not incoming:
            auth = RELAY[value]
        elif value == "OAuth2" and oauth2_known(host):
            auth = "OAuth2"
        if auth:
            break
    if auth is None:
        return None
    user = first(server, "username")
    return {"type": kind, "hostname": host, "port": int(port), "socketType": socket,
            "authentication": auth, "username": user if user is not None else "%EMAILADDRESS%"}


def read_file(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return None
    if local(root.tag) != "clientConfig":
        return None
    provider = next((c for c in root if local(c.tag) == "emailProvider"), None)
    if provider is None or not provider.get("id"):
        return None
    domains = [d for d in (c.text.strip() for c in provider if local(c.tag) == "domain" and c.text)
               if valid_host(d)]
    servers = {}
    for direction, tag in (("incoming", "incomingServer"), ("outgoing", "outgoingServer")):
        servers[direction] = [s for s in (read_server(c, direction == "incoming")
                                          for c in provider if local(c.tag) == tag) if s]
    if not domains or not servers["incoming"] or not servers["outgoing"]:
        return None
    return {"id": provider.get("id").lower(), **servers}


def main():
    corpus = os.environ.get("MAIL_SETUP_ISPDB_DIR")
    if not corpus or not os.path.isdir(corpus):
        print("1..0 # SKIP MAIL_SETUP_ISPDB_DIR does not name a folder of ISPDB files")
        return 0  # a TAP plan of 0 with SKIP: meson counts exit 77 of a TAP test as an error
    files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if f.endswith(".xml"))
    run = subprocess.run([sys.argv[1]] + files, capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        print("1..1\nnot ok 1 - the reader crashed or failed: %d\n# %s" % (run.returncode, run.stderr[-2000:]))
        return 1
    ours = {r["file"]: r for r in map(json.loads, run.stdout.splitlines())}
    print("1..%d" % (len(files) + 1))
    n = 1
    ok = len(ours) == len(files)
    print("%s %d - one answer per file (%d files)" % ("ok" if ok else "not ok", n, len(files)))
    failed = not ok
    accepted = rejected = with_notes = oauth2 = 0
    reasons = {}
    for path in files:
        n += 1
        mine, theirs = read_file(path), ours.get(path, {})
        name = os.path.basename(path)
        if theirs.get("accepted"):
            accepted += 1
            with_notes += bool(theirs["notes"])
            oauth2 += theirs["oauth2"]
            got = {"id": theirs["id"], "incoming": theirs["incoming"], "outgoing": theirs["outgoing"]}
        else:
            rejected += 1
            got = None
            reason = theirs.get("error", "?").split(": ", 1)[-1]
            reasons.setdefault(reason, []).append(name)
        if got == mine:
            print("ok %d - %s" % (n, name))
        else:
            failed = True
            print("not ok %d - %s\n# reader:      %s\n# independent: %s" % (n, name, json.dumps(got), json.dumps(mine)))
    print("# %d files: %d accepted (%d with skipped servers, %d signing in with OAuth2), %d refused"
          % (len(files), accepted, with_notes, oauth2, rejected))
    for reason, names in sorted(reasons.items()):
        print("# refused (%d): %s [%s]" % (len(names), reason, ", ".join(names)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

# A FIT-Connect destination for the tests, with the submission service in front of it: the
# parts of the Submission API v1 a sender uses (as FITKO's test SDK `fitconnect` calls them),
# the OAuth token endpoint (client credentials), the event log as Security Event Tokens signed
# PS512, and the destination's side: it holds the private key, decrypts what arrives with
# jwcrypto, checks the metadata against FITKO's published schema 1.0.0, every hash, and the
# data against its own data schema, then accepts or rejects with problem details (RFC 7807).
# Its one business rule: it registers only dwellings in its own postcodes (08393, 08396).
# Test support only, never part of the product.
#
# Usage: python fit_connect_destination.py DESTINATION_ID PRIVATE_JWK_FILE DATA_SCHEMA_FILE
# Prints "port N" once it listens on 127.0.0.1; GET /received lists what it decided.
import hashlib
import importlib.resources
import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import jsonschema
from jwcrypto import jwe, jwk, jws

DESTINATION, KEY_FILE, SCHEMA_FILE = sys.argv[1:4]
CLIENT = ("buergerkoffer", "geheim")
TOKEN = str(uuid.uuid4())
EVENTS = "https://schema.fitko.de/fit-connect/events/"
PRIVATE = jwk.JWK.from_json(open(KEY_FILE).read())
DATA_SCHEMA = json.load(open(SCHEMA_FILE))
METADATA_SCHEMA = json.loads(importlib.resources.files("fitconnect")
                             .joinpath("schema/metadata.schema.v1.0.0.json").read_text())
SIGNING = jwk.JWK.generate(kty="RSA", size=4096, kid="zustelldienst-1", alg="PS512", use="sig")
lock = threading.Lock()
submissions = {}  # submission id -> {...}
event_log = {}  # case id -> [SET]
received = []  # what the destination decided, for the test to read


def set_token(case_id, submission_id, event, body):
    claims = {"jti": str(uuid.uuid4()), "iss": "http://zustelldienst.test", "iat": int(time.time()),
              "sub": f"submission:{submission_id}", "txn": f"case:{case_id}",
              "events": {EVENTS + event: body}}
    token = jws.JWS(json.dumps(claims))
    token.add_signature(SIGNING, alg="PS512", protected=json.dumps(
        {"alg": "PS512", "typ": "secevent+jwt", "kid": SIGNING.key_id}))
    return token.serialize(compact=True)


def open_jwe(compact):
    token = jwe.JWE()
    token.deserialize(compact, key=PRIVATE)
    return token.payload


def problem(title, detail):
    return {"type": "https://schema.fitko.de/fit-connect/events/problems/" + title.lower().replace(" ", "-"),
            "title": title, "detail": detail, "instance": "submission"}


def decide(submission):
    """The destination's side: everything decrypted and checked, then accepted or rejected."""
    problems = []
    try:
        metadata = json.loads(open_jwe(submission["encryptedMetadata"]))
        data_bytes = open_jwe(submission["encryptedData"])
        data = json.loads(data_bytes)
        parts = {aid: open_jwe(part) for aid, part in submission["attachments"].items()}
    except Exception as error:  # anything that does not decrypt is a problem of its own
        return None, [problem("Entschluesselung", f"nicht lesbar: {error}")]
    validator = jsonschema.Draft202012Validator(
        METADATA_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    problems += [problem("Metadaten", e.message) for e in validator.iter_errors(metadata)]
    content = metadata.get("contentStructure", {})
    if content.get("data", {}).get("hash", {}).get("content") != hashlib.sha512(data_bytes).hexdigest():
        problems.append(problem("Hashwert", "Die Fachdaten passen nicht zu ihrem Hashwert."))
    described = {a["attachmentId"]: a for a in content.get("attachments", [])}
    for aid in submission["announced"]:
        if aid not in parts:
            problems.append(problem("Anlage fehlt", f"Anlage {aid} wurde angekündigt, nicht geliefert."))
        elif described.get(aid, {}).get("hash", {}).get("content") != hashlib.sha512(parts[aid]).hexdigest():
            problems.append(problem("Hashwert", f"Anlage {aid} passt nicht zu ihrem Hashwert."))
    problems += [problem("Fachdaten", e.message)
                 for e in jsonschema.Draft202012Validator(DATA_SCHEMA).iter_errors(data)]
    postcode = data.get("values", {}).get("new_address.postcode")
    if not problems and postcode not in ("08393", "08396"):
        problems.append(problem("Zustaendigkeit",
                                f"Die neue Wohnung (PLZ {postcode}) liegt nicht im Gebiet dieser Meldebehörde."))
    summary = {"metadata": metadata, "data": data,
               "attachments": {aid: {"sha512": hashlib.sha512(b).hexdigest(),
                                     "filename": described.get(aid, {}).get("filename")}
                               for aid, b in parts.items()}}
    return summary, problems


class Api(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=None, kind="application/json"):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("content-type", kind)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        return self.rfile.read(int(self.headers.get("content-length", 0)))

    def authorized(self):
        if self.headers.get("authorization") != f"Bearer {TOKEN}":
            self.answer(401, {"error": "invalid_token"})
            return False
        return True

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/.well-known/jwks.json":
            return self.answer(200, {"keys": [SIGNING.export_public(as_dict=True)]})
        if path == "/received":
            with lock:
                return self.answer(200, received)
        if not self.authorized():
            return
        parts = path.strip("/").split("/")
        if parts[:2] == ["v1", "cases"] and len(parts) == 4 and parts[3] == "events":
            with lock:
                return self.answer(200, {"eventLog": event_log.get(parts[2], [])})
        self.answer(404, problem("Nicht gefunden", path))

    def do_POST(self):
        if self.path == "/token":
            form = parse_qs(self.body().decode())
            given = (form.get("client_id", [""])[0], form.get("client_secret", [""])[0])
            if form.get("grant_type") != ["client_credentials"] or given != CLIENT:
                return self.answer(401, {"error": "invalid_client"})
            return self.answer(200, {"access_token": TOKEN, "token_type": "Bearer", "expires_in": 1800})
        if not self.authorized():
            return
        if self.path != "/v1/submissions":
            return self.answer(404, problem("Nicht gefunden", self.path))
        request = json.loads(self.body())
        if request.get("destinationId") != DESTINATION:
            return self.answer(404, problem("Zustellpunkt unbekannt", request.get("destinationId")))
        submission_id, case_id = str(uuid.uuid4()), str(uuid.uuid4())
        with lock:
            submissions[submission_id] = {"case": case_id, "announced": request.get("announcedAttachments", []),
                                          "service": request.get("serviceType", {}), "attachments": {}}
            event_log[case_id] = [set_token(case_id, submission_id, "create-submission", {})]
        self.answer(201, {"destinationId": DESTINATION, "submissionId": submission_id, "caseId": case_id})

    def do_PUT(self):
        if not self.authorized():
            return
        parts = self.path.strip("/").split("/")
        with lock:
            submission = submissions.get(parts[2]) if parts[:2] == ["v1", "submissions"] and len(parts) > 2 else None
        if submission is None:
            return self.answer(404, problem("Einreichung unbekannt", self.path))
        if len(parts) == 5 and parts[3] == "attachments":
            if parts[4] not in submission["announced"]:
                return self.answer(404, problem("Anlage nicht angekündigt", parts[4]))
            if self.headers.get("content-type") != "application/jose":
                return self.answer(415, problem("Falscher Typ", self.headers.get("content-type")))
            submission["attachments"][parts[4]] = self.body().decode()
            return self.answer(204)
        body = json.loads(self.body())
        submission.update(encryptedMetadata=body["encryptedMetadata"], encryptedData=body["encryptedData"])
        summary, problems = decide(submission)
        with lock:
            log = event_log[submission["case"]]
            log.append(set_token(submission["case"], parts[2], "submit-submission", {}))
            if problems:
                log.append(set_token(submission["case"], parts[2], "reject-submission", {"problems": problems}))
            else:
                log.append(set_token(submission["case"], parts[2], "accept-submission", {}))
            received.append({"submissionId": parts[2], "service": submission["service"],
                             "accepted": not problems, "problems": problems, **(summary or {})})
        self.answer(202, {"destinationId": DESTINATION, "submissionId": parts[2], "caseId": submission["case"]})


server = ThreadingHTTPServer(("127.0.0.1", 0), Api)
print(f"port {server.server_address[1]}", flush=True)
server.serve_forever()

"""The CDS Hooks 2.0 service (`sorewhy serve`, optional extra ``[server]``):
FastAPI on uvicorn.

- ``GET /cds-services``: discovery (engine/fhir/cds.py);
- ``POST /cds-services/sorewhy-patient-view`` and ``.../sorewhy-order-select``:
  the hooks; the patient's record comes in the prefetch (sorewhy never
  queries the FHIR server itself), so a missing prefetch that matters is a
  412 with an OperationOutcome;
- ``POST /cds-services/{id}/feedback``: each outcome appended to a JSON Lines log;
- ``GET /questionnaire``: sorewhy's Questionnaire, what a card's link opens.

Every hook and feedback call is authenticated with the CDS Hooks JWT (a
bearer token signed by an allowed issuer, checked against that issuer's
JWKS, its ``aud`` the endpoint called); ``insecure_dev`` turns that off and
`sorewhy serve` then refuses any address but the loopback one.

Endpoints are ``async`` and evaluate on the event loop's one thread: the
evaluator is not thread-safe and an evaluation takes milliseconds. (No
``from __future__ import annotations`` here: FastAPI reads the endpoints'
annotations, ``Request`` among them, when they are defined.)
"""


import datetime as dt
import json
import threading
import time
import urllib.request
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sorewhy.errors import printable

LOOPBACK = ("127.0.0.1", "localhost", "::1")
ALGORITHMS = ("ES384", "RS384", "ES256", "RS256", "ES512", "RS512")
"""Signature algorithms accepted (CDS Hooks asks for ES384 and RS384)."""
LEEWAY_SECONDS = 30
MAX_BODY_BYTES = 8 << 20


@dataclass
class ServiceConfig:
    """How the service runs."""

    issuers: dict[str, str] = field(default_factory=dict)
    """Allowed issuer (``iss``) -> its JWKS: an https URL, or a file."""
    insecure_dev: bool = False
    """No authentication at all (development on this machine only)."""
    feedback_log: Path = Path("sorewhy-feedback.jsonl")
    interview_url: str | None = None
    """Where a card's link sends the clinician for the questions the record
    cannot answer (default: this service's ``/questionnaire``)."""
    audience: str | None = None
    """The public base URL clients call (``https://cds.example.org``) when it
    is not the URL the request arrived at (behind a proxy)."""
    as_of: dt.date | None = None
    """The date ages are worked out at (default: today)."""


class AuthError(Exception):
    """A request whose JWT is missing or refused; the message says why."""


class PrefetchError(Exception):
    """A prefetch that does not give the patient the request names (a 412)."""


def outcome(code: str, diagnostics: str, severity: str = "error") -> dict[str, Any]:
    """A FHIR OperationOutcome with one issue."""
    return {"resourceType": "OperationOutcome",
            "issue": [{"severity": severity, "code": code, "diagnostics": printable(diagnostics, 400)}]}


class JwtVerifier:
    """Checks CDS Hooks JWTs against the configured issuers' JWKS."""

    def __init__(self, issuers: Mapping[str, str]) -> None:
        self.issuers = dict(issuers)
        self._keys: dict[str, Any] = {}
        self._seen: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._lock = threading.Lock()

    def _jwks(self, iss: str, refresh: bool = False) -> Any:
        import jwt

        if refresh or iss not in self._keys:
            where = self.issuers[iss]
            try:
                if where.startswith("https://") or where.startswith("http://"):
                    with urllib.request.urlopen(where, timeout=5) as response:  # noqa: S310 - a configured JWKS URL
                        data = json.loads(response.read(1 << 20))
                else:
                    data = json.loads(Path(where).read_text(encoding="utf-8"))
                self._keys[iss] = jwt.PyJWKSet.from_dict(data)
            except (OSError, ValueError, jwt.PyJWTError) as exc:
                raise AuthError(f"the JWKS of issuer {iss!r} cannot be read: {exc}") from None
        return self._keys[iss]

    def _key(self, iss: str, kid: str | None) -> Any:
        for refresh in (False, True):
            keys = self._jwks(iss, refresh).keys
            if kid is None and len(keys) == 1:
                return keys[0]
            for key in keys:
                if key.key_id == kid:
                    return key
        raise AuthError(f"no key {kid!r} in the JWKS of issuer {iss!r}")

    def verify(self, token: str, audience: list[str]) -> dict[str, Any]:
        """The token's claims, or :class:`AuthError`."""
        import jwt

        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise AuthError(f"not a JWT: {exc}") from None
        iss = unverified.get("iss")
        if not isinstance(iss, str) or iss not in self.issuers:
            raise AuthError(f"issuer {printable(str(iss), 80)!r} is not allowed")
        alg = header.get("alg")
        if alg not in ALGORITHMS:
            raise AuthError(f"algorithm {printable(str(alg), 20)!r} is not accepted")
        key = self._key(iss, header.get("kid"))
        try:
            claims = jwt.decode(token, key=key.key, algorithms=[alg], audience=audience, issuer=iss,
                                leeway=LEEWAY_SECONDS, options={"require": ["iss", "aud", "exp", "iat", "jti"]})
        except jwt.PyJWTError as exc:
            raise AuthError(f"JWT refused: {exc}") from None
        with self._lock:
            now = time.time()
            while self._seen and next(iter(self._seen.values())) < now - LEEWAY_SECONDS:
                self._seen.popitem(last=False)
            jti = (iss, str(claims["jti"]))
            if jti in self._seen:
                raise AuthError("JWT refused: its jti was already used")
            self._seen[jti] = float(claims["exp"])
        return claims


def create_app(config: ServiceConfig) -> Any:
    """The FastAPI application."""
    from fastapi import FastAPI, Request
    from fastapi.middleware.cors import CORSMiddleware
    from fastapi.responses import JSONResponse

    from sorewhy.engine.api import default_evaluator
    from sorewhy.engine.fhir import cds
    from sorewhy.engine.fhir.questionnaire import questionnaire

    app = FastAPI(title="sorewhy CDS Hooks service", docs_url=None, redoc_url=None, openapi_url=None)
    # The CDS Hooks sandbox and record systems call from a browser.
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                       allow_headers=["Authorization", "Content-Type"])
    verifier = JwtVerifier(config.issuers)
    evaluator = default_evaluator()
    discovery = cds.services()
    questions = questionnaire()
    hooks = {cds.PATIENT_VIEW: "patient-view", cds.ORDER_SELECT: "order-select"}

    def error(status: int, code: str, diagnostics: str) -> JSONResponse:
        return JSONResponse(outcome(code, diagnostics), status_code=status,
                            media_type="application/fhir+json" if status != 401 else "application/json")

    def authenticate(request: Request) -> dict[str, Any] | None:
        if config.insecure_dev:
            return None
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("bearer "):
            raise AuthError("no bearer token (CDS Hooks JWT) in the Authorization header")
        endpoint = str(request.url).split("?", 1)[0].rstrip("/")
        audience = [endpoint]
        if config.audience:
            audience.append(config.audience.rstrip("/") + request.url.path.rstrip("/"))
        if endpoint.endswith("/feedback"):
            audience += [a.removesuffix("/feedback") for a in audience]  # the service's URL, as the client knows it
        return verifier.verify(header[7:].strip(), audience)

    async def body_of(request: Request) -> Any:
        raw = await request.body()
        if len(raw) > MAX_BODY_BYTES:
            raise ValueError(f"a request body larger than {MAX_BODY_BYTES >> 20} MiB")
        return json.loads(raw)

    @app.get("/cds-services")
    async def discover() -> Any:
        return discovery

    @app.get("/questionnaire")
    async def get_questionnaire() -> Any:
        return JSONResponse(questions, media_type="application/fhir+json")

    @app.post("/cds-services/{service_id}")
    async def call(service_id: str, request: Request) -> Any:
        if service_id not in hooks:
            return error(404, "not-found", f"no CDS service {printable(service_id, 60)!r}; see /cds-services")
        try:
            authenticate(request)
        except AuthError as exc:
            return error(401, "security", str(exc))
        try:
            body = await body_of(request)
        except (ValueError, RecursionError) as exc:
            return error(400, "invalid", f"the request is not JSON: {exc}")
        problem = _request_problem(body, hooks[service_id])
        if problem is not None:
            return error(400, "invalid", problem)
        prefetch = body.get("prefetch")
        prefetch = prefetch if isinstance(prefetch, dict) else {}
        missing = [k for k in cds.RECORD_PREFETCH if k not in prefetch]
        if prefetch.get("patient") is None and "patient" not in missing:
            missing.insert(0, "patient")
        if missing:
            return error(412, "incomplete", f"prefetch missing: {', '.join(missing)}; sorewhy reads the record "
                         "only from the prefetch (see the templates at /cds-services) and does not query the "
                         "FHIR server")
        base = str(request.base_url).rstrip("/")
        interview = config.interview_url or f"{base}/questionnaire"
        try:
            return _cards(body, prefetch, service_id, evaluator, interview, config.as_of or dt.date.today())
        except PrefetchError as exc:
            return error(412, "incomplete", str(exc))

    @app.post("/cds-services/{service_id}/feedback")
    async def feedback(service_id: str, request: Request) -> Any:
        if service_id not in hooks:
            return error(404, "not-found", f"no CDS service {printable(service_id, 60)!r}")
        try:
            claims = authenticate(request)
        except AuthError as exc:
            return error(401, "security", str(exc))
        try:
            body = await body_of(request)
        except (ValueError, RecursionError) as exc:
            return error(400, "invalid", f"the request is not JSON: {exc}")
        items = body.get("feedback") if isinstance(body, dict) else None
        if not isinstance(items, list) or not items:
            return error(400, "invalid", "expected {\"feedback\": [...]} with at least one item")
        for n, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("card"), str) \
                    or item.get("outcome") not in ("accepted", "overridden"):
                return error(400, "invalid", f"feedback[{n}]: expected a card uuid and an outcome "
                             "'accepted' or 'overridden'")
        received = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        lines = "".join(json.dumps({"received": received, "service": service_id,
                                    "iss": (claims or {}).get("iss"), **item}, ensure_ascii=False) + "\n"
                        for item in items)
        with open(config.feedback_log, "a", encoding="utf-8") as log:
            log.write(lines)
        return {}

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Any:  # pragma: no cover - a bug
        return error(500, "exception", f"internal error (a bug in sorewhy): {type(exc).__name__}")

    return app


def _request_problem(body: Any, hook: str) -> str | None:
    if not isinstance(body, dict):
        return "expected a JSON object (a CDS Hooks request)"
    if body.get("hook") != hook:
        return f"this service answers the hook {hook!r}, the request names {printable(str(body.get('hook')), 40)!r}"
    context = body.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("patientId"), str) or not context["patientId"]:
        return "context.patientId is missing"
    if body.get("prefetch") is not None and not isinstance(body.get("prefetch"), dict):
        return "prefetch must be an object"
    if hook == "order-select":
        draft = context.get("draftOrders")
        if not isinstance(draft, dict) or draft.get("resourceType") != "Bundle":
            return "context.draftOrders must be a Bundle"
    return None


def _cards(body: dict[str, Any], prefetch: dict[str, Any], service_id: str, evaluator: Any, interview: str,
           as_of: dt.date) -> dict[str, Any]:
    from sorewhy.engine.batch import entry_error_report
    from sorewhy.engine.fhir import cds
    from sorewhy.engine.fhir.reader import Located, medicine_names, read_fhir
    from sorewhy.engine.loaders import patient_entry

    context = body["context"]
    patient_id = context["patientId"]
    ordered: list[str] = []
    names: list[str] = []
    if service_id == cds.ORDER_SELECT:
        selections = context.get("selections")
        entries = context["draftOrders"].get("entry") or []
        drafts: list[Any] = [e.get("resource") for e in entries if isinstance(e, dict)]
        if isinstance(selections, list) and selections:
            chosen = {s for s in selections if isinstance(s, str)}
            picked = [r for r in drafts if isinstance(r, dict) and f"{r.get('resourceType')}/{r.get('id')}" in chosen]
            drafts = picked or drafts
        names = medicine_names(drafts)
        ordered = cds.ordered_classes(names)
        if not ordered:
            return {"cards": []}
    items = [Located(value, f"prefetch.{key}") for key, value in prefetch.items()
             if value is not None and key in (*cds.RECORD_PREFETCH, *cds.OPTIONAL_PREFETCH)]
    read = read_fhir(items, "prefetch", as_of)
    patient = next((p for p in read.patients if p.pid == patient_id), None)
    if patient is None:
        raise PrefetchError(f"prefetch.patient is not Patient/{printable(patient_id, 64)}"
                            + (f" ({read.warnings[0]})" if read.warnings else ""))
    if names:
        patient.facts["medications"] = [*patient.facts.get("medications", []),
                                        *[n for n in names if n not in patient.facts.get("medications", [])]]
    entry = patient_entry("prefetch", 1, patient)
    if entry.profile is not None:
        report = dict(evaluator.run(entry.profile, patient_id).report)
    else:
        report = dict(entry_error_report(entry))
    report["not_read"] = patient.not_read
    prefix = f"With the {' and '.join(ordered)} ordered: " if ordered else ""
    return {"cards": [cds.card(report, interview, ordered, prefix)]}


def serve(config: ServiceConfig, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Run the service with uvicorn until it is stopped."""
    import uvicorn

    if config.insecure_dev and host not in LOOPBACK:
        raise ValueError(f"--insecure-dev serves without authentication and binds only to this machine "
                         f"({', '.join(LOOPBACK)}), not {host!r}")
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")


__all__ = ["JwtVerifier", "ServiceConfig", "create_app", "outcome", "serve"]

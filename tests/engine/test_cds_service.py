"""The CDS Hooks 2.0 service (#24), tested as a client meets it: a real
uvicorn server on 127.0.0.1 (a free port), called with a real HTTP client.
Discovery, both hooks, prefetch given and missing (412), feedback, the JWT
accepted and refused; every card is validated against the card schema
written from the specification (tests/data/cds_hooks_card.schema.json)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from extras import need

need("fhir.resources.R4B", "server")
need("fastapi", "server")
need("uvicorn", "server")
jwt = need("jwt", "server")
httpx = need("httpx", "test")
jsonschema = need("jsonschema", "test")

from click.testing import CliRunner  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from fhir.resources.R4B.operationoutcome import OperationOutcome  # noqa: E402
from fhir_build import AS_OF, observation, resources_of  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from safety.strategies import RED_FLAGS, examples, profiles, with_facts  # noqa: E402
from safety.wording import problems  # noqa: E402

from sorewhy.cli.main import cli  # noqa: E402
from sorewhy.engine.fhir import cds  # noqa: E402
from sorewhy.engine.fhir.service import ServiceConfig, create_app  # noqa: E402
from sorewhy.engine.provenance import rule_base_stamp  # noqa: E402

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "data" / "cds_hooks_card.schema.json")
                    .read_text(encoding="utf-8"))
ISSUER = "https://ehr.example.org"
KID = "ehr-key-1"


def _jwk(private: Any, kid: str) -> dict[str, Any]:
    data = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(private.public_key()))
    return {**data, "kid": kid, "alg": "ES384", "use": "sig"}


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    private = ec.generate_private_key(ec.SECP384R1())
    folder = tmp_path_factory.mktemp("jwks")
    jwks = folder / "jwks.json"
    jwks.write_text(json.dumps({"keys": [_jwk(private, KID)]}), encoding="utf-8")
    return private, str(jwks), folder


class _Server:
    def __init__(self, config: ServiceConfig) -> None:
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=0,
                                                    log_level="error", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.client = httpx.Client(base_url=self.base, timeout=30)

    def stop(self) -> None:
        self.client.close()
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(keys):
    _, jwks, folder = keys
    config = ServiceConfig(issuers={ISSUER: jwks}, feedback_log=folder / "feedback.jsonl", as_of=AS_OF)
    running = _Server(config)
    running.log = config.feedback_log
    yield running
    running.stop()


def token(server: _Server, private: Any, service: str, *, iss: str = ISSUER, aud: str | None = None,
          expires_in: int = 300, kid: str = KID) -> str:
    now = int(time.time())
    claims = {"iss": iss, "sub": "client-1", "aud": aud or f"{server.base}/cds-services/{service}",
              "iat": now, "exp": now + expires_in, "jti": str(uuid.uuid4())}
    return jwt.encode(claims, private, algorithm="ES384", headers={"kid": kid, "typ": "JWT"})


def call(server: _Server, keys: Any, service: str, body: Any, **claims: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token(server, keys[0], service, **claims)}"}
    return server.client.post(f"/cds-services/{service}", json=body, headers=headers)


def searchset(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in resources]}


def prefetch_of(facts: dict[str, Any], pid: str = "p1") -> dict[str, Any]:
    """The prefetch a CDS client would send for a person described by `facts`."""
    resources = resources_of(facts, pid)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in resources:
        by_type.setdefault(r["resourceType"], []).append(r)
    return {"patient": by_type["Patient"][0],
            "observations": searchset(by_type.get("Observation", [])),
            "medicationRequests": None,
            "medicationStatements": searchset(by_type.get("MedicationStatement", [])),
            "conditions": searchset(by_type.get("Condition", [])),
            "answers": searchset(by_type.get("QuestionnaireResponse", []))}


def hook_body(hook: str, prefetch: dict[str, Any] | None, pid: str = "p1", **context: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"hook": hook, "hookInstance": str(uuid.uuid4()), "fhirServer": "https://ehr.example.org/fhir",
                            "context": {"userId": "Practitioner/dr-1", "patientId": pid, **context}}
    if prefetch is not None:
        body["prefetch"] = prefetch
    return body


def check_cards(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    data = response.json()
    jsonschema.validate(data, SCHEMA)
    stamp = rule_base_stamp()
    for card in data["cards"]:
        assert stamp["version"] in card["source"]["label"] and stamp["sha256"][:12] in card["source"]["label"]
        assert "This is not medical advice." in card["detail"]
        assert card["overrideReasons"]
        for text in (card["summary"], card["detail"], *(link["label"] for link in card.get("links", []))):
            assert problems(text, statement=False) == [], text
    return data["cards"]


CRAMPS_ON_DIURETIC = {"age": 70, "sex": "female", "medications": ["hydrochlorothiazide"],
                      "symptoms": ["cramps", "weakness"], "locations": ["calves"], "timing": ["night"],
                      "labs": {"potassium_mmol_l": 3.2}}


def test_cds_discovery_lists_both_hooks_with_their_prefetch(server):
    response = server.client.get("/cds-services")
    assert response.status_code == 200
    services = {s["id"]: s for s in response.json()["services"]}
    assert {s["hook"] for s in services.values()} == {"patient-view", "order-select"}
    for service in services.values():
        assert service["description"] and set(cds.RECORD_PREFETCH) <= set(service["prefetch"])
        assert "{{context.patientId}}" in service["prefetch"]["patient"]
    assert "http://loinc.org|2823-3" in services[cds.PATIENT_VIEW]["prefetch"]["observations"]


def test_cds_patient_view_gives_a_card_from_the_prefetch(server, keys):
    response = call(server, keys, cds.PATIENT_VIEW, hook_body("patient-view", prefetch_of(CRAMPS_ON_DIURETIC)))
    [card] = check_cards(response)
    assert card["indicator"] in ("warning", "critical")
    assert "potassium" in card["summary"].lower()
    assert "Leading findings" in card["detail"] and "thiazide" in card["detail"]
    assert card["links"][0]["type"] == "absolute" and card["links"][0]["url"].startswith(server.base)
    assert "hydrochlorothiazide" not in card["detail"]  # medicines are named by class only


def test_cds_missing_prefetch_is_412_with_an_operation_outcome(server, keys):
    for prefetch in (None, {k: v for k, v in prefetch_of(CRAMPS_ON_DIURETIC).items() if k != "medicationStatements"},
                     {**prefetch_of(CRAMPS_ON_DIURETIC), "patient": None},
                     {**prefetch_of(CRAMPS_ON_DIURETIC), "patient": {"resourceType": "Patient", "id": "someone-else"}}):
        response = call(server, keys, cds.PATIENT_VIEW, hook_body("patient-view", prefetch))
        assert response.status_code == 412, response.text
        OperationOutcome.model_validate(response.json())
        assert "prefetch" in response.json()["issue"][0]["diagnostics"]


def test_cds_bad_requests_are_400_or_404_with_an_operation_outcome(server, keys):
    bad = [(cds.PATIENT_VIEW, {"hook": "patient-view"}), (cds.PATIENT_VIEW, [1, 2]),
           (cds.PATIENT_VIEW, hook_body("order-select", prefetch_of({}))),
           (cds.ORDER_SELECT, hook_body("order-select", prefetch_of({}))),
           ("no-such-service", hook_body("patient-view", prefetch_of({})))]
    for service, body in bad:
        response = call(server, keys, service, body)
        assert response.status_code in (400, 404), (body, response.text)
        OperationOutcome.model_validate(response.json())


def _draft(rid: str, concept: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "MedicationRequest", "id": rid, "status": "draft", "intent": "proposal",
            "subject": {"reference": "Patient/p1"}, "medicationCodeableConcept": concept}


def test_cds_order_select_answers_a_statin_order_and_not_others(server, keys):
    facts = {"age": 60, "symptoms": ["aches", "weakness"], "locations": ["thighs"]}
    statin = _draft("rx-1", {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "617310",
                                         "display": "atorvastatin 20 MG Oral Tablet"}]})
    other = _draft("rx-2", {"text": "amoxicillin 500mg capsules"})
    body = hook_body("order-select", prefetch_of(facts), selections=["MedicationRequest/rx-1"],
                     draftOrders=searchset([statin, other]))
    [card] = check_cards(call(server, keys, cds.ORDER_SELECT, body))
    assert card["summary"].startswith("With the statin ordered")
    assert "20 MG" not in card["detail"] and "Oral Tablet" not in card["detail"]
    body = hook_body("order-select", prefetch_of(facts), selections=["MedicationRequest/rx-2"],
                     draftOrders=searchset([statin, other]))
    assert check_cards(call(server, keys, cds.ORDER_SELECT, body)) == []


@pytest.mark.parametrize("ordered", ["furosemide", "omeprazole", "prednisolone", "isoniazid", "bendroflumethiazide"])
def test_cds_order_select_answers_each_class_it_names(server, keys, ordered):
    body = hook_body("order-select", prefetch_of({"symptoms": ["cramps"]}),
                     draftOrders=searchset([_draft("rx", {"text": ordered})]))
    [card] = check_cards(call(server, keys, cds.ORDER_SELECT, body))
    assert card["summary"].startswith("With the ")


def test_cds_feedback_is_logged(server, keys):
    item = {"card": str(uuid.uuid4()), "outcome": "overridden", "outcomeTimestamp": "2025-06-30T10:00:00Z",
            "overrideReason": {"reason": {"system": cds.OVERRIDE_SYSTEM, "code": "already-assessed"},
                               "userComment": "seen last week"}}
    headers = {"Authorization": f"Bearer {token(server, keys[0], cds.PATIENT_VIEW + '/feedback')}"}
    response = server.client.post(f"/cds-services/{cds.PATIENT_VIEW}/feedback", json={"feedback": [item]},
                                  headers=headers)
    assert response.status_code == 200, response.text
    logged = [json.loads(line) for line in server.log.read_text(encoding="utf-8").splitlines()]
    assert logged[-1]["card"] == item["card"] and logged[-1]["iss"] == ISSUER
    assert logged[-1]["service"] == cds.PATIENT_VIEW
    headers = {"Authorization": f"Bearer {token(server, keys[0], cds.PATIENT_VIEW + '/feedback')}"}
    bad = server.client.post(f"/cds-services/{cds.PATIENT_VIEW}/feedback", json={"feedback": [{"card": 1}]},
                             headers=headers)
    assert bad.status_code == 400


def test_cds_jwt_refused_when_wrong(server, keys):
    body = hook_body("patient-view", prefetch_of(CRAMPS_ON_DIURETIC))
    url = f"/cds-services/{cds.PATIENT_VIEW}"
    assert server.client.post(url, json=body).status_code == 401  # no token
    other_key = ec.generate_private_key(ec.SECP384R1())
    refused = {
        "wrong audience": token(server, keys[0], cds.PATIENT_VIEW, aud="https://elsewhere.example.org/cds-services/x"),
        "expired": token(server, keys[0], cds.PATIENT_VIEW, expires_in=-120),
        "unknown issuer": token(server, keys[0], cds.PATIENT_VIEW, iss="https://intruder.example.org"),
        "unknown key": token(server, other_key, cds.PATIENT_VIEW, kid="other"),
        "wrong signature": token(server, other_key, cds.PATIENT_VIEW),
    }
    for why, jwt_text in refused.items():
        response = server.client.post(url, json=body, headers={"Authorization": f"Bearer {jwt_text}"})
        assert response.status_code == 401, why
        OperationOutcome.model_validate(response.json())
    accepted = token(server, keys[0], cds.PATIENT_VIEW)
    assert server.client.post(url, json=body, headers={"Authorization": f"Bearer {accepted}"}).status_code == 200
    replayed = server.client.post(url, json=body, headers={"Authorization": f"Bearer {accepted}"})
    assert replayed.status_code == 401 and "jti" in replayed.json()["issue"][0]["diagnostics"]


@pytest.mark.parametrize(("name", "flag"), RED_FLAGS, ids=[n for n, _ in RED_FLAGS])
def test_cds_red_flag_gives_a_critical_card(server, keys, name, flag):
    facts = with_facts({"age": 35, "medications": ["omeprazole"], "labs": {"potassium_mmol_l": 4.2}}, flag)
    [card] = check_cards(call(server, keys, cds.PATIENT_VIEW, hook_body("patient-view", prefetch_of(facts))))
    assert card["indicator"] == "critical", name


@examples(25)
@given(profiles(), st.sampled_from(sorted(RED_FLAGS)))
def test_cds_red_flag_is_critical_whatever_else_is_known(server, keys, facts, red_flag):
    facts = with_facts(facts, red_flag[1])
    [card] = check_cards(call(server, keys, cds.PATIENT_VIEW, hook_body("patient-view", prefetch_of(facts))))
    assert card["indicator"] == "critical"


_MUTATIONS = st.sampled_from(["none", "drop_key", "junk_entry", "bad_type", "string_value", "wrong_patient",
                              "bad_quantity", "nested_bundle"])


def _mutate(prefetch: dict[str, Any], how: str, junk: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(prefetch))
    if how == "drop_key":
        out.pop("conditions")
    elif how == "junk_entry":
        out["observations"]["entry"].append(junk)
    elif how == "bad_type":
        out["conditions"] = {"resourceType": "Spaceship", "id": "x"}
    elif how == "string_value":
        out["observations"] = junk if isinstance(junk, str) else "not a bundle"
    elif how == "wrong_patient":
        out["patient"]["id"] = "someone-else"
    elif how == "bad_quantity":
        out["observations"]["entry"].append({"resource": observation("q", "p1", "2823-3", 1, "mmol/L") | {
            "valueQuantity": {"value": junk if not isinstance(junk, (int, float)) else 1e308, "code": "mmol/L"}}})
    elif how == "nested_bundle":
        out["medicationStatements"] = {"resourceType": "Bundle", "entry": [{"resource": out["medicationStatements"]}]}
    return out


@pytest.mark.slow
@examples(40)
@given(profiles(), _MUTATIONS, st.one_of(st.none(), st.integers(), st.text(max_size=20),
                                         st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)))
def test_cds_random_bundles_never_give_a_500(server, keys, facts, how, junk):
    body = hook_body("patient-view", _mutate(prefetch_of(facts), how, junk))
    response = call(server, keys, cds.PATIENT_VIEW, body)
    assert response.status_code in (200, 400, 412), response.text
    if response.status_code == 200:
        check_cards(response)


def test_cds_insecure_dev_needs_no_token_and_binds_only_to_loopback(tmp_path):
    running = _Server(ServiceConfig(insecure_dev=True, feedback_log=tmp_path / "f.jsonl", as_of=AS_OF))
    try:
        response = running.client.post(f"/cds-services/{cds.PATIENT_VIEW}",
                                       json=hook_body("patient-view", prefetch_of({"symptoms": ["cramps"]})))
        check_cards(response)
    finally:
        running.stop()
    refused = CliRunner().invoke(cli, ["serve", "--insecure-dev", "--host", "0.0.0.0"])
    assert refused.exit_code == 2 and "--insecure-dev" in refused.output
    unauthenticated = CliRunner().invoke(cli, ["serve"])
    assert unauthenticated.exit_code == 2 and "--issuer" in unauthenticated.output


def test_cds_serve_without_the_extra_says_to_install_it():
    import subprocess
    import sys

    code = ("import sys; sys.modules['fastapi'] = None; from sorewhy.cli.main import main; "
            "sys.argv = ['sorewhy', 'serve', '--insecure-dev']; main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == "sorewhy: serve needs the optional extra: pip install 'sorewhy[server]'"

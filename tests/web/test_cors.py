"""CORS as Rasa's --cors: nothing by default, an allow-list of origins, or "*"."""

from __future__ import annotations

from qyzmet.settings import Settings

PORTAL = "https://portal.example.kz"
PREFLIGHT = {"Origin": PORTAL, "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type"}


def test_by_default_no_other_origin_may_call(serve):
    served = serve(Settings())
    status, body, headers = served.request("OPTIONS", "/webhooks/rest/webhook", headers=PREFLIGHT)
    assert status == 403 and PORTAL in body["error"] and "Access-Control-Allow-Origin" not in headers
    status, _, headers = served.request("POST", "/webhooks/rest/webhook", {"sender": "c-0", "message": "hi"},
                                        headers={"Origin": PORTAL})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers      # the browser hides the answer


def test_a_listed_origin_gets_a_preflight_and_answers_it_can_read(serve):
    served = serve(Settings(cors_origins=(PORTAL,)))
    status, _, headers = served.request("OPTIONS", "/webhooks/rest/webhook", headers=PREFLIGHT)
    assert status == 204 and headers["Access-Control-Allow-Origin"] == PORTAL
    assert "POST" in headers["Access-Control-Allow-Methods"] and "content-type" in headers["Access-Control-Allow-Headers"].lower()
    status, _, headers = served.request("POST", "/webhooks/rest/webhook", {"sender": "c-1", "message": "hi"},
                                        headers={"Origin": PORTAL})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == PORTAL and headers["Vary"] == "Origin"
    status, _, headers = served.request("OPTIONS", "/webhooks/rest/webhook",
                                        headers={**PREFLIGHT, "Origin": "https://elsewhere.example"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers


def test_a_star_lets_any_origin_call(serve):
    served = serve(Settings(cors_origins=("*",)))
    status, _, headers = served.request("OPTIONS", "/webhooks/rest/webhook",
                                        headers={**PREFLIGHT, "Origin": "https://any.example"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"


def test_a_bad_request_from_a_listed_origin_is_readable_too(serve):
    served = serve(Settings(cors_origins=(PORTAL,)))
    status, body, headers = served.request("POST", "/webhooks/rest/webhook", raw=b"not json", headers={"Origin": PORTAL})
    assert status == 400 and body["error"] and headers["Access-Control-Allow-Origin"] == PORTAL


def test_the_headers_a_page_asks_to_send_are_allowed_and_origins_compare_without_case(serve):
    served = serve(Settings.from_env({"CORS_ORIGINS": "https://Portal.Example.KZ/"}))
    status, _, headers = served.request("OPTIONS", "/webhooks/rest/webhook",
                                        headers={**PREFLIGHT, "Access-Control-Request-Headers": "content-type, x-requested-with"})
    assert status == 204 and headers["Access-Control-Allow-Headers"] == "content-type, x-requested-with"
    status, _, headers = served.request("POST", "/webhooks/rest/webhook", {"sender": "c-2", "message": "hi"},
                                        headers={"Origin": "https://other.example"})
    assert headers.get("Vary") == "Origin" and "Access-Control-Allow-Origin" not in headers   # caches keep them apart

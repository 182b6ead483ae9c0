import pytest

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    return {
        name: value.strip()
        for name, _, value in (part.strip().partition(" ") for part in response["Content-Security-Policy"].split(";"))
    }


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/v1/", "/api/schema/", "/api/docs/", "/no-such-page/"])
def test_every_response_carries_a_policy_allowing_only_this_site(client, path):
    csp = policy(client.get(path))
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"


def test_swagger_ui_loads_its_script_from_a_url_instead_of_inline(client):
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page
    assert 'src="/api/docs/?script="' in page
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_only_redoc_allows_inline_styles_and_a_blob_worker(client):
    redoc = client.get("/api/redoc/")
    assert "'unsafe-inline'" in policy(redoc)["style-src"]
    assert "blob:" in policy(redoc)["worker-src"]
    assert "fonts.googleapis.com" not in redoc.content.decode()
    assert "'unsafe-inline'" not in client.get("/api/docs/")["Content-Security-Policy"]


def test_the_browsable_api_allows_inline_styles_but_json_is_strict(client):
    html = client.get("/api/v1/summits/", HTTP_ACCEPT="text/html")
    assert "'unsafe-inline'" in policy(html)["style-src"]
    assert "'unsafe-inline'" not in policy(html)["script-src"]
    assert policy(client.get("/api/v1/summits/"))["style-src"] == "'self'"

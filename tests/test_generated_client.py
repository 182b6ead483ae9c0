"""A Python client generated from /api/schema/ by a generator nobody here wrote (openapi-python-client),
used against a live server: read a page, follow the change feed through an update and a deletion,
and write in bulk. If the schema misleads a stranger's tooling, this fails."""

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from tests import factories as f
from tests.api_helpers import anonymous, make_curator

GENERATOR = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent)) or shutil.which(
    "openapi-python-client"
)
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(GENERATOR is None, reason="openapi-python-client (requirements-dev.txt) is not installed"),
]


@pytest.fixture
def generated(tmp_path):
    schema = anonymous().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    (tmp_path / "schema.json").write_text(json.dumps(schema))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(
        [GENERATOR, "generate", "--path", "schema.json", "--output-path", "cainfo_client", "--meta", "none"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("cainfo_client")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.split(".")[0] == "cainfo_client"]:
            del sys.modules[name]


def follow(changes_list, client, since=None):
    entries, cursor = [], since
    while True:
        page = (
            changes_list.sync(client=client, since=cursor, limit=2)
            if cursor
            else changes_list.sync(client=client, limit=2)
        )
        entries += page.results
        cursor = page.cursor
        if not page.next_:
            return entries, cursor


def test_a_generated_client_reads_follows_the_change_feed_and_writes_in_bulk(generated, live_server):
    japan = f.make_actor(slug="japan", name="Japan")
    summit = f.make_summit(slug="tokyo", name="Tokyo Summit")
    f.make_participation(summit, japan)
    f.make_topic(slug="energy", name="Energy")
    f.make_topic(slug="water", name="Water")
    token = Token.objects.create(user=make_curator())
    from cainfo_client import AuthenticatedClient
    from cainfo_client.api.v1 import (
        changes_list,
        v1_summits_destroy,
        v1_summits_list,
        v1_summits_partial_update,
        v1_topics_bulk_partial_update,
    )
    from cainfo_client.models import PatchedSummitRequest, PatchedTopicRequest

    client = AuthenticatedClient(
        base_url=live_server.url, token=token.key, prefix="Token", raise_on_unexpected_status=True
    )

    page = v1_summits_list.sync(client=client, page_size=10)
    assert page.count == 1
    assert page.results[0].slug == "tokyo"
    assert page.results[0].participants[0].actor.slug == "japan"

    _, cursor = follow(changes_list, client)
    updated = v1_summits_partial_update.sync(client=client, slug="tokyo", body=PatchedSummitRequest(city="Tokyo"))
    assert updated.city == "Tokyo"
    assert v1_summits_destroy.sync_detailed(client=client, slug="tokyo").status_code == 204
    entries, _ = follow(changes_list, client, cursor)
    assert [(entry.type_, entry.action.value, entry.slug) for entry in entries] == [
        ("summit", "updated", "tokyo"),
        ("participation", "deleted", None),
        ("summit", "deleted", "tokyo"),
    ]
    assert entries[-1].url.endswith("/api/v1/summits/tokyo/")

    topics = v1_topics_bulk_partial_update.sync(
        client=client,
        body=[
            PatchedTopicRequest(slug="energy", name="Energy security"),
            PatchedTopicRequest(slug="water", name="H2O"),
        ],
    )
    assert [(topic.slug, topic.name) for topic in topics] == [("energy", "Energy security"), ("water", "H2O")]

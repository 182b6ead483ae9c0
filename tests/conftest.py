import pytest
from django.core.management import call_command


@pytest.fixture
def cainfo_data(db):
    """The fixtures transcribed from the AVİM analysis."""
    call_command("loaddata", "cainfo", verbosity=0)

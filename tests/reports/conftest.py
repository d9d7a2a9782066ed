import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Rendered PDFs go to a temporary media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"

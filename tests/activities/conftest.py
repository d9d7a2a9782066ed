import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads in these tests go to a temporary folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"

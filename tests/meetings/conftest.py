import pytest


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploaded files of these tests go to a temporary folder, never to var/private."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    return tmp_path / "private"

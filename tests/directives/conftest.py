import pytest


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Files of these tests (attachments, uploads waiting for confirmation) go to a folder of the
    test, never to the portal's var/private."""
    root = tmp_path / "private"
    root.mkdir()
    settings.PRIVATE_ROOT = root
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root

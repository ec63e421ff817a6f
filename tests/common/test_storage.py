"""Private storage: files under the folder a setting names, outside MEDIA_ROOT, with no URL."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from common.storage import PrivateStorage


class NotesStorage(PrivateStorage):
    """A private storage for the test, on a setting of its own."""

    setting = "TEST_PRIVATE_ROOT"


def test_files_go_to_the_folder_the_setting_names_at_the_time(settings, tmp_path) -> None:
    """The folder is read when the file is written, so a changed setting is followed."""
    storage = NotesStorage()
    settings.TEST_PRIVATE_ROOT = str(tmp_path / "first")
    first = storage.save("a.txt", ContentFile(b"one"))
    settings.TEST_PRIVATE_ROOT = str(tmp_path / "second")
    second = storage.save("a.txt", ContentFile(b"two"))
    assert (tmp_path / "first" / first).read_bytes() == b"one"
    assert (tmp_path / "second" / second).read_bytes() == b"two"
    assert not Path(storage.path(second)).is_relative_to(Path(settings.MEDIA_ROOT))


def test_a_private_file_has_no_url(settings, tmp_path) -> None:
    """Asking for a URL is an error: such files are streamed by a view that checks access."""
    settings.TEST_PRIVATE_ROOT = str(tmp_path)
    storage = NotesStorage()
    name = storage.save("b.txt", ContentFile(b"x"))
    with pytest.raises(ValueError, match="no public URL"):
        storage.url(name)


def test_a_name_is_never_overwritten(settings, tmp_path) -> None:
    """Saving twice under one name keeps both files."""
    settings.TEST_PRIVATE_ROOT = str(tmp_path)
    storage = NotesStorage()
    assert storage.save("c.txt", ContentFile(b"1")) != storage.save("c.txt", ContentFile(b"2"))

"""Uploaded import files waiting for their preview, confirmation or background import.

Each upload is kept under a random name in its own folder (settings.IMPORT_UPLOAD_ROOT, the
`import_export` storage), so every worker of the server reads the same files; an unconfirmed
upload is removed after UPLOAD_MAX_AGE seconds (when the next one is written).
"""

import re
import time

from import_export.tmp_storages import MediaStorage

UPLOAD_MAX_AGE = 2 * 60 * 60  # seconds an unconfirmed upload is kept
UPLOAD_NAME = re.compile(r"^[0-9a-f]{32}$")  # what MediaStorage names an upload (uuid4().hex)


class UploadStorage(MediaStorage):
    """Uploads waiting for confirmation, in the `import_export` storage (settings.STORAGES)."""

    def __init__(self, **kwargs):
        super().__init__(MEDIA_FOLDER="", **kwargs)

    def get_full_path(self):
        if not UPLOAD_NAME.match(self.name or ""):
            raise ValueError(f"not an upload name: {self.name!r}")
        return self.name

    @classmethod
    def remove_stale(cls) -> None:
        storage = cls()._storage
        cutoff = time.time() - UPLOAD_MAX_AGE
        try:
            names = storage.listdir("")[1]
        except FileNotFoundError:
            return
        for name in names:
            if UPLOAD_NAME.match(name) and storage.get_modified_time(name).timestamp() < cutoff:
                storage.delete(name)

"""Where uploaded files and rendered PDFs live: the local MEDIA_ROOT by default, S3-compatible
object storage (django-storages) when AWS_STORAGE_BUCKET_NAME is set, so that every web replica
and worker, on any machine, reads and writes the same files (deploy/, README section Several nodes).

Files are private: every download goes through a view that checks who asks (never a public URL),
and a name already taken gets a suffix instead of being overwritten, as on the filesystem. The
credentials come from the environment as boto3 reads them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
or the machine's role).
"""

from ..base import STORAGES as _LOCAL
from ..base import env

_bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")

if _bucket:
    STORAGES = {
        **_LOCAL,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": _bucket,
                "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
                "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
                "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
                "location": env.str("AWS_LOCATION", default=""),
                "default_acl": None,  # the bucket's own policy: private
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
else:
    STORAGES = _LOCAL

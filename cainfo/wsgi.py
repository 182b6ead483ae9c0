"""
WSGI config for cainfo project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cainfo.settings')

application = get_wsgi_application()

# The URLconf now, not on the first request. Everything loaded by now lives as long as the
# process: frozen, the garbage collector stops scanning it at every collection, about a tenth of
# a cache miss's time (BENCHMARKS.md). With gunicorn --preload the workers inherit it frozen.
get_resolver().resolve("/")
gc.freeze()

"""Pausing Python's garbage collector around work that builds many containers that stay alive."""

import contextlib
import gc


@contextlib.contextmanager
def collector_paused():
    """No garbage collection while the block runs; afterwards the collector is as it was.

    Work that builds thousands of containers which all stay alive (an export chunk's rows, an
    import's rows, records and results) sets off collections, a full one now and then over the
    whole heap, that find next to nothing to free. The little cyclic garbage made meanwhile is
    collected by the first collection after the block."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

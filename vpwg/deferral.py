"""Putting off derived work to the end of a bulk change, and doing it once.

A signal receiver that keeps derived data (the search index) does its work for every saved row. In a
bulk change, an import of a thousand rows, that is a thousand times the same kind of work, and often the
same rows again. Inside `deferring()`, such a receiver hands its work to `defer(handler, item)` instead;
when the outermost block ends, each handler runs once with every item noted, before the block's
transaction commits (the caller wraps the block in its atomic block), so the derived data is as current
at commit as if each change had done its part at once. Reads of the derived data inside the block see
it as it was before the block.

An exception leaving the block drops what was noted: the transaction it is in is being rolled back.

vpwg knows no app: the receivers (search/signals.py) call `defer`; the bulk writers
(exchange/services/imports.py) open the block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Handler = Callable[[list], None]

_pending: ContextVar[dict[Handler, list] | None] = ContextVar("vpwg_deferred_work", default=None)


@contextmanager
def deferring() -> Iterator[None]:
    """Within the block, `defer` collects work; at its end (the outermost one) each handler runs once."""
    if _pending.get() is not None:  # nested: the outermost block does the work
        yield
        return
    pending: dict[Handler, list] = {}
    token = _pending.set(pending)
    try:
        yield
        while pending:  # a handler's work may itself defer more (it runs outside the block then)
            handler = next(iter(pending))
            items = pending.pop(handler)
            _pending.set(None)
            try:
                handler(items)
            finally:
                _pending.set(pending)
    finally:
        _pending.reset(token)


def defer(handler: Handler, item) -> bool:
    """Note `item` for `handler` if a `deferring()` block is open (True); False: do the work now."""
    pending = _pending.get()
    if pending is None:
        return False
    pending.setdefault(handler, []).append(item)
    return True


def is_deferring() -> bool:
    return _pending.get() is not None
